package io.kinesisbatch.camel.consumer;

import java.time.Instant;

/**
 * What a shard worker looked like at one moment: read by health checks and JMX, never by calling AWS.
 *
 * @param state              INITIALIZING, PROCESSING, SHARD_END, SHUTTING_DOWN or STOPPED
 * @param millisBehindLatest from the last GetRecords answer (-1 before the first)
 * @param lastSuccessfulPoll when GetRecords last succeeded, or null
 * @param checkpoint         the position last written to the store, or null
 * @param recordsInFlight    records handed out and not yet behind the checkpoint
 * @param lastError          the last AWS error since the last success, or null
 */
public record ShardSnapshot(String shardId, ShardWorker.State state, long millisBehindLatest,
        Instant lastSuccessfulPoll, String checkpoint, int recordsInFlight, String lastError) {
}
