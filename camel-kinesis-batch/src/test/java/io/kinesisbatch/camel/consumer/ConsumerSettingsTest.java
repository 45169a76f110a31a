package io.kinesisbatch.camel.consumer;

import java.time.Instant;
import java.util.Set;

import io.kinesisbatch.camel.KinesisBatchConfiguration;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.kinesis.model.GetShardIteratorRequest;
import software.amazon.awssdk.services.kinesis.model.ShardIteratorType;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ConsumerSettingsTest {

    private static KinesisBatchConfiguration config(String stream) {
        KinesisBatchConfiguration c = new KinesisBatchConfiguration();
        c.setStreamName(stream);
        return c;
    }

    @Test
    void defaultsFollowTheContract() {
        ConsumerSettings s = ConsumerSettings.from(config("orders"));
        assertThat(s.iteratorType()).isEqualTo(ShardIteratorType.TRIM_HORIZON);
        assertThat(s.checkpointLimit()).isEqualTo(1024);
        assertThat(s.maxResultsPerRequest()).isEqualTo(10000);
        assertThat(s.pollDelay()).hasSeconds(1);
        assertThat(s.checkpointInterval()).hasSeconds(5);
        assertThat(s.shardIds()).isNull();
        assertThat(s.workerId()).isNotBlank();
        assertThat(s.stream().name()).isEqualTo("orders");
        assertThat(s.stream().arn()).isNull();
    }

    @Test
    void aStreamArnIsUsedAsArn() {
        StreamRef ref = StreamRef.of("arn:aws:kinesis:us-east-1:000000000000:stream/orders");
        assertThat(ref.name()).isNull();
        assertThat(ref.arn()).startsWith("arn:");
    }

    @Test
    void messageTimestampIsEpochMillisOrIso8601() {
        assertThat(ConsumerSettings.parseTimestamp("1763892000000")).isEqualTo(Instant.ofEpochMilli(1763892000000L));
        assertThat(ConsumerSettings.parseTimestamp("2026-11-23T10:00:00Z"))
                .isEqualTo(Instant.parse("2026-11-23T10:00:00Z"));
        assertThat(ConsumerSettings.parseTimestamp("2026-11-23T11:00:00+01:00"))
                .isEqualTo(Instant.parse("2026-11-23T10:00:00Z"));
        assertThatThrownBy(() -> ConsumerSettings.parseTimestamp("yesterday"))
                .hasMessageContaining("messageTimestamp");
    }

    @Test
    void wrongValuesNameTheOption() {
        KinesisBatchConfiguration c = config("orders");
        c.setIteratorType("AT_TIMESTAMP");
        assertThatThrownBy(() -> ConsumerSettings.from(c)).hasMessageContaining("messageTimestamp");
        c.setIteratorType("OLDEST");
        assertThatThrownBy(() -> ConsumerSettings.from(c)).hasMessageContaining("iteratorType");
        c.setIteratorType("latest");
        c.setCheckpointLimit(0);
        assertThatThrownBy(() -> ConsumerSettings.from(c)).hasMessageContaining("checkpointLimit");
    }

    /** Issue 14: near Integer.MAX_VALUE the window's counters overflow; the option has a sane upper bound. */
    @Test
    void checkpointLimitHasAnUpperBoundNamedInTheError() {
        KinesisBatchConfiguration c = config("orders");
        c.setCheckpointLimit(ConsumerSettings.MAX_CHECKPOINT_LIMIT);
        assertThat(ConsumerSettings.from(c).checkpointLimit()).isEqualTo(1_000_000);
        c.setCheckpointLimit(Integer.MAX_VALUE);
        assertThatThrownBy(() -> ConsumerSettings.from(c))
                .hasMessage("checkpointLimit must be between 1 and 1000000, got 2147483647");
    }

    @Test
    void shardIdsIsACommaList() {
        KinesisBatchConfiguration c = config("orders");
        c.setShardIds(" shardId-000000000001, shardId-000000000003 ,");
        assertThat(ConsumerSettings.from(c).shardIds())
                .isEqualTo(Set.of("shardId-000000000001", "shardId-000000000003"));
    }

    @Test
    void aShardStartsAfterItsCheckpointElseAtTheConfiguredPosition() {
        KinesisBatchConfiguration c = config("orders");
        c.setIteratorType("AT_TIMESTAMP");
        c.setMessageTimestamp("1763892000000");
        c.setDeaggregate(false); // de-aggregating, a shard opens AT its checkpoint's record: see ShardReaderTest
        ConsumerSettings s = ConsumerSettings.from(c);

        GetShardIteratorRequest after = ShardReader.startRequest(s.stream(), "shard-1",
                io.kinesisbatch.camel.checkpoint.SequencePosition.of("42"), false, s);
        assertThat(after.shardIteratorType()).isEqualTo(ShardIteratorType.AFTER_SEQUENCE_NUMBER);
        assertThat(after.startingSequenceNumber()).isEqualTo("42");

        GetShardIteratorRequest child = ShardReader.startRequest(s.stream(), "shard-1", null, true, s);
        assertThat(child.shardIteratorType()).isEqualTo(ShardIteratorType.TRIM_HORIZON);

        GetShardIteratorRequest fresh = ShardReader.startRequest(s.stream(), "shard-1", null, false, s);
        assertThat(fresh.shardIteratorType()).isEqualTo(ShardIteratorType.AT_TIMESTAMP);
        assertThat(fresh.timestamp()).isEqualTo(Instant.ofEpochMilli(1763892000000L));
        assertThat(fresh.streamName()).isEqualTo("orders");
    }
}
