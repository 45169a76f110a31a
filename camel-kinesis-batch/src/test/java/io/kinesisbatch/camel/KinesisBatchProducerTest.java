package io.kinesisbatch.camel;

import java.time.Duration;
import java.io.ByteArrayInputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;

import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.support.service.ServiceHelper;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.kinesis.model.PutRecordsRequest;
import software.amazon.awssdk.services.kinesis.model.PutRecordsRequestEntry;

import static io.kinesisbatch.camel.Polling.await;
import static org.assertj.core.api.Assertions.assertThat;

class KinesisBatchProducerTest extends ProducerTestSupport {

    @Test
    void concurrentCallersShareFullBatchesAndEachGetsItsOwnSequenceNumber() throws Exception {
        start("batchTimeout=5s");
        ConcurrentLinkedQueue<Sent> sent = new ConcurrentLinkedQueue<>();
        CountDownLatch go = new CountDownLatch(1);
        List<Thread> callers = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            int caller = t;
            Thread thread = new Thread(() -> {
                try {
                    go.await();
                } catch (InterruptedException e) {
                    return;
                }
                for (int i = 0; i < 500; i++) {
                    String key = "caller" + caller + "-" + i;
                    sent.add(send("m-" + key, Map.of(KinesisBatchConstants.PARTITION_KEY, key)));
                }
            });
            thread.start();
            callers.add(thread);
        }
        go.countDown();
        for (Thread thread : callers) {
            thread.join();
        }
        List<Exchange> done = awaitAll(new ArrayList<>(sent));

