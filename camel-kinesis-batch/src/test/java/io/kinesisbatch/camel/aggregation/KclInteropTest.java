package io.kinesisbatch.camel.aggregation;

import com.google.protobuf.ByteString;
import io.kinesisbatch.camel.aggregation.DeaggregatedRecord.Outcome;
import io.kinesisbatch.camel.shardmap.HashKeyRange;
import io.kinesisbatch.camel.shardmap.HashKeys;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.junit.jupiter.api.Test;
import software.amazon.kinesis.retrieval.AggregatorUtil;
import software.amazon.kinesis.retrieval.KinesisClientRecord;
import software.amazon.kinesis.retrieval.kpl.Messages;

import static io.kinesisbatch.camel.aggregation.KplBytes.frame;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Our codec against KCL 3.1.3 (test scope only): aggregates we build are de-aggregated by KCL's AggregatorUtil,
 * aggregates built with KCL's protobuf classes are de-aggregated by ours, and both agree on what is not an aggregate
 * and on the hash-range rule.
 */
class KclInteropTest {

    private static final String SEQ = "49590338271490256608559692538361571095921575989136588898";

    private static List<KinesisClientRecord> kclDeaggregate(byte[] data, String partitionKey) {
        return new AggregatorUtil().deaggregate(List.of(kclRecord(data, partitionKey)));
    }

    private static KinesisClientRecord kclRecord(byte[] data, String partitionKey) {
        return KinesisClientRecord.builder().sequenceNumber(SEQ).partitionKey(partitionKey)
                .approximateArrivalTimestamp(Instant.EPOCH).data(ByteBuffer.wrap(data)).build();
    }

    private static byte[] bytesOf(ByteBuffer buffer) {
        ByteBuffer copy = buffer.duplicate();
        byte[] out = new byte[copy.remaining()];
        copy.get(out);
        return out;
    }

