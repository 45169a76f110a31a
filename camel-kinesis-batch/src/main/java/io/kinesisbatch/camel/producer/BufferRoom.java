package io.kinesisbatch.camel.producer;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

import io.kinesisbatch.camel.producer.Accumulator.Reservation;

/**
 * The memory bound of the {@link Accumulator}: room reserved by each exchange before its records are handed over,
 * released as they reach their final outcome. Each record is charged its data and key plus a fixed overhead. Its own
 * lock, apart from the queue's: callers waiting for room never hold up batching.
 */
final class BufferRoom {

    private final long maxBufferedBytes;
    private final int recordOverheadBytes;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
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
            while (!closed && bufferedRecords > 0 && bufferedBytes + bytes > maxBufferedBytes) {
                if (!block) {
                    return Reservation.FULL;
                }
                try {
                    changed.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return Reservation.CLOSED;
                }
            }
            if (closed) {
                return Reservation.CLOSED;
            }
            bufferedBytes += bytes;
            bufferedRecords += records;
            return Reservation.OK;
        } finally {
            lock.unlock();
        }
    }

    void release(long dataBytes, int records) {
        long bytes = dataBytes + (long) records * recordOverheadBytes;
        lock.lock();
        try {
            bufferedBytes -= bytes;
            bufferedRecords -= records;
            changed.signalAll();
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
