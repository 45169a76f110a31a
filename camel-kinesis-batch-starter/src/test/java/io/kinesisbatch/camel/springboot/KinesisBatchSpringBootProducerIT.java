package io.kinesisbatch.camel.springboot;

import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;

import io.kinesisbatch.camel.KinesisBatchComponent;
import io.kinesisbatch.camel.KinesisBatchConfiguration;
import io.kinesisbatch.camel.KinesisBatchConstants;
import io.kinesisbatch.itest.support.Streams;
import io.kinesisbatch.itest.support.Streams.StreamRecord;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A Spring Boot application whose route produces to {@code kinesis-batch:} with the producer tuned only through
 * {@code camel.component.kinesis-batch.*} properties (durations in Camel's and ISO-8601 forms, an enum option), on
 * kinesis-mock: every exchange completes with its sequence number and every record is on the stream.
 */
@SpringBootTest(classes = EmulatorApp.class, properties = {
        "camel.component.kinesis-batch.batch-timeout=50ms",
        "camel.component.kinesis-batch.retry-max-delay=PT2S",
        "camel.component.kinesis-batch.when-full=fail",
        "camel.component.kinesis-batch.batch-max-records=4" })
class KinesisBatchSpringBootProducerIT extends EmulatorTestBase {

    @Test
    void producerPropertiesReachTheComponent() {
        KinesisBatchConfiguration c = camelContext.getComponent("kinesis-batch", KinesisBatchComponent.class)
                .getConfiguration();
        assertThat(c.getBatchTimeout()).isEqualTo(50);
        assertThat(c.getRetryMaxDelay()).isEqualTo(2000);
        assertThat(c.getWhenFull()).isEqualTo("fail");
        assertThat(c.getBatchMaxRecords()).isEqualTo(4);
    }

    @Test
    void aRouteProducesEveryRecord() throws Exception {
        String stream = Streams.create(2);
        camelContext.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:orders-" + stream).to("kinesis-batch:" + stream + "?partitionKey=${header.orderId}");
            }
        });

        for (int i = 0; i < 10; i++) {
            int n = i;
            Exchange done = template.request("direct:orders-" + stream, e -> {
                e.getMessage().setBody("order-" + n);
                e.getMessage().setHeader("orderId", "o" + n);
            });
            assertThat(done.getException()).isNull();
            assertThat(done.getMessage().getHeader(KinesisBatchConstants.SEQUENCE_NUMBER, String.class)).isNotBlank();
        }

        List<StreamRecord> records = Streams.awaitRecords(stream, 10, Duration.ofSeconds(60));
        assertThat(records).extracting(StreamRecord::text)
                .containsExactlyInAnyOrderElementsOf(IntStream.range(0, 10).mapToObj(i -> "order-" + i).toList());
        assertThat(records).extracting(StreamRecord::partitionKey).contains("o0", "o9");
    }
}
