package io.kinesisbatch.camel.consumer;

import java.util.List;
import java.util.function.Consumer;

/** Where a {@link ShardWorker} hands its records: the route, in the component; a fake in tests. */
@FunctionalInterface
public interface RecordSink {

    /**
     * Processes consecutive records of one shard (one exchange). A record marked {@link ShardRecord#corrupt() corrupt}
     * comes alone and must fail (or be skipped under {@code skipFailedRecords}) like a failing exchange. Calls
     * {@code done} exactly once, from any thread:
     * {@code true} when they may be acknowledged, {@code false} when they must be delivered again.
     *
     * @param attempt 1 for the first delivery, then 2, 3, ... for redeliveries of the same records
     */
    void send(String shardId, List<ShardRecord> records, long millisBehindLatest, int attempt, Consumer<Boolean> done);
}
