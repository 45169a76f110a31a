package io.kinesisbatch.itest.support;

import java.util.Locale;

/**
 * What the integration tests talk to. Chosen by the system property {@code kinesisbatch.it.target} or the
 * environment variable {@code KINESIS_BATCH_IT_TARGET}.
 */
public enum ItTarget {
    /** kinesis-mock and DynamoDB Local, started by the harness on loopback (the default, and what CI runs). */
    EMULATORS,
    /** LocalStack through Testcontainers; skipped when no Docker engine is reachable. */
    LOCALSTACK,
    /** Real AWS, with the SDK's default credentials and {@code KINESIS_BATCH_IT_REGION}. Creates billable streams. */
    AWS;

    public static ItTarget current() {
        String value = System.getProperty("kinesisbatch.it.target");
        if (value == null || value.isBlank()) {
            value = System.getenv("KINESIS_BATCH_IT_TARGET");
        }
        if (value == null || value.isBlank()) {
            return EMULATORS;
        }
        try {
            return valueOf(value.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(
                    "kinesisbatch.it.target / KINESIS_BATCH_IT_TARGET must be emulators, localstack or aws, got: "
                                               + value);
        }
    }
}
