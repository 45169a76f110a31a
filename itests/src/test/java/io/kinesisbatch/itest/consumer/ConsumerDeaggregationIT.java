package io.kinesisbatch.itest.consumer;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import io.kinesisbatch.camel.KinesisBatchConstants;
import io.kinesisbatch.camel.aggregation.Aggregate;
import io.kinesisbatch.camel.aggregation.AggregateBuilder;
import io.kinesisbatch.camel.aggregation.SubRecord;
import io.kinesisbatch.camel.checkpoint.CheckpointAttributes;
import io.kinesisbatch.itest.support.AwsPeers;
import io.kinesisbatch.itest.support.Streams;
import org.apache.camel.CamelContext;
import org.apache.camel.Message;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.kinesis.model.PutRecordResponse;
import software.amazon.awssdk.services.kinesis.model.Shard;

import static io.kinesisbatch.itest.consumer.ConsumerItSupport.rows;
import static io.kinesisbatch.itest.support.Polling.await;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * KPL aggregates (built with the component's AggregateBuilder, written with PutRecord to kinesis-mock) read by the
 * consumer: one exchange per user record with its own keys and sub-sequence number, in order, mixed with plain
 * records; a restart inside an aggregate; the hash-range rule; a corrupt aggregate; {@code deaggregate=false}.
 */
class ConsumerDeaggregationIT extends ConsumerItBase {

    private static final String TABLE = "it-consumer-deagg-" + System.nanoTime();
    private static final String FAST = quickOptions(TABLE);

    /** What a route saw of one record. */
    record Seen(String sequenceNumber, Long subSequence, String partitionKey, String explicitHashKey, String text) {
        static Seen of(Message m) {
            return new Seen(m.getHeader(KinesisBatchConstants.SEQUENCE_NUMBER, String.class),
                    m.getHeader(KinesisBatchConstants.SUB_SEQUENCE_NUMBER, Long.class),
                    m.getHeader(KinesisBatchConstants.PARTITION_KEY, String.class),
                    m.getHeader(KinesisBatchConstants.EXPLICIT_HASH_KEY, String.class),
                    new String(m.getBody(byte[].class), StandardCharsets.UTF_8));
        }
    }

    private static Aggregate aggregate(SubRecord... records) {
        AggregateBuilder builder = new AggregateBuilder(AggregateBuilder.DEFAULT_MAX_BYTES);
        for (SubRecord r : records) {
            assertThat(builder.tryAdd(r)).isTrue();
        }
        return builder.build();
    }

    private static SubRecord sub(String key, String text) {
        return new SubRecord(key, null, text.getBytes(StandardCharsets.UTF_8));
    }

    private static List<SubRecord> subs(String prefix, int count) {
        List<SubRecord> list = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            list.add(sub(prefix + "-key-" + i, prefix + "-" + i));
        }
        return list;
    }

    /** One PutRecord (so the records land in call order); returns the sequence number. */
    private static String put(String stream, String partitionKey, String explicitHashKey, byte[] data) {
        PutRecordResponse response = AwsPeers.get().kinesis().putRecord(b -> b.streamName(stream)
                .partitionKey(partitionKey).explicitHashKey(explicitHashKey).data(SdkBytes.fromByteArray(data))).join();
        return response.sequenceNumber();
    }

    private static String put(String stream, Aggregate aggregate) {
        return put(stream, aggregate.partitionKey(), aggregate.explicitHashKey(), aggregate.data());
    }

    private static String putPlain(String stream, String text) {
        return put(stream, text, null, text.getBytes(StandardCharsets.UTF_8));
    }

    private static Map<String, AttributeValue> row(String stream) {
        return rows(TABLE).stream().filter(r -> stream.equals(r.get(CheckpointAttributes.STREAM_ID).s())).findFirst()
                .orElseThrow();
    }

    /** The checkpoint of the stream's only shard as "sequence/sub-sequence"; null before the first one. */
    private static String checkpoint(String stream) {
        Map<String, AttributeValue> row = row(stream);
        return row.containsKey(CheckpointAttributes.SEQUENCE)
                ? row.get(CheckpointAttributes.SEQUENCE).s() + "/" + row.get(CheckpointAttributes.SUB_SEQUENCE).n()
                : null;
    }

    @Test
    void userRecordsArriveOneExchangeEachInOrderWithTheirKeysAmongPlainRecords() throws Exception {
        String stream = Streams.create(1);
        String p0 = putPlain(stream, "plain-0");
        SubRecord withHashKey = new SubRecord("a-key-1", "12345678901234567890",
                "a-1".getBytes(StandardCharsets.UTF_8));
        String a = put(stream, aggregate(sub("a-key-0", "a-0"), withHashKey, sub("a-key-2", "a-2")));
        String p1 = putPlain(stream, "plain-1");
        String b = put(stream, aggregate(subs("b", 4).toArray(SubRecord[]::new)));

        Queue<Seen> seen = new ConcurrentLinkedQueue<>();
        consume(peers.uri(stream, FAST), e -> seen.add(Seen.of(e.getMessage())));
        await("9 records").atMost(Duration.ofSeconds(30)).until(() -> seen.size() >= 9);
        Thread.sleep(500); // a duplicate would show up now

        assertThat(seen).containsExactly(
                new Seen(p0, null, "plain-0", null, "plain-0"),
                new Seen(a, 0L, "a-key-0", null, "a-0"),
                new Seen(a, 1L, "a-key-1", "12345678901234567890", "a-1"),
                new Seen(a, 2L, "a-key-2", null, "a-2"),
                new Seen(p1, null, "plain-1", null, "plain-1"),
                new Seen(b, 0L, "b-key-0", null, "b-0"),
                new Seen(b, 1L, "b-key-1", null, "b-1"),
                new Seen(b, 2L, "b-key-2", null, "b-2"),
                new Seen(b, 3L, "b-key-3", null, "b-3"));
        await("the checkpoint on the last user record").atMost(Duration.ofSeconds(10))
                .until(() -> (b + "/3").equals(checkpoint(stream)));
    }

    @Test
    void inListModeEachUserRecordIsItsOwnElement() throws Exception {
        String stream = Streams.create(1);
        String a = put(stream, aggregate(subs("a", 3).toArray(SubRecord[]::new)));
        putPlain(stream, "plain-0");

        Queue<Seen> seen = new ConcurrentLinkedQueue<>();
        consume(peers.uri(stream, FAST + "&maxRecordsPerExchange=10"), e -> {
            for (Object element : e.getMessage().getBody(List.class)) {
                seen.add(Seen.of((Message) element));
            }
        });
        await("4 records").atMost(Duration.ofSeconds(30)).until(() -> seen.size() >= 4);
        assertThat(seen).extracting(Seen::text).containsExactly("a-0", "a-1", "a-2", "plain-0");
        assertThat(seen).extracting(Seen::subSequence).containsExactly(0L, 1L, 2L, null);
        assertThat(seen.peek().sequenceNumber()).isEqualTo(a);
    }

    @Test
    void aRestartInsideAnAggregateDeliversTheRestAndNothingCompletedAgain() throws Exception {
        String stream = Streams.create(1);
        String a = put(stream, aggregate(subs("a", 10).toArray(SubRecord[]::new)));
        putPlain(stream, "plain-after");

        CountDownLatch never = new CountDownLatch(1);
        Queue<Seen> first = new ConcurrentLinkedQueue<>();
        CamelContext run1 = consume(peers.uri(stream, FAST), e -> {
            Seen s = Seen.of(e.getMessage());
            if (s.text().equals("a-4")) {
                never.await(30, TimeUnit.SECONDS); // still in the route when the context gives up waiting
            }
            first.add(s);
        }, 1, Map.of());
        await("4 user records").atMost(Duration.ofSeconds(30)).until(() -> first.size() >= 4);
        run1.stop(); // shutdown timeout 1 s: a-4 is cut off, nothing after it was handed out
        assertThat(first).extracting(Seen::text).startsWith("a-0", "a-1", "a-2", "a-3").doesNotContain("a-5");
        assertThat(checkpoint(stream)).as("the checkpoint sits inside the aggregate").isEqualTo(a + "/3");

        Queue<Seen> second = new ConcurrentLinkedQueue<>();
        consume(peers.uri(stream, FAST), e -> second.add(Seen.of(e.getMessage())));
        await("the rest").atMost(Duration.ofSeconds(30)).until(() -> second.size() >= 7);
        Thread.sleep(500);
        assertThat(second).extracting(Seen::text).containsExactly("a-4", "a-5", "a-6", "a-7", "a-8", "a-9",
                "plain-after");
        assertThat(second).extracting(Seen::subSequence).startsWith(4L, 5L);
    }

    @Test
    void anAggregateWithAUserRecordOutsideItsShardsRangeIsDroppedWhole() throws Exception {
        String stream = Streams.create(2);
        List<Shard> shards = Streams.shards(stream);
        Shard low = shards.stream().min((x, y) -> new BigInteger(x.hashKeyRange().startingHashKey())
                .compareTo(new BigInteger(y.hashKeyRange().startingHashKey()))).orElseThrow();
        BigInteger lowEnd = new BigInteger(low.hashKeyRange().endingHashKey());
        String inLow = "1";
        String inHigh = lowEnd.add(BigInteger.ONE).toString();
        // the outer record lands in the low shard (its first user record's hash key); the second belongs elsewhere
        put(stream, aggregate(new SubRecord("x", inLow, "misplaced-0".getBytes(StandardCharsets.UTF_8)),
                new SubRecord("y", inHigh, "misplaced-1".getBytes(StandardCharsets.UTF_8))));
        put(stream, aggregate(new SubRecord("x", inLow, "kept-0".getBytes(StandardCharsets.UTF_8)),
                new SubRecord("y", "2", "kept-1".getBytes(StandardCharsets.UTF_8))));

        Queue<Seen> seen = new ConcurrentLinkedQueue<>();
        consume(peers.uri(stream, FAST), e -> seen.add(Seen.of(e.getMessage())));
        await("the kept aggregate").atMost(Duration.ofSeconds(30)).until(() -> seen.size() >= 2);
        Thread.sleep(1000);
        assertThat(seen).extracting(Seen::text).containsExactly("kept-0", "kept-1");
    }

    /** Magic, a protobuf truncated by one byte, and that protobuf's MD5: framed as an aggregate, not readable. */
    private static byte[] corruptAggregate() throws Exception {
        byte[] good = aggregate(subs("c", 2).toArray(SubRecord[]::new)).data();
        byte[] protobuf = Arrays.copyOfRange(good, 4, good.length - 17);
        byte[] corrupt = new byte[4 + protobuf.length + 16];
        System.arraycopy(good, 0, corrupt, 0, 4);
        System.arraycopy(protobuf, 0, corrupt, 4, protobuf.length);
        System.arraycopy(java.security.MessageDigest.getInstance("MD5").digest(protobuf), 0, corrupt,
                4 + protobuf.length, 16);
        return corrupt;
    }

    @Test
    void aCorruptAggregateHoldsTheCheckpointAndIsRetriedNeverHandedOn() throws Exception {
        String stream = Streams.create(1);
        String before = putPlain(stream, "before");
        String bad = put(stream, "c", null, corruptAggregate());
        putPlain(stream, "after");

        Queue<Seen> seen = new ConcurrentLinkedQueue<>();
        CamelContext context = consume(peers.uri(stream, FAST), e -> seen.add(Seen.of(e.getMessage())));
        await("the records around it").atMost(Duration.ofSeconds(30)).until(() -> seen.size() >= 2);
        await("the corrupt record retried").atMost(Duration.ofSeconds(10))
                .until(() -> ConsumerItSupport.consumer(context, ROUTE)
                        .snapshots().get(0).redeliveringSequence() != null);
        assertThat(ConsumerItSupport.consumer(context, ROUTE).snapshots().get(0).redeliveringSequence()).isEqualTo(bad);
        Thread.sleep(1500); // checkpoints go out every 300 ms: none may pass it
        assertThat(seen).extracting(Seen::text).containsExactly("before", "after");
        assertThat(checkpoint(stream)).isEqualTo(before + "/0");
    }

    @Test
    void aCorruptAggregateIsLoggedAndAcknowledgedUnderSkipFailedRecordsNeverHandedOn() throws Exception {
        String stream = Streams.create(1);
        String bad = put(stream, "c", null, corruptAggregate());
        String after = putPlain(stream, "after");

        Queue<Seen> seen = new ConcurrentLinkedQueue<>();
        consume(peers.uri(stream, FAST + "&skipFailedRecords=true"), e -> seen.add(Seen.of(e.getMessage())));
        await("the record after it").atMost(Duration.ofSeconds(30)).until(() -> !seen.isEmpty());
        assertThat(seen).extracting(Seen::text).containsExactly("after");
        await("the checkpoint past both").atMost(Duration.ofSeconds(10))
                .until(() -> (after + "/0").equals(checkpoint(stream)));
        assertThat(bad).isNotEqualTo(after);
    }

    @Test
    void withoutDeaggregationTheAggregateArrivesAsItsRawBytes() throws Exception {
        String stream = Streams.create(1);
        Aggregate aggregate = aggregate(subs("a", 3).toArray(SubRecord[]::new));
        String a = put(stream, aggregate);

        List<byte[]> bodies = new java.util.concurrent.CopyOnWriteArrayList<>();
        List<Object> subSequences = new java.util.concurrent.CopyOnWriteArrayList<>();
        consume(peers.uri(stream, FAST + "&deaggregate=false"), e -> {
            bodies.add(e.getMessage().getBody(byte[].class));
            subSequences.add(String.valueOf(e.getMessage().getHeader(KinesisBatchConstants.SUB_SEQUENCE_NUMBER)));
        });
        await("the record").atMost(Duration.ofSeconds(30)).until(() -> !bodies.isEmpty());
        Thread.sleep(500);
        assertThat(bodies).hasSize(1);
        assertThat(bodies.get(0)).isEqualTo(aggregate.data());
        assertThat(subSequences).containsExactly("null");
        await("the checkpoint").atMost(Duration.ofSeconds(10)).until(() -> (a + "/0").equals(checkpoint(stream)));
    }
}
