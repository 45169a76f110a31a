package io.kinesisbatch.camel.producer;

import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * Pumps the pipeline when the next partial batch of the {@link Accumulator} becomes due by time alone (its oldest
 * record waited {@code batchTimeout}, or a shard waiting for tokens has them again).
 */
final class BatchTimer {

    private final Accumulator accumulator;
    private final ScheduledExecutorService scheduler;
    private final LongSupplier clock;
    private final Runnable pump;
    private final Object lock = new Object();
    /** Written under lock; read without it by {@link #arm} first. */
    private volatile boolean pending;
    private volatile long deadline;

    BatchTimer(Accumulator accumulator, ScheduledExecutorService scheduler, LongSupplier clock, Runnable pump) {
        this.accumulator = accumulator;
        this.scheduler = scheduler;
        this.clock = clock;
        this.pump = pump;
    }

    /**
     * Arms the timer for the queue's next deadline as of the latest drain (called after each drain): the end of a
     * batch's linger, or when a shard waiting for tokens has them. A timer already pending for that time or earlier is
     * enough (no lock on the path every exchange takes); an earlier deadline schedules another timer. Were a deadline
     * ever missed, a partial batch would wait for the next drain or pending timer: late, never stuck.
     */
    void arm() {
        long next = accumulator.plannedDeadline();
        if (next == Long.MAX_VALUE || (pending && deadline - next <= 0)) {
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
