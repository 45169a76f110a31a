package io.kinesisbatch.camel.consumer;

import java.time.Duration;

/**
 * Doubling delays between an initial and a maximum: attempt 1 waits {@code initial}, attempt 2 twice that, and so on
 * up to {@code max}. Pure.
 */
public record Backoff(Duration initial, Duration max) {

    /** Redelivery of a failed exchange: 1 s growing to 30 s. */
    public static final Backoff REDELIVERY = new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(30));

    /** Retry of a failed AWS call (throttling, network, service errors): 1 s growing to 30 s. */
    public static final Backoff AWS_RETRY = new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(30));

    /** The delay before attempt {@code attempt} (1 for the first retry). */
    public Duration delay(int attempt) {
        int doublings = Math.max(0, Math.min(attempt - 1, 30));
        long millis = initial.toMillis() << doublings;
        return millis <= 0 || millis > max.toMillis() ? max : Duration.ofMillis(millis);
    }
}
