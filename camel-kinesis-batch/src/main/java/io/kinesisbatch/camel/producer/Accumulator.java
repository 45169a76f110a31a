package io.kinesisbatch.camel.producer;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

/**
 * Collects the records of concurrent callers into PutRecords batches, and bounds the memory they hold. Pure: no I/O,
 * no threads of its own, time passed in (monotonic nanos), so every limit is unit-tested directly.
 * <p>
 * <b>Memory.</b> Callers {@link #reserve} the bytes of a whole exchange before handing its records over; the bytes are
 * {@link #release}d when each record reaches its final outcome. With {@code block}, a caller waits for room; an
 * exchange larger than the whole bound is let in when nothing else is buffered (it could never fit otherwise). The
 * bound ({@link BufferRoom}) has a lock of its own.
 * <p>
 * <b>Batches.</b> Records wait in a {@link RecordQueue}: one FIFO queue, or one per shard behind per-shard rate limits
 * ({@link ShardQueues}); {@link BatchCutter} decides when a batch is cut and how large. Records given back for a
 * retry go to the head (of their shard's queue), ready at once. The per-shard state is confined to this lock like the
 * queue: replies, corrections and new shard maps reach it through methods of this class.
 * <p>
 * <b>Tracking.</b> Every record handed over is, until its final outcome, either queued or handed out
 * ({@link HandedOutRecords}: sent, waiting for a retry, held for a check); {@link #takeAll()} returns them all, so stop
 * can fail what is left.
 */
public final class Accumulator {

    /** Outcome of {@link #reserve}. */
    public enum Reservation {
        OK,
        /** Full and {@code block} was not asked for. */
        FULL,
        /** Closed (the producer is stopping), or the waiting thread was interrupted. */
        CLOSED
    }

    /** What the accumulator holds at one moment. */
    public record Snapshot(int bufferedRecords, long bufferedBytes, int queuedRecords, long queuedBytes,
                           int callsInFlight) {
    }

    private final BufferRoom room;

    private final ReentrantLock lock = new ReentrantLock();
    private final RecordQueue queue;
    /** When batches are cut from the queue: readiness, calls in flight, flushing. */
    private final BatchCutter cutter;
    /** The queue when it is per shard; null without rate limits. */
    private final ShardQueues shards;
    /** Batches sent and not finished, and groups of records waiting for a retry (by identity). */
    private final HandedOutRecords handedOut = new HandedOutRecords();
    /** Set by {@link #stop()}: the pipeline closed for good, records handed over later are refused. */
    private boolean stopped;
    /** {@link #nextDeadline(long)} as of the latest drain, for the batch timer to read without the lock. */
    private volatile long plannedDeadline = Long.MAX_VALUE;

    /** An accumulator whose buffer bound counts data and partition keys only (no per-record overhead). */
    public Accumulator(int maxRecords, long maxBytes, long lingerNanos, int maxInFlight, long maxBufferedBytes) {
        this(maxRecords, maxBytes, lingerNanos, maxInFlight, maxBufferedBytes, 0);
    }

    /**
     * @param recordOverheadBytes what one accepted record costs in memory besides its data and key (the exchange
     *                            waiting for it, the SDK entry, the objects tracking it): charged to the buffer bound
     *                            only, never to the PutRecords size limit
     */
    public Accumulator(int maxRecords, long maxBytes, long lingerNanos, int maxInFlight, long maxBufferedBytes,
                       int recordOverheadBytes) {
        this(maxRecords, maxBytes, lingerNanos, maxInFlight, maxBufferedBytes, recordOverheadBytes, null);
    }

    /** @param shards per-shard queues and rate limits; null for one FIFO queue ({@code shardRateLimit=0}) */
    Accumulator(int maxRecords, long maxBytes, long lingerNanos, int maxInFlight, long maxBufferedBytes,
                int recordOverheadBytes, ShardQueues shards) {
        this.shards = shards;
        this.queue = shards != null ? shards : new FifoQueue();
        this.cutter = new BatchCutter(queue, maxRecords, maxBytes, lingerNanos, maxInFlight);
        this.room = new BufferRoom(maxBufferedBytes, recordOverheadBytes);
    }

