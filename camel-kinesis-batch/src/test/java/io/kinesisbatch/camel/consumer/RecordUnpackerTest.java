package io.kinesisbatch.camel.consumer;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import io.kinesisbatch.camel.checkpoint.SequencePosition;
import io.kinesisbatch.camel.shardmap.HashKeyRange;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.kinesis.model.Record;

import static io.kinesisbatch.camel.consumer.TestAggregates.aggregate;
import static io.kinesisbatch.camel.consumer.TestAggregates.aggregateAt;
import static io.kinesisbatch.camel.consumer.TestAggregates.corrupt;
import static io.kinesisbatch.camel.consumer.TestAggregates.plain;
import static org.assertj.core.api.Assertions.assertThat;

class RecordUnpackerTest {

    /** What one Kinesis record gave: the records to hand out, and the position the shard has been read to. */
    record Unpacked(List<ShardRecord> records, SequencePosition reached) {
    }

    /** A {@link RecordUnpacker} whose every record's outcome is read on its own. */
    private record Unpacker(RecordUnpacker unpacker) {
        Unpacked unpack(Record record) {
            List<ShardRecord> out = new ArrayList<>();
            SequencePosition reached = unpacker.unpackInto(record, out);
            return new Unpacked(out, reached);
        }
    }

    private static Unpacker unpacker(boolean deaggregate, SequencePosition resumeAfter) {
        return new Unpacker(new RecordUnpacker("shardId-000000000000", deaggregate, HashKeyRange.ALL, resumeAfter));
    }

    private static List<String> texts(List<ShardRecord> records) {
        return records.stream().map(r -> new String(r.data(), StandardCharsets.UTF_8)).toList();
    }

    @Test
    void anAggregateBecomesItsUserRecordsWithTheirKeysAndPositions() {
        Unpacked unpacked = unpacker(true, null).unpack(aggregate("100", "a", 3));

        assertThat(texts(unpacked.records())).containsExactly("a-0", "a-1", "a-2");
        assertThat(unpacked.records()).extracting(ShardRecord::partitionKey).containsExactly("key-0", "key-1", "key-2");
        assertThat(unpacked.records()).extracting(ShardRecord::position).containsExactly(SequencePosition.of("100", 0),
                SequencePosition.of("100", 1), SequencePosition.of("100", 2));
        assertThat(unpacked.records()).allMatch(ShardRecord::aggregated);
        assertThat(unpacked.reached()).isEqualTo(SequencePosition.of("100", 2));
    }

    @Test
    void aPlainRecordStaysOneNotMarkedAggregated() {
        Unpacked unpacked = unpacker(true, null).unpack(plain("100", "p", "hello"));

        assertThat(texts(unpacked.records())).containsExactly("hello");
        assertThat(unpacked.records().get(0).aggregated()).isFalse();
        assertThat(unpacked.records().get(0).partitionKey()).isEqualTo("p");
        assertThat(unpacked.reached()).isEqualTo(SequencePosition.of("100"));
    }

    @Test
    void withoutDeaggregationTheAggregateIsHandedOverRaw() {
        var record = aggregate("100", "a", 3);
        Unpacked unpacked = unpacker(false, null).unpack(record);

        assertThat(unpacked.records()).hasSize(1);
        assertThat(unpacked.records().get(0).data()).isEqualTo(record.data().asByteArray());
        assertThat(unpacked.records().get(0).aggregated()).isFalse();
        assertThat(unpacked.records().get(0).position()).isEqualTo(SequencePosition.of("100"));
    }

    @Test
    void resumingInsideAnAggregateSkipsItsUserRecordsAtOrBelowTheCheckpointOnly() {
        Unpacker unpacker = unpacker(true, SequencePosition.of("100", 1));

        assertThat(texts(unpacker.unpack(aggregate("100", "a", 4)).records())).containsExactly("a-2", "a-3");
        assertThat(texts(unpacker.unpack(aggregate("101", "b", 2)).records())).containsExactly("b-0", "b-1");
    }

    @Test
    void resumingAtAPlainRecordSkipsItWhenReadAgain() {
        Unpacker unpacker = unpacker(true, SequencePosition.of("100"));

        Unpacked again = unpacker.unpack(plain("100", "p", "done"));
        assertThat(again.records()).isEmpty();
        assertThat(again.reached()).isEqualTo(SequencePosition.of("100"));
        assertThat(texts(unpacker.unpack(plain("101", "p", "next")).records())).containsExactly("next");
    }

    @Test
    void aRawReaderResumingInsideAnAggregateHandsItOverWholeJustAfterTheCheckpoint() {
        Unpacker unpacker = unpacker(false, SequencePosition.of("100", 1));

        Unpacked unpacked = unpacker.unpack(aggregate("100", "a", 4));
        assertThat(unpacked.records()).hasSize(1);
        assertThat(unpacked.records().get(0).position()).isEqualTo(SequencePosition.of("100", 2));
        assertThat(unpacker.unpack(plain("101", "p", "x")).records().get(0).position())
                .isEqualTo(SequencePosition.of("101"));
    }

    @Test
    void anAggregateWithAUserRecordOutsideTheShardsRangeIsDroppedWhole() {
        HashKeyRange lowerHalf = new HashKeyRange(BigInteger.ZERO,
                BigInteger.ONE.shiftLeft(127).subtract(BigInteger.ONE));
        Unpacker unpacker = new Unpacker(new RecordUnpacker("shardId-000000000001", true, lowerHalf, null));

        String upper = BigInteger.ONE.shiftLeft(127).toString();
        Unpacked dropped = unpacker.unpack(aggregateAt("100", upper));
        assertThat(dropped.records()).isEmpty();
        assertThat(dropped.reached()).as("the shard is read past it").isEqualTo(SequencePosition.of("100"));
        assertThat(unpacker.unpack(aggregateAt("101", "5")).records()).as("in range").hasSize(2);
        assertThat(unpacker.unpack(plain("102", "anything", "x")).records()).as("plain records are never dropped")
                .hasSize(1);
    }

    @Test
    void aCorruptAggregateBecomesOneRecordMarkedCorruptNamingItsSequenceNumber() {
        Unpacked unpacked = unpacker(true, null).unpack(corrupt("100"));

        assertThat(unpacked.records()).hasSize(1);
        ShardRecord record = unpacked.records().get(0);
        assertThat(record.corrupt()).isNotNull();
        assertThat(record.corrupt().getMessage()).contains("100");
        assertThat(record.position()).isEqualTo(SequencePosition.of("100"));
        assertThat(unpacker(false, null).unpack(corrupt("100")).records().get(0).corrupt())
                .as("not looked into without de-aggregation").isNull();
    }
}
