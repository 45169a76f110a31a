package io.kinesisbatch.camel.producer.aggregation;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;

import io.kinesisbatch.camel.aggregation.Aggregate;
import io.kinesisbatch.camel.shardmap.HashKeyRange;
import io.kinesisbatch.camel.shardmap.ShardMap;
import software.amazon.awssdk.services.kinesis.model.Shard;

/**
 * One ListShards answer as the producer uses it: the open shards, to predict where a message lands, and the hash
 * key ranges of all listed shards, open and closed, to judge where an aggregate did land (the shard it landed on
 * may have been closed by a further reshard since). Pure and immutable.
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

    /**
     * True when a consumer of {@code shardId} that applies KCL's hash-range rule reads every record of the aggregate:
     * the shard's range holds all their hash keys. False also when the shard is not in this listing (resending is
     * the choice that loses nothing).
     */
    public boolean holdsAll(String shardId, Aggregate aggregate) {
        HashKeyRange range = ranges.get(shardId);
        return range != null && aggregate.fitsWithin(range);
    }
}
