package io.kinesisbatch.camel.consumer;

import java.time.Instant;

import io.kinesisbatch.camel.checkpoint.SequencePosition;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.kinesis.model.GetShardIteratorRequest;
import software.amazon.awssdk.services.kinesis.model.ShardIteratorType;

import static org.assertj.core.api.Assertions.assertThat;

class ShardReaderTest {

    private static final Instant OPENED = Instant.parse("2026-12-03T07:00:00Z");

    private static GetShardIteratorRequest start(ShardIteratorType type) {
        return GetShardIteratorRequest.builder().streamName("orders").shardId("shardId-000000000000")
                .shardIteratorType(type).build();
    }

    /** Defect 4 of issue 14: LATEST again would skip what was written since the first open. */
    @Test
    void anExpiredLatestIteratorBeforeTheFirstRecordIsReopenedAtTheTimeOfTheFirstOpen() {
        GetShardIteratorRequest again = ShardReader.reopenRequest(start(ShardIteratorType.LATEST), OPENED, null);
        assertThat(again.shardIteratorType()).isEqualTo(ShardIteratorType.AT_TIMESTAMP);
        assertThat(again.timestamp()).isEqualTo(OPENED);
        assertThat(again.shardId()).isEqualTo("shardId-000000000000");
    }

    @Test
    void anExpiredIteratorAfterARecordIsReopenedRightAfterIt() {
        GetShardIteratorRequest again = ShardReader.reopenRequest(start(ShardIteratorType.LATEST), OPENED,
                SequencePosition.of("1234"));
        assertThat(again.shardIteratorType()).isEqualTo(ShardIteratorType.AFTER_SEQUENCE_NUMBER);
        assertThat(again.startingSequenceNumber()).isEqualTo("1234");
        assertThat(again.timestamp()).isNull();
    }

    private static ConsumerSettings settings(boolean deaggregate) {
        io.kinesisbatch.camel.KinesisBatchConfiguration c = new io.kinesisbatch.camel.KinesisBatchConfiguration();
        c.setStreamName("orders");
        c.setWorkerId("w1");
        c.setDeaggregate(deaggregate);
        return ConsumerSettings.from(c);
    }

    @Test
    void deaggregatingAShardResumesAtItsCheckpointsRecordWhichMayHoldUnfinishedUserRecords() {
        ConsumerSettings settings = settings(true);
        GetShardIteratorRequest inside = ShardReader.startRequest(settings.stream(), "shardId-000000000000",
                SequencePosition.of("1234", 3), false, settings);
        assertThat(inside.shardIteratorType()).isEqualTo(ShardIteratorType.AT_SEQUENCE_NUMBER);
        assertThat(inside.startingSequenceNumber()).isEqualTo("1234");
        // (seq, 0) may be a plain record or the first user record of an aggregate: read again, skipped if done
        assertThat(ShardReader.startRequest(settings.stream(), "shardId-000000000000", SequencePosition.of("1234"),
                false, settings).shardIteratorType()).isEqualTo(ShardIteratorType.AT_SEQUENCE_NUMBER);
    }

    @Test
    void aRawReaderResumesAfterAPlainCheckpointAndAtOneInsideAnAggregate() {
        ConsumerSettings settings = settings(false);
        assertThat(ShardReader.startRequest(settings.stream(), "shardId-000000000000", SequencePosition.of("1234"),
                false, settings).shardIteratorType()).isEqualTo(ShardIteratorType.AFTER_SEQUENCE_NUMBER);
        assertThat(ShardReader.startRequest(settings.stream(), "shardId-000000000000", SequencePosition.of("1234", 2),
                false, settings).shardIteratorType()).isEqualTo(ShardIteratorType.AT_SEQUENCE_NUMBER);
    }

    @Test
    void otherStartsAreReopenedWhereTheyStarted() {
        GetShardIteratorRequest trim = start(ShardIteratorType.TRIM_HORIZON);
        assertThat(ShardReader.reopenRequest(trim, OPENED, null)).isEqualTo(trim);
    }
}
