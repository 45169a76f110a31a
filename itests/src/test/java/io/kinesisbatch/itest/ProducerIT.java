package io.kinesisbatch.itest;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Collectors;

import io.kinesisbatch.camel.KinesisBatchConstants;
import io.kinesisbatch.camel.KinesisBatchRecordRejectedException;
import io.kinesisbatch.itest.support.AwsPeers;
import io.kinesisbatch.itest.support.FaultInjectingProxy;
import io.kinesisbatch.itest.support.Faults;
import io.kinesisbatch.itest.support.Streams;
import io.kinesisbatch.itest.support.Streams.StreamRecord;
import org.apache.camel.Exchange;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.kinesis.model.Shard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

/** The batching producer against kinesis-mock: batching, keys, shards, validation, stop. */
class ProducerIT {

    private static FaultInjectingProxy proxy;

    @BeforeAll
    static void proxy() throws Exception {
        assumeThat(AwsPeers.get().kinesisEndpoint()).as("needs an emulator endpoint to proxy").isNotNull();
        proxy = FaultInjectingProxy.start(AwsPeers.get().kinesisEndpoint());
    }

    @AfterAll
    static void closeProxy() {
        if (proxy != null) {
            proxy.close();
        }
    }

    @Test
    void messagesOfConcurrentCallersAllArriveWithTheirKeysInFewCalls() throws Exception {
        String stream = Streams.create(2);
        int callers = 4;
        int perCaller = 250;
        int callsBefore = proxy.calls(Faults.PUT_RECORDS);
        // batching alone: the per-shard limiter would spread this burst of 500 records per shard over half a second
        // of the shards' rate, in calls of tens of records (ProducerShardRateLimitIT covers it)
        try (ProducerRun run = new ProducerRun(stream, proxy.endpoint(), "batchTimeout=1s&shardRateLimit=0")) {
            List<CompletableFuture<Exchange>> sent = Collections.synchronizedList(new ArrayList<>());
            CountDownLatch go = new CountDownLatch(1);
            List<Thread> threads = new ArrayList<>();
            for (int c = 0; c < callers; c++) {
                int caller = c;
                Thread t = new Thread(() -> {
                    try {
                        go.await();
                    } catch (InterruptedException e) {
                        return;
                    }
                    for (int i = 0; i < perCaller; i++) {
                        String key = "c" + caller + "-k" + (i % 20);
                        sent.add(run.send("c" + caller + "-m" + i + "|" + key,
                                Map.of(KinesisBatchConstants.PARTITION_KEY, key)));
                    }
                });
                t.start();
                threads.add(t);
            }
            go.countDown();
            for (Thread t : threads) {
                t.join();
            }
            List<Exchange> done = ProducerRun.awaitAll(sent);
            assertThat(done).allSatisfy(e -> {
                assertThat(e.getException()).isNull();
                assertThat(e.getMessage().getHeader(KinesisBatchConstants.SEQUENCE_NUMBER, String.class)).isNotBlank();
                // routing continues on the producer's Camel pool, never on the SDK's Netty threads
                assertThat(e.getProperty(ProducerRun.COMPLETION_THREAD, String.class))
                        .endsWith("KinesisBatchProducer[" + stream + "]");
            });
            int calls = proxy.calls(Faults.PUT_RECORDS) - callsBefore;
            // batching: about messages/500 calls, not one per message; and the SDK made no retries of its own
            assertThat(calls).isBetween(2, 2 + 4).isEqualTo((int) run.producer.getPutRecordsCalls());
        }
        List<StreamRecord> records = Streams.awaitRecords(stream, callers * perCaller, ProducerRun.DEADLINE);
        assertThat(records).hasSize(callers * perCaller);
        assertThat(records).allSatisfy(r -> assertThat(r.text()).endsWith("|" + r.partitionKey()));
        assertThat(records.stream().map(StreamRecord::text).distinct()).hasSize(callers * perCaller);
    }

    @Test
    void explicitHashKeysLandOnTheShardOwningThem() throws Exception {
        String stream = Streams.create(4);
        List<Shard> shards = Streams.shards(stream);
        List<CompletableFuture<Exchange>> sent = new ArrayList<>();
        Map<String, String> shardOfMessage = new java.util.HashMap<>();
        try (ProducerRun run = new ProducerRun(stream, null, "batchTimeout=200ms&explicitHashKey=${header.hash}")) {
            for (Shard shard : shards) {
                BigInteger start = new BigInteger(shard.hashKeyRange().startingHashKey());
                BigInteger end = new BigInteger(shard.hashKeyRange().endingHashKey());
                for (BigInteger key : List.of(start, end, start.add(end).shiftRight(1))) {
                    String message = "to-" + shard.shardId() + "-" + key;
                    shardOfMessage.put(message, shard.shardId());
                    sent.add(run.send(message,
                            Map.of("hash", key.toString(), KinesisBatchConstants.PARTITION_KEY, "same")));
                }
            }
            for (Exchange e : ProducerRun.awaitAll(sent)) {
                assertThat(e.getException()).isNull();
                assertThat(e.getMessage().getHeader(KinesisBatchConstants.SHARD_ID))
                        .isEqualTo(shardOfMessage.get(e.getMessage().getBody(String.class)));
            }
        }
        List<StreamRecord> records = Streams.awaitRecords(stream, shardOfMessage.size(), ProducerRun.DEADLINE);
        assertThat(records).hasSize(shardOfMessage.size())
                .allSatisfy(r -> assertThat(r.shardId()).isEqualTo(shardOfMessage.get(r.text())));
    }

