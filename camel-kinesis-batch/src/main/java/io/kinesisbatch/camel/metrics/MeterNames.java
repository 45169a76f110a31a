package io.kinesisbatch.camel.metrics;

import java.util.List;

/**
 * The names and tags of the component's meters, Micrometer style: dot-separated, base units (a registry renders them
 * its own way, e.g. Prometheus {@code kinesis_batch_producer_records_sent_total}). docs/metrics.md lists each one;
 * a test keeps the two in step.
 */
public final class MeterNames {

    public static final String TAG_STREAM = "stream";
    public static final String TAG_ENDPOINT = "endpoint";
    public static final String TAG_ROUTE = "route";
    public static final String TAG_SHARD = "shard";

    private static final String PRODUCER = "kinesis.batch.producer.";
    public static final String PRODUCER_RECORDS_SENT = PRODUCER + "records.sent";
    public static final String PRODUCER_RECORDS_FAILED = PRODUCER + "records.failed";
    public static final String PRODUCER_RECORDS_RETRIED = PRODUCER + "records.retried";
    public static final String PRODUCER_RECORDS_THROTTLED = PRODUCER + "records.throttled";
    public static final String PRODUCER_PUT_RECORDS = PRODUCER + "put.records";
    public static final String PRODUCER_PUT_RECORDS_IN_FLIGHT = PRODUCER + "put.records.in.flight";
    public static final String PRODUCER_BUFFERED_BYTES = PRODUCER + "buffered.bytes";
    public static final String PRODUCER_BUFFERED_RECORDS = PRODUCER + "buffered.records";

    private static final String CONSUMER = "kinesis.batch.consumer.";
    public static final String CONSUMER_RECORDS_DELIVERED = CONSUMER + "records.delivered";
    public static final String CONSUMER_RECORDS_REDELIVERED = CONSUMER + "records.redelivered";
    public static final String CONSUMER_RECORDS_FAILED = CONSUMER + "records.failed";
    public static final String CONSUMER_RECORDS_SKIPPED = CONSUMER + "records.skipped";
    public static final String CONSUMER_BEHIND_LATEST = CONSUMER + "behind.latest";
    public static final String CONSUMER_RECORDS_IN_FLIGHT = CONSUMER + "records.in.flight";
    public static final String CONSUMER_CHECKPOINT_LAG = CONSUMER + "checkpoint.lag";
    public static final String CONSUMER_LEASES_HELD = CONSUMER + "leases.held";
    public static final String CONSUMER_LEASE_TAKEOVERS = CONSUMER + "lease.takeovers";
    public static final String CONSUMER_LEASE_HANDOFFS = CONSUMER + "lease.handoffs";
    public static final String CONSUMER_LEASE_LOSSES = CONSUMER + "lease.losses";

    /** Every meter name, producer's first. */
    public static final List<String> ALL = List.of(PRODUCER_RECORDS_SENT, PRODUCER_RECORDS_FAILED,
            PRODUCER_RECORDS_RETRIED, PRODUCER_RECORDS_THROTTLED, PRODUCER_PUT_RECORDS, PRODUCER_PUT_RECORDS_IN_FLIGHT,
            PRODUCER_BUFFERED_BYTES, PRODUCER_BUFFERED_RECORDS, CONSUMER_RECORDS_DELIVERED,
            CONSUMER_RECORDS_REDELIVERED, CONSUMER_RECORDS_FAILED, CONSUMER_RECORDS_SKIPPED, CONSUMER_BEHIND_LATEST,
            CONSUMER_RECORDS_IN_FLIGHT, CONSUMER_CHECKPOINT_LAG, CONSUMER_LEASES_HELD, CONSUMER_LEASE_TAKEOVERS,
            CONSUMER_LEASE_HANDOFFS, CONSUMER_LEASE_LOSSES);

    private MeterNames() {}
}