    /**
     * Takes room for {@code records} records of {@code bytes} bytes in all. {@code block}: waits until there is room
     * (or the accumulator closes, or the thread is interrupted: then CLOSED, with the interrupt flag kept).
     */
    public Reservation reserve(long dataBytes, int records, boolean block) {
        return room.reserve(dataBytes, records, block);
    }

    /** Gives back the room of records that reached their final outcome. */
    public void release(long dataBytes, int records) {
        room.release(dataBytes, records);
    }

    /** Queues a new record; it is ready to go alone after {@code linger}. */
    public void append(BufferedRecord record, long now) {
        lock.lock();
        try {
            cutter.addLast(record, now);
        } finally {
            lock.unlock();
        }
    }

    /**
     * Queues the records of one exchange, like {@link #append}, and returns the batches to send now, like
     * {@link #drain}: one lock for both, on the path every exchange takes.
     *
     * @return null, queuing nothing, once the accumulator {@link #stop stopped}: the clients may be closed already
     */
    public List<List<BufferedRecord>> appendAndDrain(List<BufferedRecord> records, long now) {
        lock.lock();
        try {
            if (stopped) {
                return null;
            }
            for (BufferedRecord r : records) {
                cutter.addLast(r, now);
            }
            return drainLocked(now);
        } finally {
            lock.unlock();
        }
    }

    /**
     * Puts records back at the head of the queue, in their order, ready at once (they already waited a backoff); a
     * group given to {@link #callFinished} to retry is then no longer tracked as waiting. Records already done are
     * dropped.
     */
    public void requeue(List<BufferedRecord> records, long now) {
        lock.lock();
        try {
            handedOut.remove(records);
            List<BufferedRecord> back = new ArrayList<>(records.size());
            for (BufferedRecord r : records) {
                if (!r.isDone()) {
                    back.add(r);
                }
            }
            cutter.addFirst(back, now);
        } finally {
            lock.unlock();
        }
    }

    /**
     * A cut batch was packed and only {@code sent} of it goes in the call: {@code sent} is tracked in its place, and
     * {@code leftOver} goes back to the head of the queue, in order, ready at once.
     */
    public void trimmed(List<BufferedRecord> cut, List<BufferedRecord> sent, List<BufferedRecord> leftOver, long now) {
        lock.lock();
        try {
            trimmedLocked(cut, sent, leftOver, now);
        } finally {
            lock.unlock();
        }
    }

    private void trimmedLocked(List<BufferedRecord> cut, List<BufferedRecord> sent, List<BufferedRecord> leftOver,
                               long now) {
        handedOut.remove(cut);
        handedOut.add(sent);
        cutter.addFirst(leftOver, now);
    }

    /**
     * A cut batch was packed into {@code batch} (KPL aggregation). With per-shard limits, what the call really costs
     * each shard ({@link ShardTally#correction}) is charged first, under this lock, from the shards its records were
     * cut under: its left-over records are shard queue state again once they are back in the queue, where a new
     * shard map may predict them anew. Then, when some records were left over, as {@link #trimmed}.
     */
    void packed(List<BufferedRecord> cut, OutgoingBatch batch, long now) {
        lock.lock();
        try {
            if (shards != null) {
                shards.charge(ShardTally.correction(batch));
            }
            if (!batch.leftOver().isEmpty()) {
                trimmedLocked(cut, batch.sent(), batch.leftOver(), now);
            }
        } finally {
            lock.unlock();
        }
    }

    /** Tracks records written but held for a check until they are {@link #requeue}d (the done ones are dropped). */
    public void hold(List<BufferedRecord> held) {
        lock.lock();
        try {
            handedOut.add(held);
        } finally {
            lock.unlock();
        }
    }

    /**
     * The batches to send now; each counts as a call in flight until {@link #callFinished()}. Records already done
     * (failed at stop) are dropped.
     */
    public List<List<BufferedRecord>> drain(long now) {
        lock.lock();
        try {
            return drainLocked(now);
        } finally {
            lock.unlock();
        }
    }

    private List<List<BufferedRecord>> drainLocked(long now) {
        List<List<BufferedRecord>> batches = cutter.cut(now);
        for (List<BufferedRecord> batch : batches) {
            handedOut.add(batch);
        }
        plannedDeadline = cutter.nextDeadline(now);
        return batches;
    }

