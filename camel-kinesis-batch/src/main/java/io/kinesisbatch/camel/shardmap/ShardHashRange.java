package io.kinesisbatch.camel.shardmap;

import java.util.Objects;

/** One open shard as ListShards describes it: its id and the hash keys it owns. Plain data, immutable. */
public record ShardHashRange(String shardId, HashKeyRange range) {

    public ShardHashRange {
        if (shardId == null || shardId.isEmpty()) {
            throw new IllegalArgumentException("A shard needs an id");
        }
        Objects.requireNonNull(range, "range");
    }

    /** From ListShards' strings: shard id, starting and ending hash key. */
    public static ShardHashRange of(String shardId, String startingHashKey, String endingHashKey) {
        return new ShardHashRange(shardId, HashKeyRange.parse(startingHashKey, endingHashKey));
    }
}
