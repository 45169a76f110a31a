package io.kinesisbatch.camel.producer;

import java.util.Locale;

/**
 * One shard as the producer's per-shard limits see it ({@code shardRateLimit}), for health checks and JMX.
 *
 * @param queuedRecords    records waiting in the shard's queue
 * @param allowance        the share of the configured limit the producer allows itself now (1 = all of it; lowered
 *                         by throttled entries, grown back by accepted ones)
 * @param recordsPerSecond the records per second that allowance stands for
 * @param acceptedEntries  entries sent to the shard and accepted, since start
 * @param throttledEntries entries sent to the shard and throttled, since start
 */
public record ShardStatus(String shardId, int queuedRecords, double allowance, double recordsPerSecond,
                          long acceptedEntries, long throttledEntries) {

    /** One line: {@code shardId queued=3 allowance=85.0% (850 records/s) accepted=1200 throttled=4}. */
    public String describe() {
        return String.format(Locale.ROOT, "%s queued=%d allowance=%.1f%% (%.0f records/s) accepted=%d throttled=%d",
                shardId, queuedRecords, 100 * allowance, recordsPerSecond, acceptedEntries, throttledEntries);
    }
}
