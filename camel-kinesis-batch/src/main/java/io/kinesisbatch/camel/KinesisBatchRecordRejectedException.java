package io.kinesisbatch.camel;

/**
 * A record that can never be written as it is: it failed validation before anything was sent (null body, too large,
 * bad partition or hash key; no AWS error code), or Kinesis rejected that entry with an error retrying cannot fix
 * (e.g. {@code InvalidArgumentException}, a KMS error). Redelivering the same message fails the same way.
 */
public class KinesisBatchRecordRejectedException extends KinesisBatchException {

    private static final long serialVersionUID = 1L;

    public KinesisBatchRecordRejectedException(String message, String awsErrorCode, Throwable cause) {
        super(message, awsErrorCode, cause);
    }
}
