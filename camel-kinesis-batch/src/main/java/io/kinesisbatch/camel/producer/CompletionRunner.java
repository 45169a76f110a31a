package io.kinesisbatch.camel.producer;

import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs exchange completions (where routes continue) on a pool of Camel threads, handed over a whole PutRecords reply
 * at a time, each completion still on its own.
 * <p>
 * Completions wait in one queue. Up to {@code parallelism} pool tasks (workers) take them one at a time; a worker
 * that takes one while others wait first asks for a helper, so a slow route holds up only its own thread, as with
 * one pool task per exchange; but a reply of 500 exchanges costs a handful of pool hand-offs instead of 500 (each a
 * lock of the pool's queue and, often, the wake-up of a thread).
 */
public final class CompletionRunner {

    private static final Logger LOG = LoggerFactory.getLogger(CompletionRunner.class);

    private final Executor pool;
    private final int parallelism;
    /** Replies waiting, each a list of completions taken in order (no queue node per completion). */
    private final ConcurrentLinkedQueue<Chunk> queue = new ConcurrentLinkedQueue<>();
    private final AtomicInteger workers = new AtomicInteger();

    /**
     * @param pool        must run every task it is given (see {@link BatchPipeline#safe}); never an SDK I/O thread
     * @param parallelism most completions running at once (the pool's size)
     */
    public CompletionRunner(Executor pool, int parallelism) {
        if (parallelism < 1) {
            throw new IllegalArgumentException("parallelism must be at least 1, got " + parallelism);
        }
        this.pool = pool;
        this.parallelism = parallelism;
    }

    /** Hands the completions over; returns at once (unless the pool refuses work: then they run here). */
    public void runAll(List<Runnable> completions) {
        if (!completions.isEmpty()) {
            queue.add(new Chunk(completions));
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

    private void work() {
        try {
            drain();
        } catch (Error e) {
            // this worker dies: another takes over what waits
            workers.decrementAndGet();
            if (waiting()) {
                startWorker();
            }
            throw e;
        }
    }

    private void drain() {
        while (true) {
            Runnable next = poll();
            if (next == null) {
                workers.decrementAndGet();
                // completions added after the poll may have found every worker busy: stay if they did
                if (!waiting() || !claimWorker()) {
                    return;
                }
                continue;
            }
            if (waiting()) {
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

    private boolean waiting() {
        for (Chunk c : queue) {
            if (c.left() > 0) {
                return true;
            }
        }
        return false;
    }

    /** Completions handed over and not started yet. */
    int queued() {
        int n = 0;
        for (Chunk c : queue) {
            n += c.left();
        }
        return n;
    }

    /**
     * The completions of one reply; workers take them one at a time. A taken slot is cleared, so an exchange that
     * completed is not kept reachable by the chunk while other completions of its reply still wait (or run long).
     */
    private static final class Chunk {
        private final Runnable[] completions;
        private final AtomicInteger next = new AtomicInteger();

        Chunk(List<Runnable> completions) {
            this.completions = completions.toArray(new Runnable[0]);
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
