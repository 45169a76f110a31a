package io.kinesisbatch.camel.producer;

import java.util.List;

/**
 * Where the {@link Accumulator} keeps records until they are cut into a batch: one FIFO queue ({@link FifoQueue}), or
 * one queue per shard behind per-shard rate limits ({@link ShardQueues}, {@code shardRateLimit}). Confined to the
 * accumulator's lock; time is passed in (monotonic nanos).
 */
interface RecordQueue {

    /** Queues a new record at the tail (of its shard's queue). */
    void addLast(BufferedRecord record);

    /** Puts records back at the head (of their shards' queues), keeping their order. */
    void addFirst(List<BufferedRecord> records);

    int size();

    /** Bytes queued: data plus partition keys. */
    long bytes();

    /** The record whose {@code batchTimeout} ends first; null when empty. */
    BufferedRecord oldest();

    /**
     * Takes what one call of at most {@code maxRecords} and {@code maxBytes} may send now (records already done are
     * dropped); empty only when nothing may go now.
     */
    List<BufferedRecord> cut(int maxRecords, long maxBytes, long now);

    /** Nanos until a {@link #cut} could take something: 0 for a FIFO queue. */
    long nanosUntilSendable(long now);

    /** Every queued record (a copy). */
    List<BufferedRecord> queued();

    void clear();
}
