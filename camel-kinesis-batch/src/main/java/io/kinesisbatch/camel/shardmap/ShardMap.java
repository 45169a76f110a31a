package io.kinesisbatch.camel.shardmap;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import software.amazon.awssdk.services.kinesis.model.Shard;

/**
 * Which open shard owns a hash key: the hash ranges of a stream's open shards, sorted, looked up by binary search.
 * Immutable, so one snapshot can be read by any thread and replaced whole when ListShards tells something new.
 * <p>
 * The shards given must not overlap (open shards never do); gaps are allowed, because a ListShards answer read in the
 * middle of a reshard may lack a child: a key in a gap has no predicted shard and the caller should refresh the map.
 */
public final class ShardMap {

    private final List<ShardHashRange> shards;
    private final BigInteger[] starts;

    private ShardMap(List<ShardHashRange> sorted) {
        this.shards = List.copyOf(sorted);
        this.starts = new BigInteger[sorted.size()];
        for (int i = 0; i < starts.length; i++) {
            starts[i] = sorted.get(i).range().start();
        }
    }

    /** A map of the given open shards; fails naming the shards when two overlap or an id repeats. */
    public static ShardMap of(Collection<ShardHashRange> openShards) {
        List<ShardHashRange> sorted = new ArrayList<>(openShards);
        sorted.sort(Comparator.comparing((ShardHashRange s) -> s.range().start()));
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < sorted.size(); i++) {
            ShardHashRange shard = sorted.get(i);
            if (!ids.add(shard.shardId())) {
                throw new IllegalArgumentException("Shard " + shard.shardId() + " appears twice in the shard map");
            }
            if (i > 0 && sorted.get(i - 1).range().overlaps(shard.range())) {
                ShardHashRange previous = sorted.get(i - 1);
                throw new IllegalArgumentException("Open shards " + previous.shardId() + " (" + previous.range()
                                                   + ") and " + shard.shardId() + " (" + shard.range()
                                                   + ") overlap: not a set of open shards");
            }
        }
        return new ShardMap(sorted);
    }

    /**
     * A map of the open shards among ListShards' answer (all its pages together): shards with an ending sequence
     * number are closed (parents of a reshard) and left out.
     */
    public static ShardMap ofListedShards(Collection<Shard> listed) {
        List<ShardHashRange> open = new ArrayList<>();
        for (Shard shard : listed) {
            boolean closed = shard.sequenceNumberRange() != null
                             && shard.sequenceNumberRange().endingSequenceNumber() != null;
            if (!closed) {
                if (shard.hashKeyRange() == null) {
                    throw new IllegalArgumentException(
                            "Shard " + shard.shardId() + " was listed without a hash key range");
                }
                open.add(ShardHashRange.of(shard.shardId(), shard.hashKeyRange().startingHashKey(),
                        shard.hashKeyRange().endingHashKey()));
            }
        }
        return of(open);
    }

    /** The open shard whose range holds the hash key, or empty when the key falls in a gap of this map. */
    public Optional<ShardHashRange> shardFor(BigInteger hashKey) {
        if (hashKey.signum() < 0 || hashKey.compareTo(HashKeys.MAX) > 0) {
            throw new IllegalArgumentException("A hash key lies in 0..2^128-1, not " + hashKey);
        }
        int low = 0;
        int high = starts.length - 1;
        int candidate = -1;
        while (low <= high) {
            int mid = (low + high) >>> 1;
            if (starts[mid].compareTo(hashKey) <= 0) {
                candidate = mid;
                low = mid + 1;
            } else {
                high = mid - 1;
            }
        }
        if (candidate < 0 || !shards.get(candidate).range().contains(hashKey)) {
            return Optional.empty();
        }
        return Optional.of(shards.get(candidate));
    }

    /** The shard a record with this partition key and (nullable) explicit hash key is predicted to land on. */
    public Optional<ShardHashRange> shardFor(String partitionKey, String explicitHashKey) {
        return shardFor(HashKeys.effective(partitionKey, explicitHashKey));
    }

    /** The shard with this id, if it is in the map. */
    public Optional<ShardHashRange> shard(String shardId) {
        return shards.stream().filter(s -> s.shardId().equals(shardId)).findFirst();
    }

    /** True when the shards cover every hash key 0..2^128-1 without a gap (a consistent ListShards answer). */
    public boolean coversAllHashKeys() {
        BigInteger next = BigInteger.ZERO;
        for (ShardHashRange shard : shards) {
            if (!shard.range().start().equals(next)) {
                return false;
            }
            next = shard.range().end().add(BigInteger.ONE);
        }
        return next.equals(HashKeys.MAX.add(BigInteger.ONE));
    }

    /** The shards, by starting hash key. */
    public List<ShardHashRange> shards() {
        return shards;
    }

    public int size() {
        return shards.size();
    }

    @Override
    public String toString() {
        return "ShardMap" + shards;
    }
}
