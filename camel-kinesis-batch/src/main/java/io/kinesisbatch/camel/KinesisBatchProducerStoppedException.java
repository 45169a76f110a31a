package io.kinesisbatch.camel;

/**
 * The producer stopped before the record was acknowledged (its shutdown timeout ran out, or it was stopping when the
 * exchange arrived). The record may or may not have been written.
 */
public class KinesisBatchProducerStoppedException extends KinesisBatchException {

    private static final long serialVersionUID = 1L;

    public KinesisBatchProducerStoppedException(String message, String awsErrorCode, Throwable cause) {
        super(message, awsErrorCode, cause);
    }
}
