package io.kinesisbatch.camel;

import java.lang.management.ManagementFactory;
import java.time.Instant;
import java.util.List;
import java.util.Set;

import javax.management.MBeanServer;
import javax.management.ObjectName;

import io.kinesisbatch.camel.checkpoint.InMemoryCheckpointStore;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.mock.MockEndpoint;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kinesis.model.Record;

import static org.assertj.core.api.Assertions.assertThat;

/** The consumer's per-shard progress is visible over JMX: the attributes and the shard status operation. */
class KinesisBatchConsumerJmxTest {

    /** One open shard holding one record ("hello", 0 ms behind); every later read finds the shard caught up. */
    static FakeKinesis oneRecordKinesis() {
        return new FakeKinesis().shards("shardId-000000000000").behindLatestOfPages(0)
                .page(List.of(Record.builder().sequenceNumber("100").partitionKey("k")
                        .approximateArrivalTimestamp(Instant.EPOCH).data(SdkBytes.fromUtf8String("hello")).build()));
    }

    @Test
    void consumerProgressIsAJmxView() throws Exception {
        try (DefaultCamelContext context = new DefaultCamelContext()) {
            context.getCamelContextExtension().setName("jmx-consumer-" + System.nanoTime());
            context.getRegistry().bind("fake", oneRecordKinesis());
            context.getRegistry().bind("memory", new InMemoryCheckpointStore());
            context.addRoutes(new RouteBuilder() {
                @Override
                public void configure() {
                    from("kinesis-batch:jmx-stream?kinesisClient=#fake&checkpointStore=#memory&workerId=w1"
                         + "&pollDelay=200ms&checkpointInterval=200ms").routeId("reader").to("mock:read");
                }
            });
            context.start();
            MockEndpoint read = context.getEndpoint("mock:read", MockEndpoint.class);
            read.expectedBodiesReceived("hello");
            read.assertIsSatisfied();

            MBeanServer server = ManagementFactory.getPlatformMBeanServer();
            Set<ObjectName> names = server.queryNames(
                    new ObjectName("org.apache.camel:context=" + context.getName() + ",type=consumers,*"), null);
            ObjectName consumer = names.stream().filter(n -> n.toString().contains("KinesisBatchConsumer")).findFirst()
                    .orElseThrow(() -> new AssertionError("no KinesisBatchConsumer MBean among " + names));
            assertThat(server.getAttribute(consumer, "WorkerId")).isEqualTo("w1");
            assertThat(server.getAttribute(consumer, "StreamName")).isEqualTo("jmx-stream");
            assertThat(server.getAttribute(consumer, "ShardCount")).isEqualTo(1);
            assertThat(server.getAttribute(consumer, "MaxMillisBehindLatest")).isEqualTo(0L);
            assertThat(server.getAttribute(consumer, "ReadMode")).isEqualTo("polling");
            assertThat(server.getAttribute(consumer, "ConsumerArn")).isEqualTo("");
            assertThat((String) server.invoke(consumer, "shardStatus", null, null)).contains("shardId-000000000000");
        }
    }
}
