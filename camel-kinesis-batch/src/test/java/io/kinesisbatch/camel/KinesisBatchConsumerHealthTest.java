package io.kinesisbatch.camel;

import java.util.List;

import io.kinesisbatch.camel.checkpoint.InMemoryCheckpointStore;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.mock.MockEndpoint;
import org.apache.camel.health.HealthCheckHelper;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Camel's readiness check of a route's consumer takes in the consumer's own check (its per-shard details), unless the
 * component's {@code healthCheckConsumerEnabled} switch is off.
 */
class KinesisBatchConsumerHealthTest {

    @Test
    void theConsumersOwnShardCheckIsPartOfTheRoutesReadiness() throws Exception {
        try (DefaultCamelContext context = start(true)) {
            awaitTheRecord(context);
            // no waiting beyond the record: the test with the switch off relies on the shard showing by then
            assertThat(shardDetails(context)).contains("shard.shardId-000000000000.state");
        }
    }

    @Test
    void healthCheckConsumerEnabledFalseLeavesOnlyCamelsGenericRouteCheck() throws Exception {
        try (DefaultCamelContext context = start(false)) {
            awaitTheRecord(context); // its shard was claimed and read: it would show now, were the check on
            assertThat(shardDetails(context)).isEmpty();
        }
    }

    private static void awaitTheRecord(DefaultCamelContext context) throws InterruptedException {
        MockEndpoint read = context.getEndpoint("mock:read", MockEndpoint.class);
        read.expectedMinimumMessageCount(1);
        read.assertIsSatisfied(10_000);
    }

    private static DefaultCamelContext start(boolean checkEnabled) throws Exception {
        DefaultCamelContext context = new DefaultCamelContext();
        context.getRegistry().bind("fake", KinesisBatchConsumerJmxTest.oneRecordKinesis());
        context.getRegistry().bind("memory", new InMemoryCheckpointStore());
        context.getComponent("kinesis-batch", KinesisBatchComponent.class).setHealthCheckConsumerEnabled(checkEnabled);
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("kinesis-batch:health-stream?kinesisClient=#fake&checkpointStore=#memory&workerId=w1")
                        .routeId("reader").to("mock:read");
            }
        });
        context.start();
        HealthCheckHelper.getHealthCheckRepository(context, "consumers").setEnabled(true);
        return context;
    }

    private static List<String> shardDetails(DefaultCamelContext context) {
        return HealthCheckHelper.invokeReadiness(context).stream()
                .filter(r -> r.getCheck().getId().equals("consumer:reader")).findFirst().orElseThrow()
                .getDetails().keySet().stream().filter(k -> k.startsWith("shard.")).sorted().toList();
    }
}
