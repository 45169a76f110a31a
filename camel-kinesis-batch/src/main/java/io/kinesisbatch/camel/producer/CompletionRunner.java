package io.kinesisbatch.camel.producer;

import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs exchange completions (where routes continue) on a pool of Camel threads, handed over a whole PutRecords reply
 * at a time, each completion on its own.
 * <p>
 * Completions wait in one queue, taken in order by workers (pool tasks). One worker is started when completions
 * arrive and none is running; more join only when completions are kept waiting: whenever the oldest waiting reply was
 * handed over {@code helpAfter} or longer ago, one more worker starts (up to {@code parallelism}). That is checked
 * each time a reply is handed over, and by a watchdog every {@value #WATCHDOG_PERIODS} x {@code helpAfter} while
 * anything waits (for when no reply comes). So fast routes complete a whole reply on one thread, woken once, and a
 * slow or blocked route holds up the completions behind it for about {@code helpAfter} while replies keep coming, at
 * most about {@value #WATCHDOG_PERIODS} times that otherwise. (Starting a helper for every reply woke up to ten
 * threads per reply, and a watchdog firing after every reply woke one more; profiling put those wake-ups at several
 * percent of the producer's CPU.)
 */
public final class CompletionRunner {

    private static final Logger LOG = LoggerFactory.getLogger(CompletionRunner.class);

    /** The watchdog looks this many {@code helpAfter} periods apart. */
    static final int WATCHDOG_PERIODS = 10;

    private final Executor pool;
    private final int parallelism;
    private final ScheduledExecutorService watchdog;
    private final long helpAfterNanos;
    private final LongSupplier clock;
    /** Replies waiting, each a list of completions taken in order (no queue node per completion). */
    private final ConcurrentLinkedQueue<Chunk> queue = new ConcurrentLinkedQueue<>();
    private final AtomicInteger workers = new AtomicInteger();
    private final AtomicBoolean watching = new AtomicBoolean();
    /** Set at stop: the watchdog stops with the producer, so waiting completions get workers at once. */
    private volatile boolean stopping;

    /**
     * @param pool        must run every task it is given (see {@link BatchPipeline#safe}); never an SDK I/O thread
     * @param parallelism most completions running at once (the pool's size)
     * @param watchdog    runs the check for completions kept waiting when no reply comes; it never runs routes
     * @param helpAfter   how long completions may wait behind others before another worker joins
     * @param clock       monotonic nanos ({@code System::nanoTime})
     */
    public CompletionRunner(Executor pool, int parallelism, ScheduledExecutorService watchdog, long helpAfter,
                            TimeUnit unit, LongSupplier clock) {
        if (parallelism < 1) {
            throw new IllegalArgumentException("parallelism must be at least 1, got " + parallelism);
        }
        this.pool = pool;
        this.parallelism = parallelism;
        this.watchdog = watchdog;
        this.helpAfterNanos = unit.toNanos(helpAfter);
        this.clock = clock;
    }

    /** Hands the completions over; returns at once (unless the pool refuses work: then they run here). */
    public void runAll(List<Runnable> completions) {
        if (completions.isEmpty()) {
            return;
        }
        long now = clock.getAsLong();
        queue.add(new Chunk(completions, now));
        // a worker that finds the queue empty leaves and then looks again, so one of the two sees this chunk
        if (workers.get() == 0 || stopping) {
            startWorker();
        } else {
            helpIfKeptWaiting(now);
        }
        watch();
    }

    /**
     * The producer is stopping and its watchdog with it: from now on a completion that waits gets a worker at once
     * (up to {@code parallelism}), so the exchanges failed or completed at stop are not held up behind a slow route.
     */
    public void stopping() {
        stopping = true;
        if (oldestWaiting() != null) {
            startWorker();
        }
    }

    private void helpIfKeptWaiting(long now) {
        Chunk oldest = oldestWaiting();
        if (oldest != null && now - oldest.handedOverAt >= helpAfterNanos) {
            startWorker();
        }
    }

    private void startWorker() {
        if (claimWorker()) {
            pool.execute(this::work);
        }
    }

    private boolean claimWorker() {
        int n;
        do {
            n = workers.get();
            if (n >= parallelism) {
                return false;
            }
        } while (!workers.compareAndSet(n, n + 1));
        return true;
    }

    private void watch() {
        if (watching.compareAndSet(false, true)) {
            try {
                watchdog.schedule(this::check, WATCHDOG_PERIODS * helpAfterNanos, TimeUnit.NANOSECONDS);
            } catch (RejectedExecutionException shutDown) {
                // only once the scheduler is shut down, after the pipeline closed: help now instead of later, without
                // taking it for a stop (that is stopping()'s, called by the pipeline that owns this runner)
                watching.set(false);
                startWorker();
            }
        }
    }

    /** The watchdog: one more worker when the oldest waiting completion has waited too long; looks again later. */
    private void check() {
        watching.set(false);
        if (oldestWaiting() == null) {
            return; // the next reply arms it again
        }
        helpIfKeptWaiting(clock.getAsLong());
        watch();
    }

    private void work() {
        Counted counted = new Counted();
        try {
            drain(counted);
        } catch (Error e) {
            // this worker dies: another takes over what waits (it is uncounted once, wherever the error came from)
            if (counted.yes) {
                workers.decrementAndGet();
            }
            if (oldestWaiting() != null) {
                startWorker();
            }
            throw e;
        }
    }

    /** Whether the running worker is counted in {@code workers} (it stops counting itself just before it leaves). */
    private static final class Counted {
        boolean yes = true;
    }

    private void drain(Counted counted) {
        while (true) {
            Runnable next = poll();
            if (next == null) {
                workers.decrementAndGet();
                counted.yes = false;
                // completions added after the poll may have found a worker still counted: stay if they did
                if (oldestWaiting() == null || !claimWorker()) {
                    return;
                }
                counted.yes = true;
                continue;
            }
            if (stopping && oldestWaiting() != null) {
                startWorker();
            }
            try {
                next.run();
            } catch (RuntimeException e) {
                LOG.error("Completing an exchange failed", e);
            }
        }
    }

    /** The next completion to run, or null when none waits. */
    private Runnable poll() {
        while (true) {
            Chunk head = queue.peek();
            if (head == null) {
                return null;
            }
            Runnable next = head.take();
            if (next != null) {
                return next;
            }
            queue.remove(head); // used up (by identity; another worker may have removed it already)
        }
    }

    private Chunk oldestWaiting() {
        for (Chunk c : queue) {
            if (c.left() > 0) {
                return c;
            }
        }
        return null;
    }

    /** Completions handed over and not started yet. */
    public int queued() {
        int n = 0;
        for (Chunk c : queue) {
            n += c.left();
        }
        return n;
    }

    /** Workers running now (tests). */
    int workers() {
        return workers.get();
    }

    /**
     * The completions of one reply; workers take them one at a time. A taken slot is cleared, so an exchange that
     * completed is not kept reachable by the chunk while other completions of its reply still wait (or run long).
     */
    private static final class Chunk {
        private final Runnable[] completions;
        private final long handedOverAt;
        private final AtomicInteger next = new AtomicInteger();

        Chunk(List<Runnable> completions, long handedOverAt) {
            this.completions = completions.toArray(new Runnable[0]);
            this.handedOverAt = handedOverAt;
        }

        Runnable take() {
            int i = next.getAndIncrement();
            if (i >= completions.length) {
                return null;
            }
            Runnable taken = completions[i]; // each index has exactly one taker
            completions[i] = null;
            return taken;
        }

        int left() {
            return Math.max(0, completions.length - next.get());
        }
    }
}
