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

    @Test
    void otherStartsAreReopenedWhereTheyStarted() {
        GetShardIteratorRequest trim = start(ShardIteratorType.TRIM_HORIZON);
        assertThat(ShardReader.reopenRequest(trim, OPENED, null)).isEqualTo(trim);
    }
}
