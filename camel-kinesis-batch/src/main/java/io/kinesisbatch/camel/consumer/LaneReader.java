package io.kinesisbatch.camel.consumer;

import java.util.Deque;

import io.kinesisbatch.camel.checkpoint.SequencePosition;

/**
 * The reading part of a {@link ShardLane}: where the shard's records come from. {@link LaneReading} polls with
 * GetRecords; {@link FanOutReading} subscribes (enhanced fan-out). Either way the lane hands out what was
 * {@link #fetched()}, within its window, and asks for more ({@link #poll()}) only once all of it went out, so a reader
 * never holds more than one answer beyond the window. Confined to the lane's loop, like the lane.
 */
interface LaneReader {

    /** Builds a lane's reader once the lane has its loop and health. */
    @FunctionalInterface
    interface Factory {
        LaneReader create(ShardLane lane, LaneExecutor loop, ShardHealth health, ConsumerSettings settings);
    }

    /**
     * Opens the shard after {@code checkpoint} (at its start when null; at its first record when {@code fromStart});
     * calls {@link ShardLane#startedReading()} once records can come.
     */
    void open(ConsumerSettings settings, SequencePosition checkpoint, boolean fromStart);

    /** Records read and not handed out yet, in shard order. */
    Deque<ShardRecord> fetched();

    /** Nothing fetched waits, nothing is asked for already and the shard is still open: time to ask for more. */
    boolean wantsPoll();

    /** Asks for the next records; the answer comes back as a lane event. */
    void poll();

    /** Every record of the closed shard was read and handed out. */
    boolean atShardEnd();

    /** The position of the last record read, or null. */
    SequencePosition lastFetched();

    long millisBehindLatest();

    /** Stops reading for good (the lane drains or ends): drops what was not handed out, read again later. */
    void clear();
}
