package io.kinesisbatch.camel.ratelimit;

import java.util.concurrent.TimeUnit;

/**
 * A token bucket over two dimensions at once, records and bytes, refilled continuously at its {@link ShardLimits} and
 * holding at most {@code burst} worth of them (at most one second). Pure: time is passed in (monotonic nanos).
 * Not thread-safe: one owner (see {@link ShardRateLimiter}).
 * <p>
 * A take is admitted when the bucket holds what it asks for, or, for a take larger than the bucket can ever hold (a
 * 1 MiB record at a reduced allowance), when the bucket is full; the tokens may then go below zero, and that debt is
 * paid by the refill before anything else passes. So the long-run rate never exceeds the limits, and no record waits
 * forever.
 */
public final class TokenBucket {

    /** The longest burst a bucket may hold: one second of its rate. */
    public static final long MAX_BURST_NANOS = TimeUnit.SECONDS.toNanos(1);

    private static final double NANOS_PER_SECOND = 1e9;

    private final long burstNanos;
    private ShardLimits limits;
    private double records;
    private double bytes;
    private long refilledAt;

    /**
     * A full bucket.
     *
     * @param burstNanos how many nanos of its rate the bucket holds: above 0, at most {@link #MAX_BURST_NANOS}
     */
    public TokenBucket(ShardLimits limits, long burstNanos, long nowNanos) {
        if (burstNanos <= 0 || burstNanos > MAX_BURST_NANOS) {
            throw new IllegalArgumentException("A token bucket's burst lies in (0, 1 s], not " + burstNanos + " ns");
        }
        this.limits = limits;
        this.burstNanos = burstNanos;
        this.records = recordCapacity();
        this.bytes = byteCapacity();
        this.refilledAt = nowNanos;
    }

    /** Takes one take's tokens if it is admitted now (see the class comment); false leaves the bucket as it was. */
    public boolean tryTake(int takeRecords, long takeBytes, long nowNanos) {
        if (limits.unlimited()) {
            return true;
        }
        refill(nowNanos);
        if (records < Math.min(takeRecords, recordCapacity()) || bytes < Math.min(takeBytes, byteCapacity())) {
            return false;
        }
        records -= takeRecords;
        bytes -= takeBytes;
        return true;
    }

    /**
     * Takes tokens whether or not the bucket holds them (they may go below zero: the debt is paid by the refill before
     * anything else passes), or gives them back when negative (at most up to the bucket's capacity). For a take whose
     * true size is known only after it was admitted: a KPL aggregate counts one record and its own size, known once
     * its messages (admitted by their bytes) are packed.
     */
    public void charge(double chargeRecords, double chargeBytes, long nowNanos) {
        if (limits.unlimited()) {
            return;
        }
        refill(nowNanos);
        records = Math.min(recordCapacity(), records - chargeRecords);
        bytes = Math.min(byteCapacity(), bytes - chargeBytes);
    }

    /** Nanos from {@code nowNanos} until {@link #tryTake} of this take would be admitted; 0 when it would be now. */
    public long nanosUntilAvailable(int takeRecords, long takeBytes, long nowNanos) {
        if (limits.unlimited()) {
            return 0;
        }
        refill(nowNanos);
        double recordNanos = (Math.min(takeRecords, recordCapacity()) - records) * NANOS_PER_SECOND
                / limits.recordsPerSecond();
        double byteNanos = (Math.min(takeBytes, byteCapacity()) - bytes) * NANOS_PER_SECOND / limits.bytesPerSecond();
        double nanos = Math.max(recordNanos, byteNanos);
        return nanos <= 0 ? 0 : (long) Math.ceil(nanos);
    }

    /**
     * Changes the rate from now on: what accrued until now is refilled at the old rate, then the tokens are capped at
     * the new capacity (a lower rate also lowers the burst).
     */
    public void setLimits(ShardLimits newLimits, long nowNanos) {
        refill(nowNanos);
        limits = newLimits;
        records = Math.min(records, recordCapacity());
        bytes = Math.min(bytes, byteCapacity());
    }

    public ShardLimits limits() {
        return limits;
    }

    /** Record tokens held now (may be negative while a large take is being paid off). */
    public double records(long nowNanos) {
        refill(nowNanos);
        return records;
    }

    /** Byte tokens held now (may be negative while a large take is being paid off). */
    public double bytes(long nowNanos) {
        refill(nowNanos);
        return bytes;
    }

    private void refill(long nowNanos) {
        long elapsed = nowNanos - refilledAt;
        if (elapsed <= 0 || limits.unlimited()) {
            return;
        }
        records = Math.min(recordCapacity(), records + elapsed * limits.recordsPerSecond() / NANOS_PER_SECOND);
        bytes = Math.min(byteCapacity(), bytes + elapsed * limits.bytesPerSecond() / NANOS_PER_SECOND);
        refilledAt = nowNanos;
    }

    private double recordCapacity() {
        return limits.recordsPerSecond() * burstNanos / NANOS_PER_SECOND;
    }

    private double byteCapacity() {
        return limits.bytesPerSecond() * burstNanos / NANOS_PER_SECOND;
    }
}
