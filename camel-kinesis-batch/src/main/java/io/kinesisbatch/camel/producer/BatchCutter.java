package io.kinesisbatch.camel.producer;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * When a batch may be cut from the queue, and how large: a batch is cut when the queue holds a full one
 * ({@code maxRecords}, or {@code maxBytes} of data plus partition keys), when its oldest record has waited
 * {@code linger}, or always while flushing; only while fewer than {@code maxInFlight} calls are outstanding, and, with
 * rate limits, only from shards with tokens. Owns the queue's order of readiness (when each record may go alone), the
 * count of calls in flight and the flushing switch. Pure, and confined to the {@link Accumulator}'s lock like the
 * queue it cuts from.
 */
final class BatchCutter {

    private final RecordQueue queue;
    private final int maxRecords;
    private final long maxBytes;
    private final long lingerNanos;
    private final int maxInFlight;
    private int inFlight;
    private boolean flushing;

    BatchCutter(RecordQueue queue, int maxRecords, long maxBytes, long lingerNanos, int maxInFlight) {
        this.queue = queue;
        this.maxRecords = maxRecords;
        this.maxBytes = maxBytes;
        this.lingerNanos = lingerNanos;
        this.maxInFlight = maxInFlight;
    }

    /** Queues a new record, ready to go alone after {@code linger}. */
    void addLast(BufferedRecord record, long now) {
        record.readyAt(now + lingerNanos);
        queue.addLast(record);
    }

    /** Puts records back at the head of the queue, in their order, ready at once. */
    void addFirst(List<BufferedRecord> records, long now) {
        for (BufferedRecord r : records) {
            r.readyAt(now);
        }
        queue.addFirst(records);
    }

    /**
     * The batches to send now; each counts as a call in flight until {@link #callFinished()}. Records already done
     * (failed at stop) are dropped.
     */
    List<List<BufferedRecord>> cut(long now) {
        List<List<BufferedRecord>> batches = List.of();
        while (inFlight < maxInFlight && queue.size() > 0 && headReady(now)) {
            List<BufferedRecord> batch = queue.cut(maxRecords, maxBytes, now);
            if (batch.isEmpty()) {
                if (queue.size() == 0 || queue.nanosUntilSendable(now) > 0) {
                    break; // nothing left, or what is left waits for its shard's tokens
                }
                continue; // only records already done were taken
            }
            if (batches.isEmpty()) {
                batches = new ArrayList<>(2);
            }
            inFlight++;
            batches.add(batch);
        }
        return batches;
    }

    private boolean headReady(long now) {
        return flushing || queue.size() >= maxRecords || queue.bytes() >= maxBytes
               || queue.oldest().readyAt() - now <= 0;
    }

    /** A call returned: one more may go. */
    void callFinished() {
        inFlight--;
    }

    int inFlight() {
        return inFlight;
    }

    /**
     * When the next batch becomes ready by time alone (monotonic nanos): its oldest record's linger, or when its
     * shard has tokens; {@link Long#MAX_VALUE} when nothing is queued or no call may start anyway (the end of a call
     * triggers the next look).
     */
    long nextDeadline(long now) {
        if (queue.size() == 0 || inFlight >= maxInFlight) {
            return Long.MAX_VALUE;
        }
        long deadline = headReady(now) ? now : queue.oldest().readyAt();
        long wait = Math.min(queue.nanosUntilSendable(now), TimeUnit.SECONDS.toNanos(60));
        if (wait > 0 && (now + wait) - deadline > 0) {
            deadline = now + wait;
        }
        return deadline;
    }

    /** From now on every queued record is ready at once (stop: send everything). */
    void flushAll() {
        flushing = true;
    }
}
