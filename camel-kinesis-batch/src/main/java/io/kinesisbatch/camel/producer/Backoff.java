package io.kinesisbatch.camel.producer;

import java.util.Locale;
import java.util.function.DoubleSupplier;

/**
 * Delay before a retry, as a pure function of the retry number and a random source (so it is unit-tested without
 * waiting). Retry 1 is the first resend.
 * <ul>
 * <li>{@code EXPONENTIAL}: full jitter: a uniformly random delay in [0, ceiling], where the ceiling starts at the
 * initial delay and doubles with each retry, capped at the maximum delay. Spreads the retries of many producers that
 * were throttled at the same moment.</li>
 * <li>{@code LINEAR}: initial delay times the retry number, capped at the maximum delay.</li>
 * <li>{@code CONSTANT}: always the initial delay.</li>
 * </ul>
 */
public final class Backoff {

    public enum Strategy {
        EXPONENTIAL,
        LINEAR,
        CONSTANT;

        /** Parses the option value ({@code exponential}, {@code linear}, {@code constant}; any case). */
        public static Strategy of(String option) {
            try {
                return valueOf(option.trim().toUpperCase(Locale.ROOT));
            } catch (RuntimeException e) {
                throw new IllegalArgumentException(
                        "retryBackoff must be exponential, linear or constant, got: " + option, e);
            }
        }
    }

    private final Strategy strategy;
    private final long initialMillis;
    private final long maxMillis;
    private final DoubleSupplier random;

    /**
     * @param random uniformly distributed numbers in [0, 1), e.g. {@code ThreadLocalRandom.current()::nextDouble}
     */
    public Backoff(Strategy strategy, long initialMillis, long maxMillis, DoubleSupplier random) {
        if (initialMillis < 0 || maxMillis < initialMillis) {
            throw new IllegalArgumentException("retry delays need 0 <= retryInitialDelay <= retryMaxDelay, got "
                                               + initialMillis + "ms and " + maxMillis + "ms");
        }
        this.strategy = strategy;
        this.initialMillis = initialMillis;
        this.maxMillis = maxMillis;
        this.random = random;
    }

    /** Milliseconds to wait before retry number {@code retry} (1 = first retry). */
    public long delayMillis(int retry) {
        if (retry < 1) {
            throw new IllegalArgumentException("retry numbers start at 1, got " + retry);
        }
        switch (strategy) {
            case CONSTANT :
                return initialMillis;
            case LINEAR :
                return cappedProduct(initialMillis, retry);
            default :
                long ceiling = retry > 62 ? maxMillis : cappedProduct(initialMillis, 1L << (retry - 1));
                return (long) Math.floor(random.getAsDouble() * (ceiling + 1));
        }
    }

    private long cappedProduct(long base, long factor) {
        if (base != 0 && factor > maxMillis / base) {
            return maxMillis;
        }
        return Math.min(maxMillis, base * factor);
    }

    @Override
    public String toString() {
        return strategy.name().toLowerCase(Locale.ROOT) + " " + initialMillis + "ms.." + maxMillis + "ms";
    }
}
