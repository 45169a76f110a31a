package io.kinesisbatch.camel;

import java.util.List;

import io.kinesisbatch.camel.checkpoint.InMemoryCheckpointStore;
import org.apache.camel.builder.RouteBuilder;
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
            long deadline = System.nanoTime() + 10_000_000_000L; // the shard is claimed just after start
            while (shardDetails(context).isEmpty() && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            assertThat(shardDetails(context)).contains("shard.shardId-000000000000.state");
        }
    }

    @Test
    void healthCheckConsumerEnabledFalseLeavesOnlyCamelsGenericRouteCheck() throws Exception {
        try (DefaultCamelContext context = start(false)) {
            Thread.sleep(1000); // long enough for the shard to show, were the check on
            assertThat(shardDetails(context)).isEmpty();
        }
    }

    private static DefaultCamelContext start(boolean checkEnabled) throws Exception {
        DefaultCamelContext context = new DefaultCamelContext();
        context.getRegistry().bind("fake", new KinesisBatchConsumerJmxTest.OneRecordKinesis());
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
