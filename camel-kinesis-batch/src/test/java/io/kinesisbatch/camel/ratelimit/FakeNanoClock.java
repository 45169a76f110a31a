package io.kinesisbatch.camel.ratelimit;

import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/** A monotonic nano clock that moves only when a test says so. */
final class FakeNanoClock implements LongSupplier {

    private long now = 1_000_000_000L;

    @Override
    public long getAsLong() {
        return now;
    }

    void advanceMillis(long millis) {
        now += TimeUnit.MILLISECONDS.toNanos(millis);
    }

    void advanceNanos(long nanos) {
        now += nanos;
    }
}
