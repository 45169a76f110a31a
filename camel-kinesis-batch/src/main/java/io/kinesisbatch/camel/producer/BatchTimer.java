package io.kinesisbatch.camel.producer;

import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * Pumps the pipeline when the next partial batch of the {@link Accumulator} becomes due by time alone (its head
 * record waited {@code batchTimeout}). At most one timer is pending, for the earliest deadline asked for.
 */
final class BatchTimer {

    private final Accumulator accumulator;
    private final ScheduledExecutorService scheduler;
    private final LongSupplier clock;
    private final Runnable pump;
    private final Object lock = new Object();
    /** Written under lock; read without it by {@link #arm} first. */
    private volatile boolean pending;
    private long deadline;

    BatchTimer(Accumulator accumulator, ScheduledExecutorService scheduler, LongSupplier clock, Runnable pump) {
        this.accumulator = accumulator;
        this.scheduler = scheduler;
        this.clock = clock;
        this.pump = pump;
    }

    /**
     * Arms the timer for the queue's next deadline, called after each drain. After a drain, the queue's head is due no
     * earlier than a timer already pending: records are appended with later deadlines, and records ready at once
     * (requeued, or flushing) were just drained unless every call is in flight, in which case the end of a call
     * pumps. So a pending timer needs no look at the queue (a lock taken on every exchange otherwise). Were that ever
     * wrong, a partial batch would wait for the pending timer, which re-arms: late, never stuck.
     */
    void arm() {
        if (pending) {
            return;
        }
        long next = accumulator.nextDeadline();
        if (next == Long.MAX_VALUE) {
            return;
        }
        synchronized (lock) {
            if (pending && deadline - next <= 0) {
                return;
            }
            pending = true;
            deadline = next;
        }
        try {
            scheduler.schedule(this::fire, Math.max(0, next - clock.getAsLong()), TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException stopping) {
            synchronized (lock) {
                pending = false;
            }
        }
    }

    private void fire() {
        synchronized (lock) {
            pending = false;
        }
        pump.run();
    }
}
