package io.kinesisbatch.itest.bench;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * The room one caller thread has for the records of its outstanding exchanges. The caller takes room a chunk at a
 * time and parks when there is not enough; completions give room back one exchange at a time and wake the caller only
 * when a whole chunk (or the whole window) is free again. A {@link java.util.concurrent.Semaphore} would wake a
 * waiting caller on every completion, and each wake-up finds room for one exchange: a park and an unpark per exchange
 * that belong to the benchmark's feeding, not to the producer being measured.
 */
final class CallerWindow {

    private final Thread owner;
    private final int size;
    private final int chunk;
    private final AtomicInteger free;

    /** Only {@code owner} may take room or wait. */
    CallerWindow(Thread owner, int size, int chunk) {
        if (chunk <= 0 || chunk > size) {
            throw new IllegalArgumentException("chunk must be within 1.." + size + ": " + chunk);
        }
        this.owner = owner;
        this.size = size;
        this.chunk = chunk;
        this.free = new AtomicInteger(size);
    }

    /** Waits until {@code n} (at most a chunk) records fit, then takes room for them. */
    void take(int n) throws InterruptedException {
        if (n > chunk) {
            throw new IllegalArgumentException("at most " + chunk + " at a time: " + n);
        }
        awaitFree(n);
        free.addAndGet(-n);
    }

    /** Gives back the room of {@code n} records whose exchange completed; any thread. */
    void giveBack(int n) {
        int now = free.addAndGet(n);
        int before = now - n;
        // each threshold is crossed by exactly one call on the room's way up
        if (before < chunk && now >= chunk || before < size && now >= size) {
            LockSupport.unpark(owner);
        }
    }

    /** Waits until the room of every record taken has been given back. */
    void awaitAll() throws InterruptedException {
        awaitFree(size);
    }

    private void awaitFree(int n) throws InterruptedException {
        if (Thread.currentThread() != owner) {
            throw new IllegalStateException("only the owner waits");
        }
        // Waiting for n <= chunk, the room reaches chunk (or size) on its way up before or after we park; the
        // unpark of that crossing either wakes us or makes the next park return at once.
        while (free.get() < n) {
            LockSupport.park(this);
            if (Thread.interrupted()) {
                throw new InterruptedException();
            }
        }
    }
}
