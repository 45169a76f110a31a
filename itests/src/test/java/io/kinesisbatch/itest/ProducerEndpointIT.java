package io.kinesisbatch.itest;

import io.kinesisbatch.itest.support.Polling;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import io.kinesisbatch.camel.KinesisBatchConstants;
import io.kinesisbatch.camel.KinesisBatchEndpoint;
import io.kinesisbatch.camel.KinesisBatchProducer;
import io.kinesisbatch.camel.KinesisBatchRecordRejectedException;
import io.kinesisbatch.itest.support.AwsPeers;
import io.kinesisbatch.itest.support.FaultInjectingProxy;
import io.kinesisbatch.itest.support.Faults;
import io.kinesisbatch.itest.support.Streams;
import io.kinesisbatch.itest.support.Streams.StreamRecord;
import org.apache.camel.AsyncProducer;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.apache.camel.support.service.ServiceHelper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kinesis.model.PutRecordsRequestEntry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

/**
 * One endpoint, many senders, against kinesis-mock: templates and routes feed one batching pipeline, and stopping
 * the context flushes it before the endpoint's clients close.
 */
class ProducerEndpointIT {

    private FaultInjectingProxy proxy;
    private DefaultCamelContext context;

    @BeforeEach
    void start() throws Exception {
        assumeThat(AwsPeers.get().kinesisEndpoint()).as("needs an emulator endpoint to proxy").isNotNull();
        proxy = FaultInjectingProxy.start(AwsPeers.get().kinesisEndpoint());
        context = new DefaultCamelContext();
        context.getShutdownStrategy().setTimeout(60);
    }

    @AfterEach
    void stop() {
        if (context != null) {
            context.stop();
        }
        if (proxy != null) {
            proxy.close();
        }
    }

    /**
     * A probe producer of the endpoint: its JMX counters are the endpoint's, whoever sends. It is never stopped
     * here: the endpoint's own stop must still flush and close in order.
     */
    private KinesisBatchProducer probe(String uri) throws Exception {
        KinesisBatchProducer probe = (KinesisBatchProducer) context.getEndpoint(uri, KinesisBatchEndpoint.class)
                .createProducer();
        ServiceHelper.startService(probe);
        return probe;
    }

    @Test
    void templateSendsWithALongBatchTimeoutThenTheContextStopsAndEveryExchangeIsAcknowledged() throws Exception {
        String stream = Streams.create(1);
        String uri = ProducerRun.uri(stream, proxy.endpoint(), "batchTimeout=30s");
        context.start();
        ProducerTemplate template = context.createProducerTemplate();
        KinesisBatchProducer probe = probe(uri);
        int messages = 40;
        List<Exchange> done = Collections.synchronizedList(new ArrayList<>());
        List<Thread> senders = new ArrayList<>();
        for (int i = 0; i < messages; i++) {
            String body = "t-" + i;
            // as Spring code sends: one blocking template call per request thread
            Thread t = new Thread(() -> done.add(template.send(uri, e -> e.getMessage().setBody(body))), "sender-" + i);
            t.start();
            senders.add(t);
        }
        Polling.await("every message buffered").atMost(ProducerRun.DEADLINE)
                .until(() -> probe.getBufferedRecords() == messages);
        assertThat(proxy.calls(Faults.PUT_RECORDS)).isZero();

        context.stop(); // as Spring Boot does on shutdown: the template's producer may stop after the endpoint

        for (Thread t : senders) {
            t.join(ProducerRun.DEADLINE.toMillis());
            assertThat(t.isAlive()).isFalse();
        }
        assertThat(done).hasSize(messages).allSatisfy(e -> {
            assertThat(e.getException()).isNull();
            assertThat(e.getMessage().getHeader(KinesisBatchConstants.SEQUENCE_NUMBER, String.class)).isNotBlank();
        });
        List<StreamRecord> records = Streams.awaitRecords(stream, messages, ProducerRun.DEADLINE);
        assertThat(records).extracting(StreamRecord::text).hasSize(messages).doesNotHaveDuplicates();
    }