        // 2000 records, 500 per call: full batches go at once, long before the 5 s timeout
        assertThat(kinesis.requests()).hasSize(4).allSatisfy(r -> assertThat(r.records()).hasSize(500));
        Set<String> sequenceNumbers = new HashSet<>();
        for (Exchange e : done) {
            assertThat(e.getException()).isNull();
            assertThat(e.getMessage().getHeader(KinesisBatchConstants.SHARD_ID, String.class)).startsWith("shardId-");
            sequenceNumbers.add(e.getMessage().getHeader(KinesisBatchConstants.SEQUENCE_NUMBER, String.class));
        }
        assertThat(sequenceNumbers).hasSize(2000).doesNotContainNull();
        // every exchange continues on the producer's routing pool: not the SDK's threads, not the reply thread
        assertThat(sent).allSatisfy(s -> assertThat(s.completionThread).endsWith("KinesisBatchProducer[test-stream]"));
        for (PutRecordsRequest r : kinesis.requests()) {
            for (PutRecordsRequestEntry entry : r.records()) {
                assertThat(entry.data().asUtf8String()).isEqualTo("m-" + entry.partitionKey());
            }
        }
        assertThat(producer.getRecordsSent()).isEqualTo(2000);
        assertThat(producer.getBufferedRecords()).isZero();
    }

    @Test
    void aPartialBatchGoesAfterTheBatchTimeout() throws Exception {
        start("batchTimeout=50");
        List<Sent> sent = List.of(send("a"), send("b"), send("c"));
        awaitAll(sent);
        assertThat(kinesis.requests()).singleElement().satisfies(r -> assertThat(r.records()).hasSize(3));
    }

    @Test
    void batchesRespectBatchMaxBytesCountingPartitionKeys() throws Exception {
        start("batchMaxBytes=1000&batchTimeout=5s");
        List<Sent> sent = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            sent.add(send(new byte[299], Map.of(KinesisBatchConstants.PARTITION_KEY, "k"))); // 300 bytes each
        }
        await("three full calls").atMost(Duration.ofSeconds(20)).until(() -> kinesis.requests().size() == 3);
        assertThat(kinesis.requests()).allSatisfy(r -> assertThat(r.records()).hasSize(3));
        ServiceHelper.stopService(producer); // the last record goes at stop
        awaitAll(sent);
        assertThat(kinesis.requests()).hasSize(4);
    }

    @Test
    void noMoreThanMaxInFlightCallsAtOnce() throws Exception {
        start("batchMaxRecords=1&maxInFlight=2");
        kinesis.stall();
        List<Sent> sent = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            sent.add(send("r" + i));
        }
        await("two calls in flight").atMost(Duration.ofSeconds(20)).until(() -> producer.getCallsInFlight() == 2);
        assertThat(kinesis.requests()).hasSize(2);
        assertThat(producer.getBufferedRecords()).isEqualTo(5);
        kinesis.release();
        awaitAll(sent);
        assertThat(kinesis.requests()).hasSize(5);
    }

    @Test
    void bodiesOfEveryKindBecomeRecordBytes() throws Exception {
        start("batchTimeout=10");
        Exchange bytes = send(new byte[]{ 1, 2, 3 }).await();
        Exchange string = send("héllo").await();
        Exchange buffer = send(ByteBuffer.wrap("buf".getBytes(StandardCharsets.UTF_8))).await();
        Exchange stream = send(new ByteArrayInputStream("stream".getBytes(StandardCharsets.UTF_8))).await();
        Exchange converted = send(new java.io.StringReader("sb")).await(); // through Camel's type converters
        for (Exchange e : List.of(bytes, string, buffer, stream, converted)) {
            assertThat(e.getException()).isNull();
        }
        List<String> data = new ArrayList<>();
        kinesis.requests().forEach(r -> r.records().forEach(en -> data.add(en.data().asUtf8String())));
        assertThat(data).containsExactly("\u0001\u0002\u0003", "héllo", "buf", "stream", "sb");
    }

    @Test
    void aListBodyIsOneRecordPerElementAndCompletesWithTheCount() throws Exception {
        start("batchTimeout=10");
        Exchange e = send(List.of("x", "y", "z")).await();
        assertThat(e.getException()).isNull();
        assertThat(e.getMessage().getHeader(KinesisBatchConstants.RECORD_COUNT)).isEqualTo(3);
        List<PutRecordsRequestEntry> entries = kinesis.requests().get(0).records();
        assertThat(entries).extracting(en -> en.data().asUtf8String()).containsExactly("x", "y", "z");
        assertThat(e.getMessage().getHeader(KinesisBatchConstants.SHARD_ID))
                .isEqualTo(FakeKinesis.shardOf(entries.get(2)));
        // random keys are per record
        assertThat(entries).extracting(PutRecordsRequestEntry::partitionKey).doesNotHaveDuplicates()
                .allSatisfy(k -> assertThat(k).matches("[0-9a-f]{32}"));
    }

    @Test
    void keysComeFromHeaderElseExpressionElseRandom() throws Exception {
        start("batchTimeout=10&partitionKey=${header.order}&explicitHashKey=${header.hash}");
        send("a", Map.of("order", "o-1", "hash", "12345")).await();
        send("b", Map.of("order", "o-2", KinesisBatchConstants.PARTITION_KEY, "from-header",
                KinesisBatchConstants.EXPLICIT_HASH_KEY, "7")).await();
        send("c").await();
        List<PutRecordsRequestEntry> entries = new ArrayList<>();
        kinesis.requests().forEach(r -> entries.addAll(r.records()));
        assertThat(entries.get(0).partitionKey()).isEqualTo("o-1");
        assertThat(entries.get(0).explicitHashKey()).isEqualTo("12345");
        assertThat(entries.get(1).partitionKey()).isEqualTo("from-header");
        assertThat(entries.get(1).explicitHashKey()).isEqualTo("7");
        assertThat(entries.get(2).partitionKey()).matches("[0-9a-f]{32}");
        assertThat(entries.get(2).explicitHashKey()).isNull();
    }

    @Test
    void badInputsFailAloneBeforeAnythingIsSent() throws Exception {
        kinesis.maxRecordSizeKiB(1);
        start("batchTimeout=10");
        assertThat(producer.getMaxRecordSize()).isEqualTo(1024);
        List<Sent> bad = List.of(
                send(null),
                send(new byte[1024]), // 1024 data + 32 random key > 1 KiB
                send("x", Map.of(KinesisBatchConstants.PARTITION_KEY, "k".repeat(257))),
                send("x", Map.of(KinesisBatchConstants.PARTITION_KEY, "")),
                send("x", Map.of(KinesisBatchConstants.EXPLICIT_HASH_KEY, "abc")),
                send(List.of("ok", new byte[2000])),
                send(new Object()),
                send("x", Map.of(KinesisBatchConstants.PARTITION_KEY, "cut-\uD83D"))); // half an emoji
        Sent good = send("fine");
        for (Sent s : bad) {
            assertThat(s.completedSynchronously).isTrue();
            assertThat(s.await().getException()).isInstanceOf(KinesisBatchRecordRejectedException.class)
                    .hasMessageContaining("test-stream");
        }
        assertThat(bad.get(0).exchange.getException()).hasMessageContaining("body is null");
        assertThat(bad.get(1).exchange.getException()).hasMessageContaining("maximum of 1024");
        assertThat(bad.get(2).exchange.getException()).hasMessageContaining("257 characters");
        assertThat(bad.get(4).exchange.getException()).hasMessageContaining("explicit hash key");
        assertThat(bad.get(5).exchange.getException()).hasMessageContaining("element 1");
        assertThat(bad.get(7).exchange.getException()).hasMessageContaining("lone UTF-16 surrogate");
        assertThat(good.await().getException()).isNull();
        assertThat(kinesis.entriesSent()).isEqualTo(1);
    }

    @Test
    void routingContinuesOnACamelThreadNotOnTheSdkThread() throws Exception {
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:in").to("kinesis-batch:test-stream?kinesisClient=#fake&batchTimeout=10")
                        .process(e -> e.setProperty("thread", Thread.currentThread().getName()));
            }
        });
        Exchange e = context.createProducerTemplate().send("direct:in", x -> x.getMessage().setBody("hi"));
        assertThat(e.getException()).isNull();
        assertThat(e.getMessage().getHeader(KinesisBatchConstants.SEQUENCE_NUMBER)).isNotNull();
        assertThat(e.getProperty("thread", String.class)).isNotEqualTo(FakeKinesis.IO_THREAD)
                .endsWith("KinesisBatchProducer[test-stream]");
    }

    @Test
    void aRouteSendingTwiceThroughAFullBufferDoesNotDeadlock() throws Exception {
        // the second send runs on the producer's completion threads and blocks for room; replies must still be
        // handled (elsewhere), or every completion thread waits for room only a reply could free
        String uri = "kinesis-batch:test-stream?kinesisClient=#fake&batchTimeout=1&maxBufferedBytes=100";
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:twice").to(uri).to(uri);
            }
        });
        var template = context.createProducerTemplate();
        List<java.util.concurrent.CompletableFuture<Exchange>> sent = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            sent.add(template.asyncSend("direct:twice", x -> x.getMessage().setBody(new byte[60])));
        }
        for (var f : sent) {
            assertThat(f.get(20, java.util.concurrent.TimeUnit.SECONDS).getException()).isNull();
        }
        assertThat(kinesis.entriesSent()).isEqualTo(600);
    }

    @Test
    void requestsAddressTheStreamByArnAndSwitchSdkRetriesOff() throws Exception {
        String arn = "arn:aws:kinesis:us-east-1:000000000000:stream/s1";
        start(arn, "batchTimeout=10");
        send("x").await();
        PutRecordsRequest request = kinesis.requests().get(0);
        assertThat(request.streamARN()).isEqualTo(arn);
        assertThat(request.streamName()).isNull();
        assertThat(request.overrideConfiguration()).hasValueSatisfying(o -> {
            assertThat(o.plugins()).hasSize(1);
            assertThat(o.apiCallTimeout()).isPresent();
        });
    }
}
