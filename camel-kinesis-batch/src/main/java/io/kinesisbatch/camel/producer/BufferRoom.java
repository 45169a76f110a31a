package io.kinesisbatch.camel.producer;

import java.util.ArrayDeque;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

import io.kinesisbatch.camel.producer.Accumulator.Reservation;

/**
 * The memory bound of the {@link Accumulator}: room reserved by each exchange before its records are handed over,
 * released as they reach their final outcome. Each record is charged its data and key plus a fixed overhead. Its own
 * lock, apart from the queue's: callers waiting for room never hold up batching. The one place room is taken and
 * given back.
 * <p>
 * First come, first served: callers waiting for room are let in in the order they came, each only when it fits (or
 * when nothing is buffered, for an exchange larger than the whole bound), and a newcomer never overtakes a waiting
 * caller, so a large exchange cannot be starved by smaller ones that keep taking the room it waits for. Each waiter
 * has its own condition: a release wakes the first waiter only.
 */
final class BufferRoom {

    private final long maxBufferedBytes;
    private final int recordOverheadBytes;
    private final ReentrantLock lock = new ReentrantLock();
    /** Signalled when the room empties ({@link #awaitEmpty}). */
    private final Condition changed = lock.newCondition();
    /** Callers waiting for room, in arrival order; each waits on its own condition. */
    private final ArrayDeque<Condition> waiters = new ArrayDeque<>();
    private long bufferedBytes;
    private int bufferedRecords;
    private boolean closed;

    BufferRoom(long maxBufferedBytes, int recordOverheadBytes) {
        this.maxBufferedBytes = maxBufferedBytes;
        this.recordOverheadBytes = recordOverheadBytes;
    }

    /** See {@link Accumulator#reserve}. */
    Reservation reserve(long dataBytes, int records, boolean block) {
        long bytes = dataBytes + (long) records * recordOverheadBytes;
        lock.lock();
        try {
            if (closed) {
                return Reservation.CLOSED;
            }
            if (waiters.isEmpty() && fits(bytes)) {
                take(bytes, records);
                return Reservation.OK;
            }
            if (!block) {
                return Reservation.FULL;
            }
            Condition mine = lock.newCondition();
            waiters.addLast(mine);
            try {
                while (!closed && (waiters.peekFirst() != mine || !fits(bytes))) {
                    mine.await();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return Reservation.CLOSED;
            } finally {
                waiters.remove(mine);
                wakeFirst(); // the next in line may fit as well (or, when this one left, be first now)
            }
            if (closed) {
                return Reservation.CLOSED;
            }
            take(bytes, records);
            return Reservation.OK;
        } finally {
            lock.unlock();
        }
    }

    private boolean fits(long bytes) {
        return bufferedRecords == 0 || bufferedBytes + bytes <= maxBufferedBytes;
    }

    private void take(long bytes, int records) {
        bufferedBytes += bytes;
        bufferedRecords += records;
    }

    private void wakeFirst() {
        Condition first = waiters.peekFirst();
        if (first != null) {
            first.signal();
        }
    }

    void release(long dataBytes, int records) {
        long bytes = dataBytes + (long) records * recordOverheadBytes;
        lock.lock();
        try {
            bufferedBytes -= bytes;
            bufferedRecords -= records;
            wakeFirst();
            if (bufferedRecords == 0) {
                changed.signalAll();
            }
        } finally {
            lock.unlock();
        }
    }

    /** No new reservations; threads waiting for room are woken and get CLOSED. */
    void close() {
        lock.lock();
        try {
            closed = true;
            changed.signalAll();
            for (Condition waiter : waiters) {
                waiter.signal();
            }
        } finally {
            lock.unlock();
        }
    }

    boolean awaitEmpty(long timeout, TimeUnit unit) throws InterruptedException {
        long left = unit.toNanos(timeout);
        lock.lock();
        try {
            while (bufferedRecords > 0) {
                if (left <= 0) {
                    return false;
                }
                left = changed.awaitNanos(left);
            }
            return true;
        } finally {
            lock.unlock();
        }
    }

    int bufferedRecords() {
        lock.lock();
        try {
            return bufferedRecords;
        } finally {
            lock.unlock();
        }
    }

    long bufferedBytes() {
        lock.lock();
        try {
            return bufferedBytes;
        } finally {
            lock.unlock();
        }
    }
}
