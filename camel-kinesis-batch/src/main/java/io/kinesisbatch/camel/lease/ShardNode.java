package io.kinesisbatch.camel.lease;

import java.util.List;
import java.util.Objects;

/**
 * One shard as ListShards describes it: its id, its parents (none; one after a split; two after a merge) and whether
 * it is closed (has an ending sequence number).
 */
public record ShardNode(String shardId, List<String> parentShardIds, boolean closed) {

    public ShardNode {
        Objects.requireNonNull(shardId, "shardId");
        parentShardIds = parentShardIds == null ? List.of() : List.copyOf(parentShardIds);
    }

    /** An open shard without parents. */
    public static ShardNode root(String shardId) {
        return new ShardNode(shardId, List.of(), false);
    }

    /** Parents from the two ListShards fields, either of which may be null. */
    public static ShardNode of(String shardId, String parentShardId, String adjacentParentShardId, boolean closed) {
        return new ShardNode(shardId,
                java.util.stream.Stream.of(parentShardId, adjacentParentShardId).filter(Objects::nonNull).toList(),
                closed);
    }
}
