package io.kinesisbatch.camel;

import org.apache.camel.RuntimeCamelException;

/**
 * Root of the component's exceptions. Carries the AWS error code when the failure came from AWS, so routes can
 * decide on it ({@code onException} with a predicate on {@link #getAwsErrorCode()}).
 */
public class KinesisBatchException extends RuntimeCamelException {

    private static final long serialVersionUID = 1L;

    private final String awsErrorCode;

    public KinesisBatchException(String message) {
        this(message, null, null);
    }

    public KinesisBatchException(String message, Throwable cause) {
        this(message, null, cause);
    }

    public KinesisBatchException(String message, String awsErrorCode, Throwable cause) {
        super(message, cause);
        this.awsErrorCode = awsErrorCode;
    }

    /** The AWS error code (e.g. {@code ProvisionedThroughputExceededException}), or null when AWS did not give one. */
    public String getAwsErrorCode() {
        return awsErrorCode;
    }
}
