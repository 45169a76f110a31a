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
    private final ConcurrentLinkedQueue<Runnable> queue = new ConcurrentLinkedQueue<>();
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
            queue.addAll(completions);
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
            if (!queue.isEmpty()) {
                startWorker();
            }
            throw e;
        }
    }

    private void drain() {
        while (true) {
            Runnable next = queue.poll();
            if (next == null) {
                workers.decrementAndGet();
                // completions added after the poll may have found every worker busy: stay if they did
                if (queue.isEmpty() || !claimWorker()) {
                    return;
                }
                continue;
            }
            if (!queue.isEmpty()) {
                startWorker();
            }
            try {
                next.run();
            } catch (RuntimeException e) {
                LOG.error("Completing an exchange failed", e);
            }
        }
    }

    /** Completions handed over and not started yet. */
    int queued() {
        return queue.size();
    }
}
