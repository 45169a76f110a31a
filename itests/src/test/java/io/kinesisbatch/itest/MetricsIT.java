package io.kinesisbatch.itest;

import java.time.Duration;
import java.util.Collection;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import io.kinesisbatch.itest.support.AwsPeers;
import io.kinesisbatch.itest.support.Streams;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.Test;

import static io.kinesisbatch.camel.metrics.MeterNames.*;
import static org.assertj.core.api.Assertions.assertThat;
import static io.kinesisbatch.itest.support.Polling.await;

/**
 * The meters against kinesis-mock and DynamoDB Local: a route writes 60 records through the producer and another reads
 * them, in one context with a {@link SimpleMeterRegistry} bound. The counts match what was sent and read, every shard
 * has its gauges until its lease goes, and a second consumer stealing a shard shows as a handoff and a takeover.
 */
class MetricsIT {

    private static final String TABLE = "it-metrics-" + System.nanoTime();
    private static final String CONSUMER_OPTIONS = "checkpointTable=" + TABLE
                                                   + "&leaseDuration=3s&rebalanceInterval=1s&checkpointInterval=200ms&pollDelay=200ms";

    @Test
    void metersCountWhatARouteWroteAndReadPerShard() throws Exception {
        AwsPeers peers = AwsPeers.get();
        String stream = Streams.create(2);
        Set<String> shards = Streams.shards(stream).stream().map(s -> s.shardId()).collect(Collectors.toSet());
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        SimpleMeterRegistry secondRegistry = new SimpleMeterRegistry();
        try (CamelContext context = new DefaultCamelContext(); CamelContext second = new DefaultCamelContext()) {
            context.getRegistry().bind("meters", registry);
            context.addRoutes(new RouteBuilder() {
                @Override
                public void configure() {
                    from("direct:write").to(peers.uri(stream, "batchTimeout=50ms"));
                    from(peers.uri(stream, CONSUMER_OPTIONS + "&workerId=first")).routeId("read")
                            .to("log:read?level=DEBUG");
                }
            });
            context.start();
            ProducerTemplate template = context.createProducerTemplate();
            for (int i = 0; i < 60; i++) {
                template.sendBody("direct:write", "metered-" + i);
            }

            assertThat(registry.get(PRODUCER_RECORDS_SENT).tag(TAG_STREAM, stream).functionCounter().count())
                    .isEqualTo(60);
            assertThat(registry.get(PRODUCER_RECORDS_FAILED).functionCounter().count()).isZero();
            assertThat(registry.get(PRODUCER_PUT_RECORDS).functionTimer().count()).isBetween(1.0, 60.0);
            assertThat(registry.get(PRODUCER_PUT_RECORDS).functionTimer().mean(TimeUnit.MILLISECONDS))
                    .isPositive();
            assertThat(registry.get(PRODUCER_BUFFERED_BYTES).gauge().value()).isZero();

            await("every record read and checkpointed").atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
                assertThat(sum(registry.get(CONSUMER_RECORDS_DELIVERED).tag(TAG_ROUTE, "read").counters()))
                        .isEqualTo(60);
                assertThat(shardsOf(registry.get(CONSUMER_CHECKPOINT_LAG).gauges())).isEqualTo(shards);
                assertThat(registry.get(CONSUMER_CHECKPOINT_LAG).gauges()).allSatisfy(
                        g -> assertThat(g.value()).as("checkpoint of " + g.getId().getTag(TAG_SHARD)).isZero());
            });
            assertThat(sum(registry.get(CONSUMER_RECORDS_REDELIVERED).counters())).isZero();
            assertThat(shardsOf(registry.get(CONSUMER_BEHIND_LATEST).timeGauges())).isEqualTo(shards);
            assertThat(registry.get(CONSUMER_LEASES_HELD).gauge().value()).isEqualTo(2);
            assertThat(registry.get(CONSUMER_LEASE_TAKEOVERS).counter().count()).isEqualTo(2);

            // a second consumer asks for an even share: the first drains one shard and hands it over
            second.getRegistry().bind("meters", secondRegistry);
            second.addRoutes(new RouteBuilder() {
                @Override
                public void configure() {
                    from(peers.uri(stream, CONSUMER_OPTIONS + "&workerId=second")).routeId("read")
                            .to("log:read2?level=DEBUG");
                }
            });
            second.start();
            await("a shard handed over").atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                assertThat(registry.get(CONSUMER_LEASE_HANDOFFS).counter().count()).isEqualTo(1);
                assertThat(secondRegistry.get(CONSUMER_LEASE_TAKEOVERS).counter().count()).isEqualTo(1);
                assertThat(registry.get(CONSUMER_LEASES_HELD).gauge().value()).isEqualTo(1);
            });
            // the handed-over shard's meters left the first consumer; the second has them now
            Set<String> firstShards = shardsOf(registry.get(CONSUMER_CHECKPOINT_LAG).gauges());
            Set<String> secondShards = shardsOf(secondRegistry.get(CONSUMER_CHECKPOINT_LAG).gauges());
            assertThat(firstShards).hasSize(1).doesNotContainAnyElementsOf(secondShards);
            assertThat(secondShards).hasSize(1);

            context.getRouteController().stopRoute("read");
            assertThat(registry.getMeters()).map(m -> m.getId().getName())
                    .noneMatch(n -> n.startsWith("kinesis.batch.consumer."));
        }
    }

    private static double sum(Collection<Counter> counters) {
        return counters.stream().mapToDouble(Counter::count).sum();
    }

    private static Set<String> shardsOf(Collection<? extends Meter> meters) {
        return meters.stream().map(m -> m.getId().getTag(TAG_SHARD)).collect(Collectors.toSet());
    }
}
