package io.kinesisbatch.camel;

/**
 * A PutRecords call failed with an error retrying cannot fix, such as an unknown stream
 * ({@code ResourceNotFoundException}) or missing permissions ({@code AccessDeniedException}). Every record of that call
 * fails with it. Fix the configuration or the stream; redelivery helps only once that is done.
 */
public class KinesisBatchRequestFailedException extends KinesisBatchException {

    private static final long serialVersionUID = 1L;

    public KinesisBatchRequestFailedException(String message, String awsErrorCode, Throwable cause) {
        super(message, awsErrorCode, cause);
    }
}
