package io.kinesisbatch.camel.consumer;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.Arrays;

import io.kinesisbatch.camel.aggregation.Aggregate;
import io.kinesisbatch.camel.aggregation.AggregateBuilder;
import io.kinesisbatch.camel.aggregation.SubRecord;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kinesis.model.Record;

/** Kinesis records for the consumer's tests: plain ones, KPL aggregates built with our builder, corrupt aggregates. */
final class TestAggregates {

    private TestAggregates() {}

    static Record plain(String sequence, String key, String data) {
        return record(sequence, key, data.getBytes(StandardCharsets.UTF_8));
    }

    /** An aggregate whose user record i has partition key {@code key-i} and data {@code prefix-i}. */
    static Record aggregate(String sequence, String prefix, int count) {
        AggregateBuilder builder = new AggregateBuilder(AggregateBuilder.DEFAULT_MAX_BYTES);
        for (int i = 0; i < count; i++) {
            if (!builder.tryAdd(new SubRecord("key-" + i, null, (prefix + "-" + i).getBytes(StandardCharsets.UTF_8)))) {
                throw new IllegalStateException("test aggregate too big");
            }
        }
        Aggregate aggregate = builder.build();
        return record(sequence, aggregate.partitionKey(), aggregate.data());
    }

    /** An aggregate with one user record at {@code explicitHashKey}. */
    static Record aggregateAt(String sequence, String explicitHashKey) {
        AggregateBuilder builder = new AggregateBuilder(AggregateBuilder.DEFAULT_MAX_BYTES);
        builder.tryAdd(new SubRecord("k", explicitHashKey, new byte[]{ 1 }));
        builder.tryAdd(new SubRecord("k2", null, new byte[]{ 2 }));
        Aggregate aggregate = builder.build();
        return record(sequence, aggregate.partitionKey(), aggregate.data());
    }

    /** Magic, a truncated protobuf, and the MD5 of that truncated protobuf: framed as an aggregate, not readable. */
    static Record corrupt(String sequence) {
        byte[] good = aggregate(sequence, "c", 2).data().asByteArray();
        byte[] protobuf = Arrays.copyOfRange(good, 4, good.length - 16 - 1);
        byte[] data = new byte[4 + protobuf.length + 16];
        System.arraycopy(good, 0, data, 0, 4);
        System.arraycopy(protobuf, 0, data, 4, protobuf.length);
        System.arraycopy(md5(protobuf), 0, data, 4 + protobuf.length, 16);
        return record(sequence, "c", data);
    }

    private static byte[] md5(byte[] bytes) {
        try {
            return MessageDigest.getInstance("MD5").digest(bytes);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static Record record(String sequence, String key, byte[] data) {
        return Record.builder().sequenceNumber(sequence).partitionKey(key).data(SdkBytes.fromByteArray(data))
                .approximateArrivalTimestamp(Instant.EPOCH).build();
    }
}