    /**
     * A call returned (whatever its outcome): one more may go. {@code retry} (the records of the batch to send again,
     * possibly empty) stays tracked until it is {@link #requeue}d.
     */
    public void callFinished(List<BufferedRecord> batch, List<BufferedRecord> retry) {
        lock.lock();
        try {
            cutter.callFinished();
            handedOut.callFinished(batch, retry);
        } finally {
            lock.unlock();
        }
    }

    /**
     * When the next batch becomes ready by time alone (monotonic nanos): its oldest record's linger, or when its
     * shard has tokens; {@link Long#MAX_VALUE} when nothing is queued or no call may start anyway (the end of a call
     * triggers the next look).
     */
    public long nextDeadline(long now) {
        lock.lock();
        try {
            return cutter.nextDeadline(now);
        } finally {
            lock.unlock();
        }
    }

    /** {@link #nextDeadline(long)} as of the latest drain, read without the lock (the batch timer's fast path). */
    long plannedDeadline() {
        return plannedDeadline;
    }

    /** From now on every queued record is ready at once (stop: send everything). */
    public void flushAll() {
        lock.lock();
        try {
            cutter.flushAll();
        } finally {
            lock.unlock();
        }
    }

    /** No new reservations; threads waiting for room are woken and get CLOSED. */
    public void close() {
        flushAll();
        room.close();
    }

    /**
     * Every record handed over and not yet known to be done: queued, sent or waiting for a retry (stop fails them).
     * Empties the queue and forgets them all.
     */
    public List<BufferedRecord> takeAll() {
        lock.lock();
        try {
            List<BufferedRecord> left = notDoneLocked();
            queue.clear();
            handedOut.clear();
            return left;
        } finally {
            lock.unlock();
        }
    }

    /**
     * The pipeline is closed for good (its clients close next): from now on {@link #appendAndDrain} refuses records
     * (a caller that reserved room before {@link #close} and hands its records over only after the shutdown
     * timeout). Returns and forgets every record not yet done, as {@link #takeAll()}.
     */
    public List<BufferedRecord> stop() {
        lock.lock();
        try {
            stopped = true;
            return takeAll();
        } finally {
            lock.unlock();
        }
    }

    /** Every record handed over and not yet done (queued, sent or waiting for a retry); a copy, nothing forgotten. */
    public List<BufferedRecord> outstanding() {
        lock.lock();
        try {
            return notDoneLocked();
        } finally {
            lock.unlock();
        }
    }

    private List<BufferedRecord> notDoneLocked() {
        List<BufferedRecord> left = queue.queued();
        left.removeIf(BufferedRecord::isDone);
        handedOut.addNotDoneTo(left);
        return left;
    }

    /** Waits until every reserved record has been released; false when the timeout ran out first. */
    public boolean awaitEmpty(long timeout, TimeUnit unit) throws InterruptedException {
        return room.awaitEmpty(timeout, unit);
    }

    public Snapshot snapshot() {
        lock.lock();
        try {
            return new Snapshot(room.bufferedRecords(), room.bufferedBytes(), queue.size(), queue.bytes(),
                    cutter.inFlight());
        } finally {
            lock.unlock();
        }
    }

    // ------------------------------------------------------------- per-shard limits (no-ops without them)

    /** True when records are queued per shard behind rate limits. */
    boolean limitsShards() {
        return shards != null;
    }

    /**
     * Runs {@code task} on the per-shard queues under this lock, where they are confined: a reply's entries per shard,
     * the true cost of a packed call, a new shard map. Nothing without rate limits.
     */
    void onShards(Consumer<ShardQueues> task) {
        if (shards == null) {
            return;
        }
        lock.lock();
        try {
            task.accept(shards);
        } finally {
            lock.unlock();
        }
    }

    /** Per shard: queued records, allowance and entry counts; empty without rate limits. */
    List<ShardStatus> shardStatuses() {
        if (shards == null) {
            return List.of();
        }
        lock.lock();
        try {
            return shards.statuses();
        } finally {
            lock.unlock();
        }
    }
}
