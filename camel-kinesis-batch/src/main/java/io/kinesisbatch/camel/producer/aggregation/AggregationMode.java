package io.kinesisbatch.camel.producer.aggregation;

import io.kinesisbatch.camel.KinesisBatchConfiguration;

/**
 * The {@code aggregation} option, and the checks of {@code aggregationMaxBytes}, made when the endpoint is created so
 * a bad value stops the route from starting with a message naming the option.
 */
public enum AggregationMode {
    /** One Kinesis record per message. */
    NONE("none"),
    /** Messages of one partition key (and explicit hash key) share aggregates: they always land on the right shard. */
    PARTITION_KEY("partitionKey"),
    /** Messages predicted to land on one shard share aggregates (shard map from ListShards). */
    SHARD("shard");

    /** The largest record Kinesis can be configured to take (10 MiB); the stream's own limit is applied at start. */
    public static final int LARGEST_RECORD_LIMIT = 10 * 1024 * 1024;

    private final String option;

    AggregationMode(String option) {
        this.option = option;
    }

    public String option() {
        return option;
    }

    /** The mode named by the option (case-insensitive); a clear error naming the option otherwise. */
    public static AggregationMode of(String value) {
        if (value == null || value.isBlank()) {
            return NONE;
        }
        for (AggregationMode m : values()) {
            if (m.option.equalsIgnoreCase(value.trim())) {
                return m;
            }
        }
        throw new IllegalArgumentException("aggregation must be none, partitionKey or shard, got " + value);
    }

    /** Checks both aggregation options of an endpoint; throws naming the option at fault. */
    public static AggregationMode validate(KinesisBatchConfiguration config) {
        AggregationMode mode = of(config.getAggregation());
        int max = config.getAggregationMaxBytes();
        if (max < 1 || max > LARGEST_RECORD_LIMIT) {
            throw new IllegalArgumentException("aggregationMaxBytes must be from 1 to " + LARGEST_RECORD_LIMIT
                                               + " (and is lowered to the stream's record limit), got " + max);
        }
        return mode;
    }
}
