package io.kinesisbatch.camel.shardmap;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;

import software.amazon.awssdk.services.kinesis.model.Shard;

/**
 * One ListShards answer as the producer uses it: the open shards, to predict where a message lands, and the hash
 * key ranges of all listed shards, open and closed, to judge where an aggregate did land (the shard it landed on
 * may have been closed by a further reshard since). Pure and immutable; knows nothing of aggregates.
 */
public record ShardListing(ShardMap openShards, Map<String, HashKeyRange> ranges) {

    public ShardListing {
        ranges = Map.copyOf(ranges);
    }

    public static ShardListing of(Collection<Shard> listed) {
        Map<String, HashKeyRange> ranges = new HashMap<>();
        for (Shard s : listed) {
            if (s.hashKeyRange() != null) {
                ranges.put(s.shardId(), HashKeyRange.parse(s.hashKeyRange().startingHashKey(),
                        s.hashKeyRange().endingHashKey()));
            }
        }
        return new ShardListing(ShardMap.ofListedShards(listed), ranges);
    }

    /** The hash key range of a listed shard, open or closed; null when the shard is not in this listing. */
    public HashKeyRange range(String shardId) {
        return ranges.get(shardId);
    }
}