    @Test
    void twoRoutesAndATemplateOnOneUriShareCallsAndMaxInFlight() throws Exception {
        String stream = Streams.create(2);
        // batching alone (shardRateLimit=0): the per-shard limiter would cut this burst into calls of its rate
        String uri = ProducerRun.uri(stream, proxy.endpoint(),
                "batchTimeout=5s&batchMaxRecords=100&maxInFlight=1&shardRateLimit=0");
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:a").to(uri);
                from("direct:b").to(uri);
            }
        });
        context.start();
        Faults.Stall stall = Faults.stall(Faults.PUT_RECORDS);
        proxy.with(stall);
        KinesisBatchProducer probe = probe(uri);
        List<CompletableFuture<Exchange>> sent = new ArrayList<>();
        AsyncProducer a = context.getEndpoint("direct:a").createAsyncProducer();
        AsyncProducer b = context.getEndpoint("direct:b").createAsyncProducer();
        ServiceHelper.startService(a, b);
        ProducerTemplate template = context.createProducerTemplate();
        List<Thread> templateSenders = new ArrayList<>();
        List<Exchange> viaTemplate = Collections.synchronizedList(new ArrayList<>());
        try {
            for (int i = 0; i < 250; i++) {
                sent.add(send(a, "a-" + i));
                sent.add(send(b, "b-" + i));
            }
            for (int t = 0; t < 10; t++) {
                int sender = t;
                // a blocking template call per thread, as request threads of a web application send
                Thread thread = new Thread(
                        () -> viaTemplate.add(template.send(uri, e -> e.getMessage().setBody("t-" + sender))));
                thread.start();
                templateSenders.add(thread);
            }
            Polling.await("a call held").atMost(ProducerRun.DEADLINE).until(() -> stall.held() > 0);
            Polling.await("every message buffered").atMost(ProducerRun.DEADLINE)
                    .until(() -> probe.getBufferedRecords() == 510);
            Thread.sleep(500); // time for a second call, were there one
            assertThat(stall.held()).as("calls outstanding at once, all senders together").isEqualTo(1);
            assertThat(probe.getCallsInFlight()).isEqualTo(1);
        } finally {
            stall.release();
        }
        for (Thread t : templateSenders) {
            t.join(ProducerRun.DEADLINE.toMillis());
        }
        assertThat(ProducerRun.awaitAll(sent)).allSatisfy(e -> assertThat(e.getException()).isNull());
        assertThat(viaTemplate).hasSize(10).allSatisfy(e -> assertThat(e.getException()).isNull());
        // 510 records from one shared queue: 5 full batches of 100 and one of 10 (after batchTimeout), whoever sent
        // them; one queue per sender would have made at least 7 calls
        assertThat(proxy.calls(Faults.PUT_RECORDS)).isEqualTo((int) probe.getPutRecordsCalls()).isEqualTo(6);
        assertThat(Streams.awaitRecords(stream, 510, ProducerRun.DEADLINE)).extracting(StreamRecord::text)
                .hasSize(510).doesNotHaveDuplicates();
    }

    @Test
    void aPartitionKeyWithALoneSurrogateFailsAloneWhileTheRestOfItsBatchLands() throws Exception {
        String stream = Streams.create(1);
        try (ProducerRun run = new ProducerRun(stream, proxy.endpoint(), "batchTimeout=300ms&maxRetries=1")) {
            List<CompletableFuture<Exchange>> good = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                good.add(run.send("good-" + i, Map.of(KinesisBatchConstants.PARTITION_KEY, "key-" + i)));
            }
            // a key cut in the middle of an emoji: its high surrogate alone
            CompletableFuture<Exchange> bad = run.send("bad",
                    Map.of(KinesisBatchConstants.PARTITION_KEY, "order-\uD83D"));
            for (int i = 10; i < 20; i++) {
                good.add(run.send("good-" + i, Map.of(KinesisBatchConstants.PARTITION_KEY, "key-" + i)));
            }
            assertThat(ProducerRun.awaitAll(good)).allSatisfy(e -> assertThat(e.getException()).isNull());
            assertThat(ProducerRun.awaitAll(List.of(bad))).singleElement().satisfies(e -> assertThat(e.getException())
                    .isInstanceOf(KinesisBatchRecordRejectedException.class)
                    .hasMessageContaining(stream).hasMessageContaining("surrogate"));
        }
        List<StreamRecord> records = Streams.awaitRecords(stream, 20, ProducerRun.DEADLINE);
        assertThat(records.stream().map(StreamRecord::text).collect(Collectors.toSet())).hasSize(20)
                .allMatch(t -> t.startsWith("good-"));
    }

    @Test
    void aListModeRelayFromOneStreamToAnotherKeepsEveryRecordsPartitionKey() throws Exception {
        String source = Streams.create(2);
        String target = Streams.create(2);
        List<PutRecordsRequestEntry> entries = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            String key = "key-" + (i % 7);
            entries.add(PutRecordsRequestEntry.builder().partitionKey(key)
                    .data(SdkBytes.fromUtf8String("r" + i + "|" + key)).build());
        }
        AwsPeers.get().kinesis().putRecords(b -> b.streamName(source).records(entries)).join();
        String from = AwsPeers.get().uri(source, "checkpointTable=relay-" + System.nanoTime()
                                                 + "&pollDelay=200ms&maxRecordsPerExchange=25");
        String to = ProducerRun.uri(target, proxy.endpoint(), "batchTimeout=100ms");
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from(from).to(to); // the consumer's List of records, as it is
            }
        });
        context.start();
        List<StreamRecord> relayed = Streams.awaitRecords(target, 60, ProducerRun.DEADLINE);
        assertThat(relayed.stream().map(StreamRecord::text).distinct()).hasSize(60);
        assertThat(relayed).allSatisfy(r -> assertThat(r.text()).endsWith("|" + r.partitionKey()));
    }

    @Test
    void aProducerStartedOnTheEndpointAfterItStoppedStartsItAgainAndWrites() throws Exception {
        String stream = Streams.create(1);
        String uri = ProducerRun.uri(stream, proxy.endpoint(), "batchTimeout=0");
        context.start();
        KinesisBatchEndpoint endpoint = context.getEndpoint(uri, KinesisBatchEndpoint.class);
        KinesisBatchProducer first = (KinesisBatchProducer) endpoint.createProducer();
        ServiceHelper.startService(first);
        assertThat(send(first, "before").get(ProducerRun.DEADLINE.toSeconds(), TimeUnit.SECONDS).getException())
                .isNull();
        ServiceHelper.stopService(first);
        ServiceHelper.stopService(endpoint); // as context.removeEndpoint does; a template may still hold it

        KinesisBatchProducer later = (KinesisBatchProducer) endpoint.createProducer();
        ServiceHelper.startService(later);
        assertThat(endpoint.isStarted()).as("started again, so the context's stop closes its new clients").isTrue();
        assertThat(send(later, "after").get(ProducerRun.DEADLINE.toSeconds(), TimeUnit.SECONDS).getException())
                .isNull();
        assertThat(Streams.awaitRecords(stream, 2, ProducerRun.DEADLINE)).extracting(StreamRecord::text)
                .containsExactlyInAnyOrder("before", "after");
        ServiceHelper.stopService(later);

        context.stop();
        assertThat(endpoint.isStopped()).as("stopped with the context, closing the clients it built").isTrue();
    }

    private CompletableFuture<Exchange> send(AsyncProducer producer, String body) {
        Exchange exchange = new DefaultExchange(context);
        exchange.getMessage().setBody(body);
        CompletableFuture<Exchange> done = new CompletableFuture<>();
        producer.process(exchange, sync -> done.complete(exchange));
        return done;
    }
}