    /** Random user records: keys drawn from a small pool (so tables dedupe), some explicit hash keys, varied sizes. */
    private static List<SubRecord> randomRecords(Random random, int maxCount, int largeSize) {
        int count = 1 + random.nextInt(maxCount);
        List<SubRecord> records = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String key = random.nextInt(3) == 0 ? "k\u00e9y-" + random.nextInt(5) : "key-" + random.nextInt(1000);
            String ehk = random.nextInt(4) == 0 ? new BigInteger(128, random).toString() : null;
            int size = random.nextInt(10) == 0 ? random.nextInt(largeSize) : random.nextInt(200);
            byte[] data = new byte[size];
            random.nextBytes(data);
            records.add(new SubRecord(key, ehk, data));
        }
        return records;
    }

    private static Aggregate build(List<SubRecord> records, int maxBytes) {
        AggregateBuilder builder = new AggregateBuilder(maxBytes);
        for (SubRecord r : records) {
            assertThat(builder.tryAdd(r)).as("fits: %s", r).isTrue();
        }
        return builder.build();
    }

    /** The same content with KCL's generated protobuf classes, tables in order of first use as our builder makes. */
    private static Messages.AggregatedRecord kclMessage(List<SubRecord> records) {
        Messages.AggregatedRecord.Builder message = Messages.AggregatedRecord.newBuilder();
        Map<String, Integer> pks = new LinkedHashMap<>();
        Map<String, Integer> ehks = new LinkedHashMap<>();
        for (SubRecord r : records) {
            Messages.Record.Builder record = Messages.Record.newBuilder()
                    .setPartitionKeyIndex(pks.computeIfAbsent(r.partitionKey(), k -> pks.size()))
                    .setData(ByteString.copyFrom(r.data()));
            if (r.explicitHashKey() != null) {
                record.setExplicitHashKeyIndex(ehks.computeIfAbsent(r.explicitHashKey(), k -> ehks.size()));
            }
            message.addRecords(record);
        }
        return message.addAllPartitionKeyTable(pks.keySet()).addAllExplicitHashKeyTable(ehks.keySet()).build();
    }

    private static void assertSame(List<KinesisClientRecord> kcl, List<SubRecord> expected) {
        assertThat(kcl).hasSize(expected.size());
        for (int i = 0; i < expected.size(); i++) {
            KinesisClientRecord k = kcl.get(i);
            assertThat(k.aggregated()).isTrue();
            assertThat(k.subSequenceNumber()).isEqualTo(i);
            assertThat(k.sequenceNumber()).isEqualTo(SEQ);
            assertThat(k.partitionKey()).isEqualTo(expected.get(i).partitionKey());
            assertThat(k.explicitHashKey()).isEqualTo(expected.get(i).explicitHashKey());
            assertThat(bytesOf(k.data())).isEqualTo(expected.get(i).data());
        }
    }

    private static void assertSameRecords(List<SubRecord> actual, List<SubRecord> expected) {
        assertThat(actual).hasSize(expected.size());
        for (int i = 0; i < expected.size(); i++) {
            assertThat(actual.get(i).partitionKey()).isEqualTo(expected.get(i).partitionKey());
            assertThat(actual.get(i).explicitHashKey()).isEqualTo(expected.get(i).explicitHashKey());
            assertThat(actual.get(i).data()).isEqualTo(expected.get(i).data());
        }
    }

    @Test
    void kclReadsOurAggregates() {
        Random random = new Random(16);
        for (int round = 0; round < 200; round++) {
            List<SubRecord> records = randomRecords(random, 300, 3000);
            Aggregate aggregate = build(records, AggregateBuilder.DEFAULT_RECORD_LIMIT);
            assertSame(kclDeaggregate(aggregate.data(), aggregate.partitionKey()), records);
        }
    }

    @Test
    void ourProtobufIsByteForByteWhatProtobufJavaWrites() {
        Random random = new Random(1683);
        for (int round = 0; round < 200; round++) {
            List<SubRecord> records = randomRecords(random, 300, 3000);
            byte[] ours = build(records, AggregateBuilder.DEFAULT_RECORD_LIMIT).data();
            byte[] protobuf = Arrays.copyOfRange(ours, 4, ours.length - 16);
            assertThat(protobuf).isEqualTo(kclMessage(records).toByteArray());
        }
    }

    @Test
    void weReadAggregatesBuiltWithKclsProtobufClasses() {
        Random random = new Random(3);
        for (int round = 0; round < 200; round++) {
            List<SubRecord> records = randomRecords(random, 300, 3000);
            byte[] framed = frame(kclMessage(records).toByteArray());
            assertSameRecords(AggregateDecoder.decode(framed).orElseThrow(), records);
            assertSame(kclDeaggregate(framed, "outer"), records); // and KCL agrees on its own bytes
        }
    }

    @Test
    void largeRecordsBothWays() {
        Random random = new Random(5);
        byte[] big = new byte[900 * 1024];
        random.nextBytes(big);
        List<SubRecord> records = List.of(new SubRecord("big", null, big), new SubRecord("small", "0", new byte[]{ 1 }),
                new SubRecord("tail", HashKeys.MAX.toString(), new byte[70_000]));
        Aggregate ours = build(records, 10 * 1024 * 1024); // Kinesis' raised record limit
        assertThat(ours.recordSize()).isGreaterThan(970_000);
        assertSame(kclDeaggregate(ours.data(), ours.partitionKey()), records);
        assertSameRecords(AggregateDecoder.decode(frame(kclMessage(records).toByteArray())).orElseThrow(), records);
    }

    @Test
    void tagsAndUnusedTableEntriesFromOtherProducersAreRead() {
        Messages.AggregatedRecord message = Messages.AggregatedRecord.newBuilder()
                .addPartitionKeyTable("unused").addPartitionKeyTable("used")
                .addExplicitHashKeyTable("99")
                .addRecords(Messages.Record.newBuilder().setPartitionKeyIndex(1).setData(ByteString.copyFromUtf8("x"))
                        .addTags(Messages.Tag.newBuilder().setKey("tag").setValue("v")))
                .addRecords(Messages.Record.newBuilder().setPartitionKeyIndex(0).setExplicitHashKeyIndex(0)
                        .setData(ByteString.EMPTY).addTags(Messages.Tag.newBuilder().setKey("only-key")))
                .build();
        List<SubRecord> expected = List.of(new SubRecord("used", null, "x".getBytes()),
                new SubRecord("unused", "99", new byte[0]));
        byte[] framed = frame(message.toByteArray());
        assertSameRecords(AggregateDecoder.decode(framed).orElseThrow(), expected);
        assertSame(kclDeaggregate(framed, "outer"), expected);
    }

    @Test
    void emptyKeyTablesAndNoRecords() {
        // nothing at all: the protobuf is empty, so only 16 bytes follow the magic: a plain record for both
        byte[] empty = frame(Messages.AggregatedRecord.newBuilder().build().toByteArray());
        assertThat(AggregateDecoder.decode(empty)).isEmpty();
        assertPlainForKcl(empty);
        // a table and no records: an aggregate of nothing for both
        byte[] noRecords = frame(
                Messages.AggregatedRecord.newBuilder().addPartitionKeyTable("k").build().toByteArray());
        assertThat(AggregateDecoder.decode(noRecords)).hasValue(List.of());
        assertThat(kclDeaggregate(noRecords, "outer")).isEmpty();
    }

    @Test
    void aCorruptMd5MakesAPlainRecordForBoth() {
        byte[] framed = build(List.of(new SubRecord("k", null, new byte[]{ 1, 2 })), 1000).data();
        framed[framed.length - 3] ^= 0x40;
        assertThat(AggregateDecoder.decode(framed)).isEmpty();
        assertThat(Deaggregator.deaggregate(SEQ, "k", framed, HashKeyRange.ALL).outcome()).isEqualTo(Outcome.PLAIN);
        assertPlainForKcl(framed);
    }

    @Test
    void truncatedProtobufBehindAGoodMd5FailsHereWhereKclPassesTheBlobOnAsPlain() {
        List<SubRecord> records = List.of(new SubRecord("k", null, new byte[]{ 1, 2, 3 }),
                new SubRecord("l", null, new byte[]{ 4 }));
        byte[] protobuf = kclMessage(records).toByteArray();
        byte[] truncated = frame(Arrays.copyOf(protobuf, protobuf.length - 2));
        assertThatThrownBy(() -> AggregateDecoder.decode(truncated)).isInstanceOf(CorruptAggregateException.class)
                .hasMessageContaining("beyond");
        // KCL catches the protobuf error and hands the raw aggregate to the application as if it were plain;
        // the contract wants such a record failed (it then follows skipFailedRecords), never passed on silently
        assertPlainForKcl(truncated);
    }

    @Test
    void anIndexOutsideItsTableFailsHereWithAClearErrorWhereKcl313Crashes() {
        byte[] framed = frame(Messages.AggregatedRecord.newBuilder().addPartitionKeyTable("k")
                .addRecords(Messages.Record.newBuilder().setPartitionKeyIndex(3).setData(ByteString.copyFromUtf8("x")))
                .build().toByteArray());
        assertThatThrownBy(() -> AggregateDecoder.decode(framed)).isInstanceOf(CorruptAggregateException.class)
                .hasMessage("Corrupt KPL aggregate: user record 0 names partition key 3 of a table of 1");
        // KCL logs the record with javax.xml.bind, which Java 11+ no longer ships: an Error escapes instead
        assertThatThrownBy(() -> kclDeaggregate(framed, "k")).isInstanceOf(NoClassDefFoundError.class)
                .hasMessageContaining("javax/xml/bind/DatatypeConverter");
    }

    @Test
    void bothApplyTheHashRangeRuleTheSameWay() {
        Random random = new Random(18);
        int dropped = 0;
        for (int round = 0; round < 300; round++) {
            List<SubRecord> records = randomRecords(random, 4, 100);
            Aggregate aggregate = build(records, AggregateBuilder.DEFAULT_MAX_BYTES);
            BigInteger a = new BigInteger(128, random);
            BigInteger b = random.nextBoolean() ? new BigInteger(128, random) : records.get(0).hashKey();
            HashKeyRange range = new HashKeyRange(a.min(b), a.max(b));
            List<KinesisClientRecord> kcl = new AggregatorUtil().deaggregate(
                    List.of(kclRecord(aggregate.data(), aggregate.partitionKey())),
                    range.start().toString(), range.end().toString());
            DeaggregatedRecord ours = Deaggregator.deaggregate(SEQ, aggregate.partitionKey(), aggregate.data(), range);
            assertThat(ours.userRecords()).hasSameSizeAs(kcl);
            assertThat(ours.outcome() == Outcome.OUTSIDE_SHARD_RANGE).isEqualTo(kcl.isEmpty());
            assertThat(aggregate.fitsWithin(range)).isEqualTo(!kcl.isEmpty());
            dropped += kcl.isEmpty() ? 1 : 0;
        }
        assertThat(dropped).as("both outcomes exercised").isBetween(30, 290);
    }

    /**
     * Differential fuzzing: mutated protobuf (bytes flipped, cut, inserted) must either decode to exactly what
     * protobuf-java parses from it, or fail with CorruptAggregateException where protobuf-java fails too or the content
     * is unusable (an index outside its table). Nothing else may escape: no IndexOutOfBounds, no OutOfMemoryError.
     */
    @Test
    void mutatedProtobufDecodesLikeProtobufJavaOrFailsCleanly() {
        Random random = new Random(2026);
        int agreedValid = 0;
        int agreedCorrupt = 0;
        for (int round = 0; round < 20_000; round++) {
            byte[] protobuf = kclMessage(randomRecords(random, 6, 300)).toByteArray();
            byte[] mutated = mutate(protobuf, random);
            if (mutated.length == 0) {
                continue; // no protobuf at all: a plain record, covered above
            }
            List<SubRecord> expected = parseWithProtobufJava(mutated);
            try {
                List<SubRecord> ours = AggregateDecoder.decode(frame(mutated)).orElseThrow();
                assertThat(expected).as("protobuf-java rejects what we accepted, round %d", round).isNotNull();
                assertSameRecords(ours, expected);
                agreedValid++;
            } catch (CorruptAggregateException e) {
                assertThat(expected).as("we reject what protobuf-java reads, round %d: %s", round, e.getMessage())
                        .isNull();
                agreedCorrupt++;
            }
        }
        assertThat(agreedValid).as("valid mutations").isGreaterThan(1000);
        assertThat(agreedCorrupt).as("corrupt mutations").isGreaterThan(1000);
    }

    private static byte[] mutate(byte[] protobuf, Random random) {
        byte[] out = protobuf.clone();
        int mutations = 1 + random.nextInt(3);
        for (int m = 0; m < mutations && out.length > 0; m++) {
            int at = random.nextInt(out.length);
            switch (random.nextInt(4)) {
                case 0 -> out[at] = (byte) random.nextInt(256);
                case 1 -> out[at] ^= (byte) (1 << random.nextInt(8));
                case 2 -> out = Arrays.copyOf(out, at);
                default -> {
                    byte[] inserted = new byte[out.length + 1];
                    System.arraycopy(out, 0, inserted, 0, at);
                    inserted[at] = (byte) random.nextInt(256);
                    System.arraycopy(out, at, inserted, at + 1, out.length - at);
                    out = inserted;
                }
            }
        }
        return out;
    }

    /** What protobuf-java makes of the bytes, or null when it fails or an index lies outside its table. */
    private static List<SubRecord> parseWithProtobufJava(byte[] protobuf) {
        Messages.AggregatedRecord message;
        try {
            message = Messages.AggregatedRecord.parseFrom(protobuf);
        } catch (com.google.protobuf.InvalidProtocolBufferException e) {
            return null;
        }
        List<SubRecord> records = new ArrayList<>();
        for (Messages.Record r : message.getRecordsList()) {
            if (r.getPartitionKeyIndex() < 0 || r.getPartitionKeyIndex() >= message.getPartitionKeyTableCount()
                || r.hasExplicitHashKeyIndex() && (r.getExplicitHashKeyIndex() < 0
                                                   || r.getExplicitHashKeyIndex() >= message
                                                           .getExplicitHashKeyTableCount())) {
                return null;
            }
            records.add(new SubRecord(message.getPartitionKeyTable((int) r.getPartitionKeyIndex()),
                    r.hasExplicitHashKeyIndex() ? message.getExplicitHashKeyTable((int) r.getExplicitHashKeyIndex())
                            : null,
                    r.getData().toByteArray()));
        }
        return records;
    }

    private static void assertPlainForKcl(byte[] data) {
        List<KinesisClientRecord> kcl = kclDeaggregate(data, "outer");
        assertThat(kcl).singleElement().satisfies(k -> {
            assertThat(k.aggregated()).isFalse();
            assertThat(bytesOf(k.data())).isEqualTo(data);
        });
    }
}
