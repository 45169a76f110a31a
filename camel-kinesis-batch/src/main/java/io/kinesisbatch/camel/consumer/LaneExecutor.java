package io.kinesisbatch.camel.consumer;

import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An event loop on a shared pool: events posted from any thread run one at a time, in the order posted, each seeing
 * everything the earlier ones did (the queue hands them over with a happens-before edge). It never holds a pool
 * thread while it has nothing to run, and gives the thread back after a batch so one busy loop cannot starve the
 * others. What an event throws goes to {@code onFailure}, on the loop, and the loop goes on.
 * <p>
 * No lock: a counter of queued events decides which poster starts the drain (the one that made it leave 0).
 */
final class LaneExecutor {

    private static final Logger LOG = LoggerFactory.getLogger(LaneExecutor.class);
    private static final int BATCH = 256;

    private final ScheduledExecutorService pool;
    private final Consumer<Throwable> onFailure;
    private final Queue<Runnable> events = new ConcurrentLinkedQueue<>();
    private final AtomicInteger queued = new AtomicInteger();

    LaneExecutor(ScheduledExecutorService pool, Consumer<Throwable> onFailure) {
        this.pool = pool;
        this.onFailure = onFailure;
    }

    /** Runs {@code event} on the loop after the events posted before it. Dropped once the pool is shut down. */
    void post(Runnable event) {
        events.add(event);
        if (queued.getAndIncrement() == 0) {
            submitDrain();
        }
    }

    /** Asked by an event of this loop: whether other events wait behind it (so it should give them their turn). */
    boolean othersWaiting() {
        return queued.get() > 1; // the running event is still counted
    }

    /** Posts {@code event} after {@code delayNanos}; the returned future cancels it (before it is posted). */
    ScheduledFuture<?> schedule(long delayNanos, Runnable event) {
        try {
            return pool.schedule(() -> post(event), Math.max(0, delayNanos), TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException e) {
            return null; // the consumer is shutting its pool down: nothing more runs
        }
    }

    /** Posts {@code event} every {@code periodNanos}, the first time after one period. */
    ScheduledFuture<?> every(long periodNanos, Runnable event) {
        try {
            return pool.scheduleAtFixedRate(() -> post(event), periodNanos, periodNanos, TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException e) {
            return null;
        }
    }

    private void submitDrain() {
        try {
            pool.execute(this::drain);
        } catch (RejectedExecutionException e) {
            events.clear(); // shut down: the events are dropped, as the pool's own tasks are
            queued.set(0);
        }
    }

    private void fail(Throwable t) {
        try {
            onFailure.accept(t);
        } catch (Throwable again) {
            LOG.error("Handling a failed event failed too; the loop goes on", again);
        }
    }

    private void drain() {
        for (int i = 0; i < BATCH; i++) {
            Runnable event = events.poll();
            try {
                event.run();
            } catch (Throwable t) {
                fail(t);
            }
            if (queued.decrementAndGet() == 0) {
                return;
            }
        }
        submitDrain(); // more to do: queue behind the other loops' work
    }
}
