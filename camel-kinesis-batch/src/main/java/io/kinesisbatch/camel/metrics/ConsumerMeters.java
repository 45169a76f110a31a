package io.kinesisbatch.camel.metrics;

import io.kinesisbatch.camel.consumer.ShardLane;

/**
 * The meters of one consumer and of each shard it holds. Shard meters read the snapshots a shard's lane publishes,
 * never the lane's own fields; the counters are told from the route's threads. Thread-safe.
 */
public interface ConsumerMeters extends AutoCloseable {

    /** The consumer took the lease of {@code lane}'s shard: one more takeover, and meters for that shard. */
    void shardStarted(ShardLane lane);

    /**
     * {@code lane} no longer holds its shard (finished, released, handed over or lost): its meters leave. Does nothing
     * when a newer lane of the same shard took over the meters meanwhile.
     *
     * @param handedOver the lane handed the shard to a worker that asked for it
     */
    void shardGone(ShardLane lane, boolean handedOver);

    /** {@code records} of {@code shardId} went to the route: {@code attempt} 1 the first time, more when redelivered. */
    void delivered(String shardId, int records, int attempt);

    /** The exchange of {@code records} of {@code shardId} failed; they will be delivered again. */
    void failed(String shardId, int records);

    /** The exchange of {@code records} of {@code shardId} failed and they were acknowledged anyway (skipped). */
    void skipped(String shardId, int records);

    /** Removes every meter of this consumer (it stopped). */
    @Override
    void close();
}
