package io.kinesisbatch.camel.springboot;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import io.kinesisbatch.camel.KinesisBatchComponent;
import io.kinesisbatch.camel.KinesisBatchConfiguration;
import io.kinesisbatch.camel.metrics.MeterNames;
import io.kinesisbatch.itest.support.CheckpointTable;
import io.kinesisbatch.itest.support.Streams;
import io.kinesisbatch.itest.support.Streams.StreamRecord;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.camel.builder.RouteBuilder;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.micrometer.metrics.actuate.endpoint.MetricsEndpoint;
import org.springframework.boot.test.context.SpringBootTest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A Spring Boot application with one producing and one consuming route, the consumer tuned only through
 * {@code camel.component.kinesis-batch.*} properties (checkpoint table, start position, durations): every record
 * produced is consumed, and the checkpoint table the properties name ends at each shard's last record; the
 * component's meters show in the actuator's registry.
 */
@SpringBootTest(classes = EmulatorApp.class, properties = {
        "management.endpoints.web.exposure.include=health,metrics",
        "camel.component.kinesis-batch.checkpoint-table=" + KinesisBatchSpringBootRoundTripIT.TABLE,
        "camel.component.kinesis-batch.iterator-type=TRIM_HORIZON",
        "camel.component.kinesis-batch.poll-delay=200ms",
        "camel.component.kinesis-batch.checkpoint-interval=PT0.3S" })
class KinesisBatchSpringBootRoundTripIT extends EmulatorTestBase {

    static final String TABLE = "spring-boot-it-checkpoints";

    @Test
    void consumerPropertiesReachTheComponent() {
        KinesisBatchConfiguration c = camelContext.getComponent("kinesis-batch", KinesisBatchComponent.class)
                .getConfiguration();
        assertThat(c.getCheckpointTable()).isEqualTo(TABLE);
        assertThat(c.getPollDelay()).isEqualTo(200);
        assertThat(c.getCheckpointInterval()).isEqualTo(300);
    }

    @Test
    void whatOneRouteProducesAnotherConsumesAndCheckpoints() throws Exception {
        String stream = Streams.create(2);
        List<String> received = new CopyOnWriteArrayList<>();
        camelContext.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:in-" + stream).to("kinesis-batch:" + stream);
                from("kinesis-batch:" + stream).routeId("consume-" + stream)
                        .process(e -> received.add(e.getMessage().getBody(String.class)));
            }
        });

        List<String> sent = IntStream.range(0, 12).mapToObj(i -> "event-" + i).toList();
        sent.forEach(body -> template.requestBody("direct:in-" + stream, body));

        await().atMost(Duration.ofSeconds(90)).untilAsserted(
                () -> assertThat(received).containsExactlyInAnyOrderElementsOf(sent));

        Map<String, String> lastPerShard = Streams.readAll(stream).stream().collect(
                Collectors.toMap(StreamRecord::shardId, StreamRecord::sequenceNumber, (a, b) -> b));
        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> assertThat(CheckpointTable.checkpoints(TABLE, stream))
                        .containsAllEntriesOf(lastPerShard));
        camelContext.getRouteController().stopRoute("consume-" + stream);
    }

    @Autowired
    private MeterRegistry registry;
    @Autowired
    private MetricsEndpoint metrics;

    /**
     * With the actuator on the class path Spring Boot binds a {@code MeterRegistry}; the component finds it in Camel's
     * registry and its meters show in it and at {@code /actuator/metrics/<name>} (asked here through the endpoint
     * bean), with nothing configured for them.
     */
    @Test
    void theComponentsMetersShowInTheActuatorsRegistry() throws Exception {
        String stream = Streams.create(1);
        List<String> received = new CopyOnWriteArrayList<>();
        camelContext.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:in-" + stream).to("kinesis-batch:" + stream);
                from("kinesis-batch:" + stream).routeId("consume-" + stream)
                        .process(e -> received.add(e.getMessage().getBody(String.class)));
            }
        });
        IntStream.range(0, 8).forEach(i -> template.requestBody("direct:in-" + stream, "event-" + i));
        await().atMost(Duration.ofSeconds(60)).until(() -> received.size() == 8);

        String streamTag = MeterNames.TAG_STREAM + ":" + stream;
        assertThat(value(MeterNames.PRODUCER_RECORDS_SENT, streamTag)).isEqualTo(8);
        await().atMost(Duration.ofSeconds(10))
                .untilAsserted(() -> assertThat(value(MeterNames.CONSUMER_RECORDS_DELIVERED, streamTag)).isEqualTo(8));
        assertThat(value(MeterNames.CONSUMER_LEASES_HELD, streamTag)).isEqualTo(1);
        assertThat(registry.get(MeterNames.CONSUMER_BEHIND_LATEST).tag(MeterNames.TAG_STREAM, stream).timeGauge())
                .isNotNull();
        // every producer meter, and the consumer's, are listed at /actuator/metrics
        assertThat(metrics.listNames().getNames()).containsAll(MeterNames.ALL.subList(0, 8))
                .contains(MeterNames.CONSUMER_RECORDS_DELIVERED, MeterNames.CONSUMER_CHECKPOINT_LAG,
                        MeterNames.CONSUMER_LEASE_TAKEOVERS);
        camelContext.getRouteController().stopRoute("consume-" + stream);
        assertThat(registry.find(MeterNames.CONSUMER_RECORDS_DELIVERED).tag(MeterNames.TAG_STREAM, stream).meters())
                .isEmpty();
    }

    /** The first measurement of {@code name} at /actuator/metrics, narrowed by {@code tag} ("key:value"). */
    private double value(String name, String tag) {
        MetricsEndpoint.MetricDescriptor metric = metrics.metric(name, List.of(tag));
        assertThat(metric).as(name + " at /actuator/metrics").isNotNull();
        return metric.getMeasurements().get(0).getValue();
    }
}