    @Test
    void badInputsFailAloneAndTheGoodOnesArrive() throws Exception {
        String stream = Streams.create(1);
        List<CompletableFuture<Exchange>> good = new ArrayList<>();
        List<CompletableFuture<Exchange>> bad = new ArrayList<>();
        try (ProducerRun run = new ProducerRun(stream, null, "batchTimeout=100ms")) {
            for (int i = 0; i < 20; i++) {
                good.add(run.send("good-" + i, Map.of()));
                switch (i % 4) {
                    case 0 -> bad.add(run.send(null, Map.of()));
                    case 1 -> bad.add(run.send("x", Map.of(KinesisBatchConstants.PARTITION_KEY, "k".repeat(257))));
                    case 2 -> bad.add(run.send("x", Map.of(KinesisBatchConstants.EXPLICIT_HASH_KEY, "-5")));
                    default -> bad.add(run.send(new byte[1024 * 1024 + 1], Map.of()));
                }
            }
            assertThat(ProducerRun.awaitAll(good)).allSatisfy(e -> assertThat(e.getException()).isNull());
            assertThat(ProducerRun.awaitAll(bad)).allSatisfy(e -> assertThat(e.getException())
                    .isInstanceOf(KinesisBatchRecordRejectedException.class).hasMessageContaining(stream));
        }
        List<StreamRecord> records = Streams.awaitRecords(stream, 20, ProducerRun.DEADLINE);
        assertThat(records).extracting(StreamRecord::text).hasSize(20).allMatch(t -> t.startsWith("good-"));
    }

    @Test
    void aListBodyWritesOneRecordPerElementAndCompletesOnceWithItsLastRecordsPosition() throws Exception {
        String stream = Streams.create(2);
        int exchanges = 3;
        int perExchange = 150; // 450 records: the third exchange's records straddle two calls of at most 500
        List<CompletableFuture<Exchange>> sent = new ArrayList<>();
        try (ProducerRun run = new ProducerRun(stream, null, "batchTimeout=100ms")) {
            for (int e = 0; e < exchanges; e++) {
                List<String> body = new ArrayList<>();
                for (int i = 0; i < perExchange; i++) {
                    body.add("list-" + e + "-" + i);
                }
                sent.add(run.send(body, Map.of()));
            }
            ProducerRun.awaitAll(sent);
        }
        List<StreamRecord> records = Streams.awaitRecords(stream, exchanges * perExchange, ProducerRun.DEADLINE);
        assertThat(records.stream().map(StreamRecord::text).distinct()).hasSize(exchanges * perExchange);
        Map<String, StreamRecord> byText = records.stream().collect(Collectors.toMap(StreamRecord::text, r -> r));
        for (int e = 0; e < exchanges; e++) {
            Exchange done = sent.get(e).join();
            assertThat(done.getException()).isNull();
            assertThat(done.getMessage().getHeader(KinesisBatchConstants.RECORD_COUNT)).isEqualTo(perExchange);
            StreamRecord last = byText.get("list-" + e + "-" + (perExchange - 1));
            assertThat(done.getMessage().getHeader(KinesisBatchConstants.SHARD_ID)).isEqualTo(last.shardId());
            assertThat(done.getMessage().getHeader(KinesisBatchConstants.SEQUENCE_NUMBER))
                    .isEqualTo(last.sequenceNumber());
        }
    }

    @Test
    void stoppingFlushesBufferedRecordsAndNothingHangs() throws Exception {
        String stream = Streams.create(1);
        List<CompletableFuture<Exchange>> sent = new ArrayList<>();
        ProducerRun run = new ProducerRun(stream, null, "batchTimeout=10m");
        try {
            for (int i = 0; i < 50; i++) {
                sent.add(run.send("buffered-" + i, Map.of()));
            }
            assertThat(run.producer.getPutRecordsCalls()).isZero();
            assertThat(run.producer.getBufferedRecords()).isEqualTo(50);
            run.stopProducer();
            assertThat(ProducerRun.awaitAll(sent)).allSatisfy(e -> assertThat(e.getException()).isNull());
        } finally {
            run.close();
        }
        List<StreamRecord> records = Streams.awaitRecords(stream, 50, ProducerRun.DEADLINE);
        Map<String, Long> counts = records.stream()
                .collect(Collectors.groupingBy(StreamRecord::text, Collectors.counting()));
        assertThat(counts).hasSize(50).allSatisfy((k, v) -> assertThat(v).isEqualTo(1L));
    }
}
