package io.kinesisbatch.camel.consumer;

import java.util.List;
import java.util.function.Consumer;

/**
 * Where the shard lanes hand their records: the route, in the component; a fake in tests. Also told when a lane takes
 * or leaves its shard (for the meters).
 */
@FunctionalInterface
public interface RecordSink {

    /** {@code lane} took the lease of its shard and starts. */
    default void shardStarted(ShardLane lane) {}

    /** {@code lane} no longer holds its shard; called on the lane. {@code handedOver}: to a worker that asked. */
    default void shardGone(ShardLane lane, boolean handedOver) {}

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
