package io.kinesisbatch.camel.consumer;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Which shards may be read now: a pure function of the stream's shards, the shards at SHARD_END and the shards
 * already being read. The lease issue adds ownership to it; the lineage rule stays:
 * <ul>
 * <li>a shard at SHARD_END or already being read is not started again;</li>
 * <li>with an explicit {@code shardIds} list only those shards are candidates;</li>
 * <li>a child (of a split or merge) starts only once every parent that is still listed reached SHARD_END; a parent
 * that is no longer listed (beyond retention) or, with an explicit list, not in it, does not hold it back; nor does a
 * parent without a row while all its children have rows (its row was deleted after it was finished, as Benthos
 * does and as lease clean-up will);</li>
 * <li>a child whose parent is listed starts at its first record ({@link ReadyShard#fromStart()}) whatever the
 * iterator type.</li>
 * </ul>
 */
public final class ShardReadiness {

    /** A shard as ListShards describes it; parent ids may be null. */
    public record ShardInfo(String shardId, String parentShardId, String adjacentParentShardId) {

        Stream<String> parents() {
            return Stream.of(parentShardId, adjacentParentShardId).filter(p -> p != null);
        }
    }

    /** A shard to start; {@code fromStart}: at TRIM_HORIZON when it has no checkpoint, whatever iteratorType says. */
    public record ReadyShard(String shardId, boolean fromStart) {
    }

    private ShardReadiness() {
    }

    /**
     * @param shards   every shard ListShards returned
     * @param finished shards at SHARD_END in the checkpoint store
     * @param withRow  shards that have a row in the checkpoint store
     * @param active   shards this consumer reads or has finished already
     * @param explicit the {@code shardIds} option, or null for all shards
     */
    public static List<ReadyShard> readyShards(List<ShardInfo> shards, Set<String> finished, Set<String> withRow,
            Set<String> active, Set<String> explicit) {
        Map<String, ShardInfo> listed = shards.stream()
                .collect(Collectors.toMap(ShardInfo::shardId, Function.identity(), (a, b) -> a));
        Set<String> done = new HashSet<>(finished);
        for (ShardInfo parent : shards) {
            List<String> children = shards.stream()
                    .filter(s -> s.parents().anyMatch(parent.shardId()::equals)).map(ShardInfo::shardId).toList();
            if (!withRow.contains(parent.shardId()) && !children.isEmpty() && withRow.containsAll(children)) {
                done.add(parent.shardId());
            }
        }
        List<ReadyShard> ready = new ArrayList<>();
        for (ShardInfo shard : shards) {
            String id = shard.shardId();
            if (done.contains(id) || active.contains(id) || (explicit != null && !explicit.contains(id))) {
                continue;
            }
            List<String> relevantParents = shard.parents()
                    .filter(listed::containsKey)
                    .filter(p -> explicit == null || explicit.contains(p))
                    .toList();
            if (relevantParents.stream().allMatch(done::contains)) {
                ready.add(new ReadyShard(id, !relevantParents.isEmpty()));
            }
        }
        return ready;
    }
}
