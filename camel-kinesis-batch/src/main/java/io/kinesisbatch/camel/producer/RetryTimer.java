package io.kinesisbatch.camel.producer;

import java.util.ArrayList;
import java.util.List;
import java.util.PriorityQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Holds the groups of records waiting for their retry backoff and gives each back when it is due, with one scheduled
 * task at most (for the earliest due group), however many groups wait: under sustained throttling thousands of calls
 * may each leave a group waiting, and one task per group once overflowed the scheduler's queue.
 * <p>
 * Due groups are given back earliest first, so that the earliest ends at the head of the queue (each give-back puts
 * a group at the head). The scheduler refuses a task only once it is shut down, which happens after the pipeline
 * closed and failed what was left; a refusal never fails a record.
 */
final class RetryTimer {

    private static final Logger LOG = LoggerFactory.getLogger(RetryTimer.class);

    private record Waiting(List<BufferedRecord> group, long dueAt, long order) {
    }

    private final ScheduledExecutorService scheduler;
    private final LongSupplier clock;
    private final Consumer<List<BufferedRecord>> giveBack;
    private final Runnable afterGivingBack;
    private final PriorityQueue<Waiting> waiting = new PriorityQueue<>((a, b) -> a.dueAt != b.dueAt
            ? Long.compare(a.dueAt - b.dueAt, 0)
            : Long.compare(a.order, b.order));
    private long added;
    private ScheduledFuture<?> timer;
    private long timerAt;

    /**
     * @param giveBack        puts one group back at the head of the queue
     * @param afterGivingBack runs after the due groups were given back (sends them)
     */
    RetryTimer(ScheduledExecutorService scheduler, LongSupplier clock, Consumer<List<BufferedRecord>> giveBack,
               Runnable afterGivingBack) {
        this.scheduler = scheduler;
        this.clock = clock;
        this.giveBack = giveBack;
        this.afterGivingBack = afterGivingBack;
    }

    /** The group goes back after {@code delayMillis}. */
    void later(List<BufferedRecord> group, long delayMillis) {
        long due = clock.getAsLong() + TimeUnit.MILLISECONDS.toNanos(delayMillis);
        synchronized (this) {
            waiting.add(new Waiting(group, due, added++));
            if (timer == null || due - timerAt < 0) {
                schedule(due);
            }
        }
    }

    /** Groups waiting now (JMX, tests). */
    synchronized int waiting() {
        return waiting.size();
    }

    private void schedule(long due) { // holds this
        if (timer != null) {
            timer.cancel(false);
        }
        timerAt = due;
        try {
            timer = scheduler.schedule(this::fire, Math.max(0, due - clock.getAsLong()), TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException shutDown) {
            timer = null; // only after the pipeline closed: it failed every record still waiting
            LOG.debug("Retry timer not scheduled: the scheduler is shut down");
        }
    }

    private void fire() {
        List<List<BufferedRecord>> due = new ArrayList<>();
        synchronized (this) {
            timer = null;
            long now = clock.getAsLong();
            while (!waiting.isEmpty() && waiting.peek().dueAt - now <= 0) {
                due.add(waiting.poll().group);
            }
            if (!waiting.isEmpty()) {
                schedule(waiting.peek().dueAt);
            }
        }
        for (int i = due.size() - 1; i >= 0; i--) {
            giveBack.accept(due.get(i));
        }
        if (!due.isEmpty()) {
            afterGivingBack.run();
        }
    }
}
