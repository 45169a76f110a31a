package io.kinesisbatch.camel;

/**
 * A record kept failing with retryable errors (throttling, internal failures, 5xx, timeouts, connection errors) and
 * {@code maxRetries} was used up. Carries the last error. Redelivery later (with a delay) may well succeed.
 */
public class KinesisBatchRetriesExhaustedException extends KinesisBatchException {

    private static final long serialVersionUID = 1L;

    public KinesisBatchRetriesExhaustedException(String message, String awsErrorCode, Throwable cause) {
        super(message, awsErrorCode, cause);
    }
}
