package io.kinesisbatch.camel.producer;

import java.util.List;
import java.util.function.Supplier;

import io.kinesisbatch.camel.shardmap.ShardMap;

/**
 * Predicts the shard of each record as it is handed to the pipeline (on the caller's thread, before the accumulator's
 * lock: an MD5 per record), from the latest shard map; and asks for a new map when a reply or a key shows the map is
 * out of date. Thread-safe: the map is read whole, the refresh joins one in flight.
 */
final class ShardPrediction {

    private final Supplier<ShardMap> map;
    private final boolean placeRandomKeys;
    private final Runnable refresh;

    /**
     * @param map             the latest map (null while none was read)
     * @param placeRandomKeys records with producer-made keys wait to be placed on a shard with tokens instead
     * @param refresh         asks for a new listing (a no-op while one is in flight)
     */
    ShardPrediction(Supplier<ShardMap> map, boolean placeRandomKeys, Runnable refresh) {
        this.map = map;
        this.placeRandomKeys = placeRandomKeys;
        this.refresh = refresh;
    }

    void predict(List<BufferedRecord> records) {
        ShardMap current = map.get();
        boolean gap = false;
        for (BufferedRecord r : records) {
            String shard = ShardQueues.predict(r, current, placeRandomKeys);
            r.shard(shard);
            gap |= current != null && shard == null;
        }
        if (gap) {
            refresh.run(); // a key in a gap: the listing was read in the middle of a reshard
        }
    }

    void mapIsStale() {
        refresh.run();
    }
}
