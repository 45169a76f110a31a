package io.kinesisbatch.camel;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import io.kinesisbatch.camel.checkpoint.InMemoryCheckpointStore;
import io.kinesisbatch.camel.metrics.ComponentMetrics;
import io.kinesisbatch.camel.metrics.NoMetrics;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static io.kinesisbatch.camel.Polling.await;

/**
 * Micrometer is an optional dependency: without it on the classpath the producer and the consumer run as before and
 * nothing fails for a missing class. Surefire runs this class alone in its own execution ({@code without-micrometer}
 * in the POM), with Micrometer taken off the test classpath; the default execution leaves it out.
 */
class WithoutMicrometerTest {

    @Test
    void producerAndConsumerRunWithoutMicrometerOnTheClasspath() throws Exception {
        assertThatThrownBy(() -> Class.forName(ComponentMetrics.MICROMETER_REGISTRY))
                .as("this execution must run without Micrometer").isInstanceOf(ClassNotFoundException.class);
        List<String> read = new CopyOnWriteArrayList<>();
        FakeKinesis kinesis = new FakeKinesis().shards("shardId-000000000000").page(FakeKinesis.records(0, 3));
        try (DefaultCamelContext context = new DefaultCamelContext()) {
            context.getRegistry().bind("fake", kinesis);
            context.getRegistry().bind("memory", new InMemoryCheckpointStore());
            context.addRoutes(new RouteBuilder() {
                @Override
                public void configure() {
                    from("direct:in").to("kinesis-batch:plain?kinesisClient=#fake&batchTimeout=10ms");
                    from("kinesis-batch:plain?kinesisClient=#fake&checkpointStore=#memory&workerId=w1&checkpointInterval=100ms")
                            .routeId("reader").process(e -> read.add(e.getMessage().getBody(String.class)));
                }
            });
            context.start();
            assertThat(ComponentMetrics.forContext(context)).isSameAs(NoMetrics.INSTANCE);

            context.createProducerTemplate().sendBody("direct:in", "written");
            assertThat(kinesis.entriesSent()).isEqualTo(1);
            await().atMost(Duration.ofSeconds(10)).until(() -> read.size() == 3);
            assertThat(read).containsExactly("r0", "r1", "r2");
            await().atMost(Duration.ofSeconds(10)).until(() -> "1002".equals(
                    context.getRoute("reader").getConsumer() instanceof KinesisBatchConsumer c
                                                                             && !c.snapshots().isEmpty()
                                                                                     ? c.snapshots().get(0).checkpoint()
                                                                                     : null));
        } finally {
            kinesis.close();
        }
    }
}
