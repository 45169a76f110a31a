package io.kinesisbatch.itest.bench;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import io.kinesisbatch.camel.KinesisBatchConfiguration;
import io.kinesisbatch.camel.aws.AwsClientFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kinesis.KinesisAsyncClient;
import software.amazon.awssdk.services.kinesis.model.PutRecordsRequestEntry;
import software.amazon.awssdk.services.kinesis.model.PutRecordsResponse;
import software.amazon.awssdk.services.kinesis.model.PutRecordsResultEntry;
import software.amazon.awssdk.services.kinesis.model.Shard;

import static org.assertj.core.api.Assertions.assertThat;

/** The per-shard-limit endpoint answers the raw SDK client with Kinesis' per-shard limits, over CBOR and JSON. */
class PerShardLimitKinesisServerTest {

    private static final BigInteger QUARTER = BigInteger.ONE.shiftLeft(126);
    private static final String THROTTLED = "ProvisionedThroughputExceededException";

    private final AtomicLong clock = new AtomicLong(5_000_000_000L);

    @ParameterizedTest
    @ValueSource(booleans = { true, false })
    void describesFourShardsWithEvenHashRangesCoveringEveryKey(boolean cbor) throws Exception {
        try (PerShardLimitKinesisServer server = new PerShardLimitKinesisServer(4, 2, clock::get);
                AwsClientFactory clients = new AwsClientFactory(config(server, cbor))) {
            KinesisAsyncClient kinesis = clients.kinesis();
            List<Shard> shards = kinesis.listShards(b -> b.streamName("bench")).join().shards();

            assertThat(shards).extracting(Shard::shardId).containsExactly("shardId-000000000000",
                    "shardId-000000000001", "shardId-000000000002", "shardId-000000000003");
            for (int i = 0; i < 4; i++) {
                assertThat(new BigInteger(shards.get(i).hashKeyRange().startingHashKey()))
                        .isEqualTo(QUARTER.multiply(BigInteger.valueOf(i)));
                assertThat(new BigInteger(shards.get(i).hashKeyRange().endingHashKey()))
                        .isEqualTo(QUARTER.multiply(BigInteger.valueOf(i + 1)).subtract(BigInteger.ONE));
            }
            assertThat(kinesis.describeStreamSummary(b -> b.streamName("bench")).join().streamDescriptionSummary()
                    .openShardCount()).isEqualTo(4);
        }
    }

    @Test
    void unevenShardCountsStillCoverEveryKeyWithoutOverlap() throws Exception {
        try (PerShardLimitKinesisServer server = new PerShardLimitKinesisServer(3, 1, clock::get);
                AwsClientFactory clients = new AwsClientFactory(config(server, true))) {
            List<Shard> shards = clients.kinesis().listShards(b -> b.streamName("bench")).join().shards();
            BigInteger next = BigInteger.ZERO;
            for (Shard shard : shards) {
                BigInteger start = new BigInteger(shard.hashKeyRange().startingHashKey());
                BigInteger end = new BigInteger(shard.hashKeyRange().endingHashKey());
                assertThat(start).isEqualTo(next);
                assertThat(server.shardOf(start)).isEqualTo(server.shardOf(end))
                        .isEqualTo(shards.indexOf(shard));
                next = end.add(BigInteger.ONE);
            }
            assertThat(next).isEqualTo(BigInteger.ONE.shiftLeft(128));
        }
    }

    @ParameterizedTest
    @ValueSource(booleans = { true, false })
    void acceptsAThousandRecordsPerShardAndSecondAndThrottlesTheRestOfThatShardOnly(boolean cbor) throws Exception {
        try (PerShardLimitKinesisServer server = new PerShardLimitKinesisServer(4, 2, clock::get);
                AwsClientFactory clients = new AwsClientFactory(config(server, cbor))) {
            KinesisAsyncClient kinesis = clients.kinesis();
            List<PutRecordsResultEntry> results = new ArrayList<>();
            for (int call = 0; call < 3; call++) {
                results.addAll(put(kinesis, entries(400, 10, 0)).records());
            }
            PutRecordsResponse other = put(kinesis, entries(10, 10, 1));

            assertThat(results.subList(0, 1_000)).allSatisfy(r -> {
                assertThat(r.errorCode()).isNull();
                assertThat(r.shardId()).isEqualTo("shardId-000000000000");
                assertThat(r.sequenceNumber()).isNotBlank();
            });
            assertThat(results.subList(1_000, 1_200)).allSatisfy(r -> {
                assertThat(r.errorCode()).isEqualTo(THROTTLED);
                assertThat(r.errorMessage()).contains("shardId-000000000000");
            });
            assertThat(other.failedRecordCount()).isZero();
            assertThat(other.records()).allSatisfy(r -> assertThat(r.shardId()).isEqualTo("shardId-000000000001"));
            assertThat(server.accepted(0)).isEqualTo(1_000);
            assertThat(server.throttled(0)).isEqualTo(200);
            assertThat(server.accepted(1)).isEqualTo(10);
            assertThat(server.throttled(1)).isZero();

            clock.addAndGet(TimeUnit.MILLISECONDS.toNanos(999));
            assertThat(put(kinesis, entries(1, 10, 0)).failedRecordCount()).isEqualTo(1);
            clock.addAndGet(TimeUnit.MILLISECONDS.toNanos(1));
            assertThat(put(kinesis, entries(500, 10, 0)).failedRecordCount()).isZero();
            assertThat(server.acceptedTotal()).isEqualTo(1_510);
            assertThat(server.throttledTotal()).isEqualTo(201);
            assertThat(server.currentSecond()).isEqualTo(1);
            assertThat(server.accepted(0, 0, 0)).isEqualTo(1_000);
            assertThat(server.throttled(0, 0, 0)).isEqualTo(201);
            assertThat(server.accepted(0, 1, 1)).isEqualTo(500);
            assertThat(server.accepted(0, 0, 5)).isEqualTo(1_500);
            assertThat(server.accepted(1, 1, 1)).isZero();
        }
    }

