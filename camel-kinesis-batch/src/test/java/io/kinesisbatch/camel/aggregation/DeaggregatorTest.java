package io.kinesisbatch.camel.aggregation;

import io.kinesisbatch.camel.aggregation.DeaggregatedRecord.Outcome;
import io.kinesisbatch.camel.checkpoint.SequencePosition;
import io.kinesisbatch.camel.shardmap.HashKeyRange;
import io.kinesisbatch.camel.shardmap.HashKeys;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import static io.kinesisbatch.camel.aggregation.KplBytes.bytes;
import static io.kinesisbatch.camel.aggregation.KplBytes.frame;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DeaggregatorTest {

    private static final String SEQ = "49590338271490256608559692538361571095921575989136588898";

    private static byte[] aggregateOf(String... keysAndExplicitHashKeys) {
        AggregateBuilder builder = new AggregateBuilder(AggregateBuilder.DEFAULT_MAX_BYTES);
        for (int i = 0; i < keysAndExplicitHashKeys.length; i += 2) {
            String key = keysAndExplicitHashKeys[i];
            builder.tryAdd(new SubRecord(key, keysAndExplicitHashKeys[i + 1],
                    ("data-" + i / 2).getBytes(StandardCharsets.UTF_8)));
        }
        return builder.build().data();
    }

    @Test
    void aPlainRecordIsOneUserRecordAtSubSequenceZero() {
        byte[] data = "hello".getBytes(StandardCharsets.UTF_8);
        DeaggregatedRecord result = Deaggregator.deaggregate(SEQ, "pk", data, HashKeyRange.parse("0", "1"));
        assertThat(result.outcome()).isEqualTo(Outcome.PLAIN);
        assertThat(result.userRecords()).singleElement().satisfies(r -> {
            assertThat(r.position()).isEqualTo(SequencePosition.of(SEQ));
            assertThat(r.partitionKey()).isEqualTo("pk");
            assertThat(r.explicitHashKey()).isNull();
            assertThat(r.data()).isEqualTo(data);
            assertThat(r.aggregated()).isFalse();
            assertThat(r.lastInRecord()).isTrue();
        });
        assertThat(result.lastPosition()).isEqualTo(SequencePosition.of(SEQ, 0));
        assertThat(result.aggregatedCount()).isZero();
    }

    @Test
    void anAggregateYieldsItsUserRecordsWithSubSequenceNumbers() {
        DeaggregatedRecord result = Deaggregator.deaggregate(SEQ, "outer", aggregateOf("a", null, "b", "7", "c", null),
                HashKeyRange.ALL);
        assertThat(result.outcome()).isEqualTo(Outcome.AGGREGATE);
        assertThat(result.userRecords()).extracting(UserRecord::subSequenceNumber).containsExactly(0L, 1L, 2L);
        assertThat(result.userRecords()).extracting(UserRecord::partitionKey).containsExactly("a", "b", "c");
        assertThat(result.userRecords()).extracting(UserRecord::explicitHashKey).containsExactly(null, "7", null);
        assertThat(result.userRecords()).extracting(UserRecord::lastInRecord).containsExactly(false, false, true);
        assertThat(result.userRecords()).allMatch(UserRecord::aggregated);
        assertThat(result.userRecords().get(1).data()).isEqualTo("data-1".getBytes(StandardCharsets.UTF_8));
        assertThat(result.lastPosition()).isEqualTo(SequencePosition.of(SEQ, 2));
        assertThat(result.aggregatedCount()).isEqualTo(3);
    }

    @Test
    void anAggregateWithOneUserRecordOutsideTheShardIsDroppedWhole() {
        BigInteger a = HashKeys.ofPartitionKey("a");
        HashKeyRange aToMax = new HashKeyRange(a, HashKeys.MAX);
        DeaggregatedRecord inside = Deaggregator.deaggregate(SEQ, "a", aggregateOf("a", null, "x", "" + HashKeys.MAX),
                aToMax);
        assertThat(inside.outcome()).isEqualTo(Outcome.AGGREGATE);

        String below = a.subtract(BigInteger.ONE).toString();
        DeaggregatedRecord dropped = Deaggregator.deaggregate(SEQ, "a", aggregateOf("a", null, "x", below, "z", null),
                aToMax);
        assertThat(dropped.outcome()).isEqualTo(Outcome.OUTSIDE_SHARD_RANGE);
        assertThat(dropped.userRecords()).isEmpty();
        assertThat(dropped.misplacedHashKey()).isEqualTo(new BigInteger(below));
        assertThat(dropped.aggregatedCount()).isEqualTo(3);
        // nothing to deliver, but the consumer must still move its checkpoint past the record
        assertThat(dropped.lastPosition()).isEqualTo(SequencePosition.of(SEQ));
    }

    @Test
    void theRangeRuleUsesTheMd5OfPartitionKeysWithoutExplicitHashKeys() {
        BigInteger a = HashKeys.ofPartitionKey("a");
        HashKeyRange justA = new HashKeyRange(a, a);
        assertThat(Deaggregator.deaggregate(SEQ, "a", aggregateOf("a", null, "a", null), justA).outcome())
                .isEqualTo(Outcome.AGGREGATE);
        assertThat(Deaggregator.deaggregate(SEQ, "a", aggregateOf("a", null, "b", null), justA).outcome())
                .isEqualTo(Outcome.OUTSIDE_SHARD_RANGE);
        // plain records are never dropped: Kinesis put them on this shard itself
        assertThat(Deaggregator.deaggregate(SEQ, "b", new byte[]{ 1 }, justA).outcome()).isEqualTo(Outcome.PLAIN);
    }

    @Test
    void aCorruptAggregateFailsNamingItsSequenceNumber() {
        byte[] corrupt = frame(bytes(0x0A, 0x01, 'k', 0x1A, 0x05, 0x08, 0x01, 0x1A, 0x01, 'x'));
        assertThatThrownBy(() -> Deaggregator.deaggregate(SEQ, "k", corrupt, HashKeyRange.ALL))
                .isInstanceOf(CorruptAggregateException.class)
                .hasMessageStartingWith(
                        "Record " + SEQ + ": Corrupt KPL aggregate: user record 0 names partition key 1");
        byte[] badExplicitHashKey = frame(bytes(0x0A, 0x01, 'k', 0x12, 0x02, '-', '1',
                0x1A, 0x07, 0x08, 0x00, 0x10, 0x00, 0x1A, 0x01, 'x'));
        for (HashKeyRange range : new HashKeyRange[]{ HashKeyRange.ALL, HashKeyRange.parse("0", "5") }) {
            assertThatThrownBy(() -> Deaggregator.deaggregate(SEQ, "k", badExplicitHashKey, range))
                    .isInstanceOf(CorruptAggregateException.class)
                    .hasMessageContaining("user record 0: The explicit hash key '-1' is not a decimal number");
        }
    }

    @Test
    void anEmptyAggregateYieldsNothingButCanBeAcknowledged() {
        DeaggregatedRecord empty = Deaggregator.deaggregate(SEQ, "k", frame(bytes(0x0A, 0x01, 'k')), HashKeyRange.ALL);
        assertThat(empty.outcome()).isEqualTo(Outcome.AGGREGATE);
        assertThat(empty.userRecords()).isEmpty();
        assertThat(empty.lastPosition()).isEqualTo(SequencePosition.of(SEQ));
    }

    @Test
    void afterARestartOnlyUserRecordsPastTheCheckpointAreDelivered() {
        DeaggregatedRecord result = Deaggregator.deaggregate(SEQ, "outer",
                aggregateOf("a", null, "b", null, "c", null, "d", null), HashKeyRange.ALL);
        assertThat(result.userRecordsAfter(SequencePosition.of(SEQ, 1))).extracting(UserRecord::partitionKey)
                .containsExactly("c", "d");
        assertThat(result.userRecordsAfter(SequencePosition.of(SEQ, 3))).isEmpty();
        assertThat(result.userRecordsAfter(null)).hasSize(4);
        // a checkpoint of an earlier record, or one written by a consumer without sub-sequence numbers
        BigInteger earlier = new BigInteger(SEQ).subtract(BigInteger.ONE);
        assertThat(result.userRecordsAfter(SequencePosition.of(earlier.toString()))).hasSize(4);
        // (seq, 0) cannot tell "the whole record" (written with deaggregate=false) from "its first user record":
        // the rest is delivered again, at least once and never lost
        assertThat(result.userRecordsAfter(SequencePosition.of(SEQ))).extracting(UserRecord::partitionKey)
                .containsExactly("b", "c", "d");
        DeaggregatedRecord plain = Deaggregator.deaggregate(SEQ, "p", new byte[]{ 1 }, HashKeyRange.ALL);
        assertThat(plain.userRecordsAfter(SequencePosition.of(SEQ))).isEmpty();
    }
}
