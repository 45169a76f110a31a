package io.kinesisbatch.camel.producer;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What one call tells the per-shard limits, gathered while its reply is sorted (confined to that thread) and handed to
 * the {@link Accumulator} in one go: per shard the entries accepted and throttled, and whether an accepted entry
 * landed on another shard than it was queued for (the shard map is stale). Also the true cost of a packed call per
 * shard, which corrects the buckets that admitted its messages by their bytes alone.
 */
final class ShardTally {

    private final Map<String, int[]> entries = new HashMap<>();
    private boolean stale;

    /** Entry {@code entry} was written to {@code landedShard}. */
    void accepted(OutgoingBatch batch, int entry, String landedShard) {
        String shard = shardOf(batch, entry);
        if (shard != null) {
            entries.computeIfAbsent(shard, s -> new int[2])[0]++;
            if (landedShard != null && !landedShard.equals(shard)) {
                stale = true;
            }
        }
    }

    /** Entry {@code entry} came back with ProvisionedThroughputExceeded. */
    void throttled(OutgoingBatch batch, int entry) {
        String shard = shardOf(batch, entry);
        if (shard != null) {
            entries.computeIfAbsent(shard, s -> new int[2])[1]++;
        }
    }

    /** Per shard: {accepted, throttled}. */
    Map<String, int[]> entriesByShard() {
        return entries;
    }

    /** True when an accepted entry landed on another shard than it was queued for. */
    boolean stale() {
        return stale;
    }

    /**
     * What a packed call costs each shard beyond what its messages took when cut (their bytes, no record): one record
     * and the aggregate's own size per entry, minus the messages' bytes; the bytes of messages left over for a later
     * call are given back (they are taken again when cut again).
     *
     * @return per shard {records, bytes}
     */
    static Map<String, double[]> correction(OutgoingBatch batch) {
        Map<String, double[]> cost = new HashMap<>();
        for (int i = 0; i < batch.entryCount(); i++) {
            String shard = shardOf(batch, i);
            if (shard != null) {
                double[] c = cost.computeIfAbsent(shard, s -> new double[2]);
                c[0] += 1;
                c[1] += batch.entrySize(i);
                for (int j = 0; j < batch.recordCount(i); j++) {
                    c[1] -= batch.record(i, j).size();
                }
            }
        }
        List<BufferedRecord> leftOver = batch.leftOver();
        for (BufferedRecord r : leftOver) {
            String shard = queuedShard(r);
            if (shard != null) {
                cost.computeIfAbsent(shard, s -> new double[2])[1] -= r.size();
            }
        }
        return cost;
    }

    /** The shard an entry was queued (and rate limited) under: its first record's; null when not limited. */
    private static String shardOf(OutgoingBatch batch, int entry) {
        return queuedShard(batch.record(entry, 0));
    }

    private static String queuedShard(BufferedRecord r) {
        String shard = r.shard();
        return shard == null || shard == BufferedRecord.ANY_SHARD ? null : shard;
    }
}
