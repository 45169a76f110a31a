package io.kinesisbatch.camel.consumer;

/**
 * A stream addressed by name or, when the configured value starts with {@code arn:}, by its ARN. Exactly one of
 * {@link #name()} and {@link #arn()} is non-null, so both can be passed to an SDK request builder as they are.
 *
 * @param id the stream as configured (name or ARN); the StreamID of its checkpoint rows
 */
public record StreamRef(String id) {

    public static StreamRef of(String configured) {
        if (configured == null || configured.isBlank()) {
            throw new IllegalArgumentException("A stream name or ARN is required");
        }
        return new StreamRef(configured.trim());
    }

    public boolean isArn() {
        return id.startsWith("arn:");
    }

    /** The name for requests, or null when addressed by ARN. */
    public String name() {
        return isArn() ? null : id;
    }

    /** The ARN for requests, or null when addressed by name. */
    public String arn() {
        return isArn() ? id : null;
    }

    @Override
    public String toString() {
        return id;
    }
}
