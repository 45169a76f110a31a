package io.kinesisbatch.itest.bench;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongConsumer;

/**
 * Counts a run's records and measures its steady part: from its first record to its last. A side's start-up and stop
 * (a CamelContext, SDK clients, a lease table, threads) are then left out of its CPU per record, which is what a
 * per-record target is about; {@link Measurement#of} measures the whole run. Records are counted as each side hands
 * them on ({@link #accept}: 1 per record, or a List body's size); the first count and the one that reaches the total
 * each take a {@link Measurement.Point}.
 */
final class RecordSpan implements LongConsumer {

    private final long total;
    private final AtomicLong seen = new AtomicLong();
    private volatile Measurement.Point first;
    private volatile long firstCount;
    private volatile Measurement.Point last;
    private final CountDownLatch reached = new CountDownLatch(1);

    RecordSpan(long total) {
        this.total = total;
    }

    long total() {
        return total;
    }

    long seen() {
        return seen.get();
    }

    /** {@code n} more records handed on. */
    @Override
    public void accept(long n) {
        long before = seen.getAndAdd(n);
        if (before == 0) {
            firstCount = n;
            first = Measurement.Point.now();
        }
        if (before < total && before + n >= total) {
            last = Measurement.Point.now();
            reached.countDown();
        }
    }

    /** Waits until the total was counted (without polling: a waiting thread costs nothing); false on timeout. */
    boolean awaitTotal(long timeout, TimeUnit unit) throws InterruptedException {
        return reached.await(timeout, unit);
    }

    /** The records after the first count up to the last, and what they cost; the run must have reached its total. */
    Measurement steady() {
        Measurement.Point from = first;
        Measurement.Point to = last;
        if (from == null || to == null) {
            throw new IllegalStateException("the run counted " + seen.get() + " of " + total + " records");
        }
        return Measurement.between(total - firstCount, from, to);
    }
}
