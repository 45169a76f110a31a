package io.kinesisbatch.camel.consumer;

import java.time.Duration;

/**
 * When the next GetRecords call of a shard may go out: {@code pollDelay} after a poll that found the shard caught up,
 * at once otherwise, and never sooner than {@link ConsumerSettings#MIN_CALL_SPACING} after the previous call. Pure:
 * times are passed in (nanoTime values). Confined to the lane of its shard.
 */
public final class PollPacer {

    private final long pollDelayNanos;
    private final long minSpacingNanos;
    private long lastCallNanos;
    private boolean called;

    public PollPacer(Duration pollDelay, Duration minSpacing) {
        this.pollDelayNanos = pollDelay.toNanos();
        this.minSpacingNanos = minSpacing.toNanos();
    }

    /** How long to wait, from {@code nowNanos}, before the next call; {@code caughtUp}: the last poll found no backlog. */
    public long delayNanos(long nowNanos, boolean caughtUp) {
        long wanted = caughtUp ? pollDelayNanos : 0;
        if (!called) {
            return wanted;
        }
        long spacing = lastCallNanos + minSpacingNanos - nowNanos;
        return Math.max(wanted, Math.max(0, spacing));
    }

    /** Records that a call went out at {@code nowNanos}. */
    public void called(long nowNanos) {
        lastCallNanos = nowNanos;
        called = true;
    }
}