    @Test
    void countsDataPlusPartitionKeyAgainstOneMebibytePerShardAndSecond() throws Exception {
        try (PerShardLimitKinesisServer server = new PerShardLimitKinesisServer(4, 2, clock::get);
                AwsClientFactory clients = new AwsClientFactory(config(server, true))) {
            // 10 x (102,400 data + 1,000 key) = 1,034,000 bytes fit in 1,048,576; the 11th does not
            List<PutRecordsRequestEntry> entries = new ArrayList<>();
            for (int i = 0; i < 11; i++) {
                entries.add(entry(102_400, "k".repeat(1_000), QUARTER.multiply(BigInteger.TWO)));
            }
            PutRecordsResponse response = put(clients.kinesis(), entries);
            assertThat(response.failedRecordCount()).isEqualTo(1);
            assertThat(response.records().get(10).errorCode()).isEqualTo(THROTTLED);
            assertThat(server.accepted(2)).isEqualTo(10);
            // a small record still fits the same second: 14,576 bytes are left
            assertThat(put(clients.kinesis(), List.of(entry(14_000, "k".repeat(576), QUARTER.multiply(BigInteger.TWO))))
                    .failedRecordCount()).isZero();
            assertThat(put(clients.kinesis(), List.of(entry(0, "k", QUARTER.multiply(BigInteger.TWO))))
                    .failedRecordCount()).isEqualTo(1);
        }
    }

    @Test
    void aRequestThatReadTheClockEarlierCountsInTheLaterWindowRatherThanReopeningItsOwn() {
        ShardWindow shard = new ShardWindow("s", BigInteger.ZERO,
                BigInteger.TEN);
        for (int i = 0; i < 1_000; i++) {
            assertThat(shard.admit(5, 1)).isNotNull();
        }
        assertThat(shard.admit(6, 1)).isNotNull();
        // a late request of second 5: its window is closed, and second 6 has room for 999 more, no more
        int admitted = 0;
        for (int i = 0; i < 2_000; i++) {
            admitted += shard.admit(5, 1) == null ? 0 : 1;
        }
        assertThat(admitted).isEqualTo(999);
        assertThat(shard.inSeconds(5, 5, true)).isEqualTo(1_000);
        assertThat(shard.inSeconds(6, 6, true)).isEqualTo(1_000);
    }

    @Test
    void placesPartitionKeysByTheirMd5() throws Exception {
        // MD5 "a" = 0cc175b9..., "c" = 4a8a08f0..., "b" = 92eb5ffe..., "e" = e1671797...: top two bits 00, 01, 10, 11
        try (PerShardLimitKinesisServer server = new PerShardLimitKinesisServer(4, 2, clock::get);
                AwsClientFactory clients = new AwsClientFactory(config(server, true))) {
            List<PutRecordsRequestEntry> entries = new ArrayList<>();
            for (String key : List.of("a", "c", "b", "e")) {
                entries.add(PutRecordsRequestEntry.builder().partitionKey(key).data(SdkBytes.fromUtf8String("x"))
                        .build());
            }
            assertThat(put(clients.kinesis(), entries).records()).extracting(PutRecordsResultEntry::shardId)
                    .containsExactly("shardId-000000000000", "shardId-000000000001", "shardId-000000000002",
                            "shardId-000000000003");
        }
    }

    private static PutRecordsResponse put(KinesisAsyncClient kinesis, List<PutRecordsRequestEntry> entries) {
        return kinesis.putRecords(b -> b.streamName("bench").records(entries)).join();
    }

    /** n entries of {@code dataBytes} whose explicit hash keys lie in the given shard (of 4). */
    private static List<PutRecordsRequestEntry> entries(int n, int dataBytes, int shard) {
        List<PutRecordsRequestEntry> entries = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            entries.add(entry(dataBytes, "key" + i, QUARTER.multiply(BigInteger.valueOf(shard))
                    .add(BigInteger.valueOf(i))));
        }
        return entries;
    }

    private static PutRecordsRequestEntry entry(int dataBytes, String partitionKey, BigInteger hashKey) {
        return PutRecordsRequestEntry.builder().partitionKey(partitionKey).explicitHashKey(hashKey.toString())
                .data(SdkBytes.fromByteArray(new byte[dataBytes])).build();
    }

    private static KinesisBatchConfiguration config(PerShardLimitKinesisServer server, boolean cbor) {
        KinesisBatchConfiguration c = new KinesisBatchConfiguration();
        c.setRegion("us-east-1");
        c.setAccessKey("a");
        c.setSecretKey("b");
        c.setCborEnabled(cbor);
        c.setUriEndpointOverride(server.endpoint());
        return c;
    }
}
