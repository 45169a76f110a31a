package io.kinesisbatch.camel.producer;

import java.util.Locale;

import io.kinesisbatch.camel.KinesisBatchConfiguration;

/**
 * The producer options of one endpoint, checked once at start so a bad value stops the route with a message naming
 * the option, instead of failing messages later.
 */
public record ProducerSettings(int batchMaxRecords, long batchMaxBytes, long batchTimeoutMillis, int maxInFlight,
                               long maxBufferedBytes, boolean blockWhenFull, int maxRetries,
                               Backoff.Strategy retryBackoff,
                               long retryInitialDelayMillis, long retryMaxDelayMillis) {

    /** Kinesis' limit of records per PutRecords call. */
    public static final int MAX_RECORDS_PER_CALL = 500;
    /** Kinesis' limit of bytes per PutRecords call (data plus partition keys). */
    public static final long MAX_BYTES_PER_CALL = 5L * 1024 * 1024;

    public static ProducerSettings of(KinesisBatchConfiguration c) {
        require(c.getBatchMaxRecords() >= 1 && c.getBatchMaxRecords() <= MAX_RECORDS_PER_CALL,
                "batchMaxRecords must be from 1 to 500, got " + c.getBatchMaxRecords());
        require(c.getBatchMaxBytes() >= 1 && c.getBatchMaxBytes() <= MAX_BYTES_PER_CALL,
                "batchMaxBytes must be from 1 to 5242880 (5 MiB), got " + c.getBatchMaxBytes());
        require(c.getBatchTimeout() >= 0, "batchTimeout must not be negative, got " + c.getBatchTimeout());
        require(c.getMaxInFlight() >= 1, "maxInFlight must be at least 1, got " + c.getMaxInFlight());
        require(c.getMaxBufferedBytes() >= 1, "maxBufferedBytes must be at least 1, got " + c.getMaxBufferedBytes());
        require(c.getMaxRetries() >= 0, "maxRetries must not be negative, got " + c.getMaxRetries());
        require(c.getRetryInitialDelay() >= 0 && c.getRetryMaxDelay() >= c.getRetryInitialDelay(),
                "retry delays need 0 <= retryInitialDelay <= retryMaxDelay, got " + c.getRetryInitialDelay() + "ms and "
                                                                                                   + c.getRetryMaxDelay()
                                                                                                   + "ms");
        String whenFull = c.getWhenFull() == null ? "" : c.getWhenFull().trim().toLowerCase(Locale.ROOT);
        require(whenFull.equals("block") || whenFull.equals("fail"),
                "whenFull must be block or fail, got " + c.getWhenFull());
        return new ProducerSettings(c.getBatchMaxRecords(), c.getBatchMaxBytes(), c.getBatchTimeout(),
                c.getMaxInFlight(),
                c.getMaxBufferedBytes(), whenFull.equals("block"), c.getMaxRetries(),
                Backoff.Strategy.of(c.getRetryBackoff()),
                c.getRetryInitialDelay(), c.getRetryMaxDelay());
    }

    private static void require(boolean ok, String message) {
        if (!ok) {
            throw new IllegalArgumentException(message);
        }
    }
}
