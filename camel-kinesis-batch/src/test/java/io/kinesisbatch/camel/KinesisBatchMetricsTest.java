package io.kinesisbatch.camel;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import io.kinesisbatch.camel.checkpoint.InMemoryCheckpointStore;
import io.kinesisbatch.camel.metrics.ComponentMetrics;
import io.kinesisbatch.camel.metrics.NoMetrics;
import io.micrometer.core.instrument.FunctionTimer;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static io.kinesisbatch.camel.metrics.MeterNames.*;
import static org.assertj.core.api.Assertions.assertThat;
import static io.kinesisbatch.camel.Polling.await;

/** The meters a context with a bound {@link SimpleMeterRegistry} gets, against {@link FakeKinesis}. */
class KinesisBatchMetricsTest {

    private static final String SHARD = "shardId-000000000000";

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final DefaultCamelContext context = new DefaultCamelContext();
    private final FakeKinesis kinesis = new FakeKinesis();

    @AfterEach
    void stop() {
        context.stop();
        kinesis.close();
    }

    private double count(String name, String... tags) {
        return registry.get(name).tags(tags).functionCounter().count();
    }

    @Test
    void producerMetersFollowItsCountersAndLeaveWithItsPipeline() throws Exception {
        context.getRegistry().bind("fake", kinesis);
        context.getRegistry().bind("registry", registry);
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:in").routeId("writer")
                        .to("kinesis-batch:metered?kinesisClient=#fake&accessKey=AKIAEXAMPLE&secretKey=verysecret"
                            + "&batchTimeout=10ms&retryInitialDelay=1ms&retryMaxDelay=2ms&maxRetries=1");
            }
        });
        context.start();
        ProducerTemplate template = context.createProducerTemplate();
        for (int i = 0; i < 5; i++) {
            template.sendBody("direct:in", "m" + i);
        }
        // one entry throttled, then written on its retry
        kinesis.then(r -> FakeKinesis.failing(r, i -> "ProvisionedThroughputExceededException"));
        template.sendBody("direct:in", "throttled once");
        // a whole call refused for good (not retryable): the record fails
        kinesis.then(FakeKinesis.callFails(400, "ResourceNotFoundException"));
        template.send("direct:in", e -> e.getMessage().setBody("lost"));

        assertThat(count(PRODUCER_RECORDS_SENT, TAG_STREAM, "metered")).isEqualTo(6);
        assertThat(count(PRODUCER_RECORDS_THROTTLED)).isEqualTo(1);
        assertThat(count(PRODUCER_RECORDS_RETRIED)).isEqualTo(1);
        assertThat(count(PRODUCER_RECORDS_FAILED)).isEqualTo(1);
        FunctionTimer calls = registry.get(PRODUCER_PUT_RECORDS).functionTimer();
        assertThat(calls.count()).isEqualTo(kinesis.requests().size());
        assertThat(calls.totalTime(java.util.concurrent.TimeUnit.NANOSECONDS)).isPositive();
        assertThat(registry.get(PRODUCER_BUFFERED_BYTES).gauge().value()).isZero();
        assertThat(registry.get(PRODUCER_BUFFERED_RECORDS).gauge().value()).isZero();
        assertThat(registry.get(PRODUCER_PUT_RECORDS_IN_FLIGHT).gauge().value()).isZero();
        String endpoint = registry.get(PRODUCER_RECORDS_SENT).meter().getId().getTag(TAG_ENDPOINT);
        assertThat(endpoint).startsWith("kinesis-batch://metered").doesNotContain("verysecret");

        context.getRouteController().stopRoute("writer");
        context.getEndpoint("kinesis-batch:metered?kinesisClient=#fake&accessKey=AKIAEXAMPLE&secretKey=verysecret"
                            + "&batchTimeout=10ms&retryInitialDelay=1ms&retryMaxDelay=2ms&maxRetries=1")
                .stop();
        assertThat(meterNames()).noneMatch(n -> n.startsWith("kinesis.batch.producer."));
    }

    @Test
    void consumerMetersCountDeliveriesPerShardAndLeaveWithTheShard() throws Exception {
        kinesis.shards(SHARD).behindLatestOfPages(250).page(FakeKinesis.records(0, 3));
        context.getRegistry().bind("fake", kinesis);
        context.getRegistry().bind("memory", new InMemoryCheckpointStore());
        context.getRegistry().bind("registry", registry);
        AtomicInteger attempts = new AtomicInteger();
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("kinesis-batch:metered?kinesisClient=#fake&checkpointStore=#memory&workerId=w1"
                     + "&pollDelay=200ms&checkpointInterval=100ms").routeId("reader")
                        .process(e -> {
                            if ("r1".equals(e.getMessage().getBody(String.class)) && attempts.incrementAndGet() == 1) {
                                throw new IllegalStateException("first attempt fails");
                            }
                        });
            }
        });
        context.start();
        String[] shardTags = { TAG_STREAM, "metered", TAG_ROUTE, "reader", TAG_SHARD, SHARD };

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            assertThat(registry.get(CONSUMER_RECORDS_DELIVERED).tags(shardTags).counter().count()).isEqualTo(3);
            assertThat(registry.get(CONSUMER_RECORDS_REDELIVERED).tags(shardTags).counter().count()).isEqualTo(1);
            // every record done and its checkpoint acknowledged
            assertThat(registry.get(CONSUMER_RECORDS_IN_FLIGHT).tags(shardTags).gauge().value()).isZero();
            assertThat(registry.get(CONSUMER_CHECKPOINT_LAG).tags(shardTags).gauge().value()).isZero();
        });
        assertThat(registry.get(CONSUMER_RECORDS_FAILED).tags(shardTags).counter().count()).isEqualTo(1);
        assertThat(registry.get(CONSUMER_RECORDS_SKIPPED).tags(shardTags).counter().count()).isZero();
        assertThat(registry.get(CONSUMER_BEHIND_LATEST).tags(shardTags).timeGauge().value()).isIn(0.0, 0.25);
        assertThat(registry.get(CONSUMER_LEASES_HELD).gauge().value()).isEqualTo(1);
        assertThat(registry.get(CONSUMER_LEASE_TAKEOVERS).counter().count()).isEqualTo(1);
        assertThat(registry.get(CONSUMER_LEASE_HANDOFFS).counter().count()).isZero();

        context.getRouteController().stopRoute("reader");
        assertThat(meterNames()).noneMatch(n -> n.startsWith("kinesis.batch.consumer."));
    }

    @Test
    void skippedRecordsAreCountedAsSkippedNotFailed() throws Exception {
        kinesis.shards(SHARD).page(FakeKinesis.records(0, 2));
        context.getRegistry().bind("fake", kinesis);
        context.getRegistry().bind("memory", new InMemoryCheckpointStore());
        context.getRegistry().bind("registry", registry);
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("kinesis-batch:skipping?kinesisClient=#fake&checkpointStore=#memory&workerId=w1"
                     + "&skipFailedRecords=true&maxRecordsPerExchange=2").routeId("skipper")
                        .throwException(new IllegalStateException("always fails"));
            }
        });
        context.start();
        await().atMost(Duration.ofSeconds(10))
                .until(() -> registry.find(CONSUMER_RECORDS_SKIPPED).counter() != null
                             && registry.get(CONSUMER_RECORDS_SKIPPED).counter().count() == 2);
        assertThat(registry.get(CONSUMER_RECORDS_DELIVERED).counter().count()).isEqualTo(2);
        assertThat(registry.get(CONSUMER_RECORDS_FAILED).counter().count()).isZero();
        assertThat(registry.get(CONSUMER_RECORDS_REDELIVERED).counter().count()).isZero();
    }

    @Test
    void prometheusRendersTheNamesAsDocsMetricsMdSays() throws Exception {
        PrometheusMeterRegistry prometheus = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        kinesis.shards(SHARD).behindLatestOfPages(250).page(FakeKinesis.records(0, 1));
        context.getRegistry().bind("fake", kinesis);
        context.getRegistry().bind("memory", new InMemoryCheckpointStore());
        context.getRegistry().bind("registry", prometheus);
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:in").to("kinesis-batch:scraped?kinesisClient=#fake&batchTimeout=10ms");
                from("kinesis-batch:scraped?kinesisClient=#fake&checkpointStore=#memory&workerId=w1").to("log:x");
            }
        });
        context.start();
        context.createProducerTemplate().sendBody("direct:in", "one");
        await().until(() -> prometheus.scrape().contains("kinesis_batch_consumer_records_delivered_total{"));
        assertThat(prometheus.scrape()).contains("kinesis_batch_producer_records_sent_total{",
                "kinesis_batch_producer_put_records_seconds_count{", "kinesis_batch_producer_put_records_seconds_sum{",
                "kinesis_batch_producer_buffered_bytes{", "kinesis_batch_consumer_behind_latest_seconds{",
                "kinesis_batch_consumer_leases_held{", "kinesis_batch_consumer_checkpoint_lag{");
    }

    @Test
    void withoutABoundRegistryNothingIsPublished() {
        assertThat(ComponentMetrics.forContext(context)).isSameAs(NoMetrics.INSTANCE);
    }

    @Test
    void ofSeveralRegistriesTheCompositeIsUsedAndWithoutOneNone() {
        context.getRegistry().bind("a", new SimpleMeterRegistry());
        context.getRegistry().bind("b", new SimpleMeterRegistry());
        assertThat(ComponentMetrics.forContext(context)).isSameAs(NoMetrics.INSTANCE);
        context.getRegistry().bind("composite", new CompositeMeterRegistry());
        assertThat(ComponentMetrics.forContext(context)).isNotSameAs(NoMetrics.INSTANCE);
    }

    private List<String> meterNames() {
        return registry.getMeters().stream().map(Meter::getId).map(Meter.Id::getName).toList();
    }
}
