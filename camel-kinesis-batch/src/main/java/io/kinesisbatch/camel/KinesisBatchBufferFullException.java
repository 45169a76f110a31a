package io.kinesisbatch.camel;

/**
 * The producer already holds {@code maxBufferedBytes} of unacknowledged records and {@code whenFull=fail}: the exchange
 * failed at once and nothing of it was sent.
 */
public class KinesisBatchBufferFullException extends KinesisBatchException {

    private static final long serialVersionUID = 1L;

    public KinesisBatchBufferFullException(String message, String awsErrorCode, Throwable cause) {
        super(message, awsErrorCode, cause);
    }
}
