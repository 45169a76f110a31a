package io.kinesisbatch.camel.consumer;

import java.net.InetAddress;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;

import io.kinesisbatch.camel.KinesisBatchConfiguration;
import software.amazon.awssdk.services.kinesis.model.ShardIteratorType;

/**
 * The consumer options, checked and converted once when the consumer is created, so a wrong value stops the route
 * from starting with a message naming the option.
 *
 * @param shardIds    null for all shards
 * @param deaggregate split KPL aggregates into their user records
 */
public record ConsumerSettings(StreamRef stream, String workerId, ShardIteratorType iteratorType, Instant timestamp,
                               Set<String> shardIds, int maxResultsPerRequest, Duration pollDelay, int checkpointLimit,
                               Duration checkpointInterval, int maxRecordsPerExchange, boolean skipFailedRecords,
                               Duration leaseDuration,
                               Duration rebalanceInterval, boolean deaggregate) {

    /** Kinesis allows 5 GetRecords calls per second per shard. */
    public static final Duration MIN_CALL_SPACING = Duration.ofMillis(200);

    /** The most records of one shard in flight ahead of its checkpoint: far above any useful window, far from overflow. */
    public static final int MAX_CHECKPOINT_LIMIT = 1_000_000;

    public static ConsumerSettings from(KinesisBatchConfiguration c) {
        ShardIteratorType type = iteratorType(c.getIteratorType());
        Instant timestamp = c.getMessageTimestamp() == null ? null : parseTimestamp(c.getMessageTimestamp());
        if (type == ShardIteratorType.AT_TIMESTAMP && timestamp == null) {
            throw new IllegalArgumentException(
                    "iteratorType AT_TIMESTAMP needs messageTimestamp (epoch millis or ISO-8601)");
        }
        requireRange("maxResultsPerRequest", c.getMaxResultsPerRequest(), 1, 10000);
        requireRange("checkpointLimit", c.getCheckpointLimit(), 1, MAX_CHECKPOINT_LIMIT);
        requireRange("maxRecordsPerExchange", c.getMaxRecordsPerExchange(), 1, 10000);
        if (c.getPollDelay() < 0 || c.getCheckpointInterval() <= 0) {
            throw new IllegalArgumentException("pollDelay must be 0 or more and checkpointInterval above 0");
        }
        if (c.getLeaseDuration() < 300 || c.getRebalanceInterval() <= 0) {
            throw new IllegalArgumentException("leaseDuration must be at least 300ms and rebalanceInterval above 0");
        }
        return new ConsumerSettings(StreamRef.of(c.getStreamName()), workerId(c.getWorkerId()), type, timestamp,
                shardIds(c.getShardIds()), c.getMaxResultsPerRequest(), Duration.ofMillis(c.getPollDelay()),
                c.getCheckpointLimit(), Duration.ofMillis(c.getCheckpointInterval()), c.getMaxRecordsPerExchange(),
                c.isSkipFailedRecords(), Duration.ofMillis(c.getLeaseDuration()),
                Duration.ofMillis(c.getRebalanceInterval()), c.isDeaggregate());
    }

    static ShardIteratorType iteratorType(String value) {
        String normalized = value == null ? "TRIM_HORIZON" : value.trim().toUpperCase(Locale.ROOT);
        switch (normalized) {
            case "TRIM_HORIZON" :
                return ShardIteratorType.TRIM_HORIZON;
            case "LATEST" :
                return ShardIteratorType.LATEST;
            case "AT_TIMESTAMP" :
                return ShardIteratorType.AT_TIMESTAMP;
            default :
                throw new IllegalArgumentException(
                        "iteratorType must be TRIM_HORIZON, LATEST or AT_TIMESTAMP, got: " + value);
        }
    }

    /** Epoch milliseconds ({@code 1763892000000}) or ISO-8601 ({@code 2026-11-23T10:00:00Z}, with any offset). */
    public static Instant parseTimestamp(String value) {
        String v = value.trim();
        if (v.matches("\\d+")) {
            return Instant.ofEpochMilli(Long.parseLong(v));
        }
        try {
            return OffsetDateTime.parse(v).toInstant();
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(
                    "messageTimestamp must be epoch milliseconds or ISO-8601 like 2026-11-23T10:00:00Z, got: " + value,
                    e);
        }
    }

    static Set<String> shardIds(String list) {
        if (list == null || list.isBlank()) {
            return null;
        }
        Set<String> ids = new LinkedHashSet<>();
        Arrays.stream(list.split(",")).map(String::trim).filter(s -> !s.isEmpty()).forEach(ids::add);
        return ids.isEmpty() ? null : Set.copyOf(ids);
    }

    static String workerId(String configured) {
        if (configured != null && !configured.isBlank()) {
            return configured.trim();
        }
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (Exception e) {
            host = "worker";
        }
        return host + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    private static void requireRange(String option, int value, int min, int max) {
        if (value < min || value > max) {
            throw new IllegalArgumentException(option + " must be between " + min + " and " + max + ", got " + value);
        }
    }
}
