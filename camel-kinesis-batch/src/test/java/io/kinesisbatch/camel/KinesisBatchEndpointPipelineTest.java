package io.kinesisbatch.camel;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.apache.camel.AsyncProducer;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.support.DefaultExchange;
import org.apache.camel.support.service.ServiceHelper;
import org.junit.jupiter.api.Test;

import static io.kinesisbatch.camel.Polling.await;
import static org.assertj.core.api.Assertions.assertThat;

/** One batching pipeline per endpoint: every producer of it (routes, templates) feeds it; it stops with the last. */
class KinesisBatchEndpointPipelineTest extends ProducerTestSupport {

    private static final String URI = "kinesis-batch:shared?kinesisClient=#fake&maxInFlight=1&batchMaxRecords=10&batchTimeout=5s";

    private void twoRoutes(String uri) throws Exception {
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:a").routeId("a").to(uri);
                from("direct:b").routeId("b").to(uri);
            }
        });
    }

    private CompletableFuture<Exchange> sendTo(AsyncProducer producer, String body) {
        Exchange exchange = new DefaultExchange(context);
        exchange.getMessage().setBody(body);
        CompletableFuture<Exchange> done = new CompletableFuture<>();
        producer.process(exchange, sync -> done.complete(exchange));
        return done;
    }

    private static List<Exchange> join(List<CompletableFuture<Exchange>> sent) throws Exception {
        List<Exchange> out = new ArrayList<>();
        for (CompletableFuture<Exchange> f : sent) {
            out.add(f.get(20, TimeUnit.SECONDS));
        }
        return out;
    }

    @Test
    void twoRoutesAndATemplateShareBatchesAndMaxInFlight() throws Exception {
        twoRoutes(URI);
        kinesis.stall();
        AsyncProducer a = context.getEndpoint("direct:a").createAsyncProducer();
        AsyncProducer b = context.getEndpoint("direct:b").createAsyncProducer();
        AsyncProducer template = context.getEndpoint(URI).createAsyncProducer(); // as a ProducerTemplate's
        ServiceHelper.startService(a, b, template);
        List<CompletableFuture<Exchange>> sent = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            sent.add(sendTo(a, "a-" + i));
            sent.add(sendTo(b, "b-" + i));
            sent.add(sendTo(template, "t-" + i));
        }
        await("a call").atMost(Duration.ofSeconds(20)).until(() -> kinesis.requests().size() == 1);
        Thread.sleep(200); // time for a second call, were there one
        assertThat(kinesis.requests()).as("one call in flight for all senders (maxInFlight=1)").hasSize(1);
        kinesis.release();
        assertThat(join(sent)).allSatisfy(e -> assertThat(e.getException()).isNull());
        // 30 records, full batches of 10 from one queue: 3 calls, each mixing senders' records as they came
        assertThat(kinesis.requests()).hasSize(3).allSatisfy(r -> assertThat(r.records()).hasSize(10));
        ServiceHelper.stopService(a, b, template);
    }

    @Test
    void thePipelineLivesWhileAnyProducerDoesAndStopsWithTheLast() throws Exception {
        // Camel's graceful route stop waits for the route's in-flight exchanges (up to the shutdown timeout, 5 s
        // here) before it stops the producer, so they wait for their batch: 1 s
        String uri = URI.replace("batchTimeout=5s", "batchTimeout=1s");
        twoRoutes(uri);
        KinesisBatchEndpoint endpoint = context.getEndpoint(uri, KinesisBatchEndpoint.class);
        KinesisBatchProducer probe = (KinesisBatchProducer) endpoint.createProducer();
        ServiceHelper.startService(probe);
        AsyncProducer b = context.getEndpoint("direct:b").createAsyncProducer();
        ServiceHelper.startService(b);

        context.getRouteController().stopRoute("a");
        CompletableFuture<Exchange> viaB = sendTo(b, "after a stopped");
        assertThat(probe.getBufferedRecords()).as("route b feeds the pipeline route a left").isEqualTo(1);
        ServiceHelper.stopService(probe); // route b's producer still holds the pipeline: the record waits for its batch
        Thread.sleep(100);
        assertThat(viaB).isNotDone();

        context.getRouteController().stopRoute("b"); // the last producer: the pipeline stops
        assertThat(viaB.get(5, TimeUnit.SECONDS).getException()).isNull();
        assertThat(kinesis.requests()).singleElement().satisfies(r -> assertThat(r.records()).hasSize(1));

        // a producer started later gets a fresh pipeline
        context.getRouteController().startRoute("a");
        AsyncProducer a = context.getEndpoint("direct:a").createAsyncProducer();
        ServiceHelper.startService(a);
        CompletableFuture<Exchange> again = sendTo(a, "restarted");
        assertThat(again.get(5, TimeUnit.SECONDS).getException()).isNull();
        context.getRouteController().stopRoute("a");
        ServiceHelper.stopService(a, b);
    }

    @Test
    void stoppingTheEndpointFlushesWhatProducersStillAttachedHold() throws Exception {
        KinesisBatchEndpoint endpoint = context.getEndpoint(URI.replace("maxInFlight=1", "maxInFlight=4"),
                KinesisBatchEndpoint.class);
        KinesisBatchProducer templates = (KinesisBatchProducer) endpoint.createProducer();
        ServiceHelper.startService(templates);
        List<CompletableFuture<Exchange>> sent = new ArrayList<>();
        for (int i = 0; i < 25; i++) {
            sent.add(sendTo(templates, "m-" + i));
        }
        // 2 full batches went, 5 records wait for batchTimeout
        await("full batches acknowledged").atMost(Duration.ofSeconds(20))
                .until(() -> templates.getBufferedRecords() == 5);

        context.stop(); // the producer is not one of the context's: it outlives the endpoint, as a template's may

        assertThat(join(sent)).allSatisfy(e -> assertThat(e.getException()).isNull());
        assertThat(kinesis.entriesSent()).isEqualTo(25);
        Exchange late = sendTo(templates, "late").get(5, TimeUnit.SECONDS);
        assertThat(late.getException()).isInstanceOf(KinesisBatchProducerStoppedException.class);
        ServiceHelper.stopService(templates); // harmless after its endpoint stopped
    }

    @Test
    void aTemplateCallerWaitingForItsBatchGetsItsOutcomeWhenTheContextStops() throws Exception {
        String uri = URI.replace("batchTimeout=5s", "batchTimeout=30s");
        KinesisBatchProducer probe = (KinesisBatchProducer) context.getEndpoint(uri).createProducer();
        ServiceHelper.startService(probe);
        ProducerTemplate template = context.createProducerTemplate();
        CompletableFuture<Exchange> result = CompletableFuture.supplyAsync(
                () -> template.send(uri, e -> e.getMessage().setBody("from a template")));
        await("the record buffered").atMost(Duration.ofSeconds(20)).until(() -> probe.getBufferedRecords() == 1);

        // Camel interrupts callers still waiting for an exchange soon after the routes stop, before the endpoints
        context.stop();

        Exchange done = result.get(10, TimeUnit.SECONDS);
        assertThat(done.getException()).isNull();
        assertThat(done.getMessage().getHeader(KinesisBatchConstants.SEQUENCE_NUMBER)).isNotNull();
        ServiceHelper.stopService(probe);
    }

    @Test
    void removingTheEndpointFlushesItsPipeline() throws Exception {
        String uri = URI.replace("batchTimeout=5s", "batchTimeout=30s");
        KinesisBatchEndpoint endpoint = context.getEndpoint(uri, KinesisBatchEndpoint.class);
        KinesisBatchProducer producer = (KinesisBatchProducer) endpoint.createProducer();
        ServiceHelper.startService(producer);
        CompletableFuture<Exchange> sent = sendTo(producer, "before removal");
        assertThat(sent).isNotDone();

        context.removeEndpoint(endpoint);

        assertThat(sent.get(5, TimeUnit.SECONDS).getException()).isNull();
        assertThat(kinesis.entriesSent()).isEqualTo(1);
        ServiceHelper.stopService(producer);
    }
}
