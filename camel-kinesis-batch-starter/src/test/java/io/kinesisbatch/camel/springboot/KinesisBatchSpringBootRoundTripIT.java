package io.kinesisbatch.camel.springboot;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import io.kinesisbatch.camel.KinesisBatchComponent;
import io.kinesisbatch.camel.KinesisBatchConfiguration;
import io.kinesisbatch.itest.support.CheckpointTable;
import io.kinesisbatch.itest.support.Streams.StreamRecord;
import io.kinesisbatch.itest.support.Streams;
import org.apache.camel.builder.RouteBuilder;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A Spring Boot application with one producing and one consuming route, the consumer tuned only through
 * {@code camel.component.kinesis-batch.*} properties (checkpoint table, start position, durations): every record
 * produced is consumed, and the checkpoint table the properties name ends at each shard's last record.
 */
@SpringBootTest(classes = EmulatorApp.class, properties = {
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
}
