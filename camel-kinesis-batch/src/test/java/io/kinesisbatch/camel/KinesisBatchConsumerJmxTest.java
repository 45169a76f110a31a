package io.kinesisbatch.camel;

import java.lang.management.ManagementFactory;
import java.time.Instant;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

import javax.management.MBeanServer;
import javax.management.ObjectName;

import io.kinesisbatch.camel.checkpoint.InMemoryCheckpointStore;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.mock.MockEndpoint;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kinesis.KinesisAsyncClient;
import software.amazon.awssdk.services.kinesis.model.GetRecordsRequest;
import software.amazon.awssdk.services.kinesis.model.GetRecordsResponse;
import software.amazon.awssdk.services.kinesis.model.GetShardIteratorRequest;
import software.amazon.awssdk.services.kinesis.model.GetShardIteratorResponse;
import software.amazon.awssdk.services.kinesis.model.ListShardsRequest;
import software.amazon.awssdk.services.kinesis.model.ListShardsResponse;
import software.amazon.awssdk.services.kinesis.model.Record;
import software.amazon.awssdk.services.kinesis.model.Shard;

import static org.assertj.core.api.Assertions.assertThat;

/** The consumer's per-shard progress is visible over JMX: the attributes and the shard status operation. */
class KinesisBatchConsumerJmxTest {

    /** One open shard holding one record; every later read finds the shard caught up. */
    static final class OneRecordKinesis implements KinesisAsyncClient {
        private final AtomicInteger reads = new AtomicInteger();

        @Override
        public CompletableFuture<ListShardsResponse> listShards(ListShardsRequest request) {
            return CompletableFuture.completedFuture(ListShardsResponse.builder()
                    .shards(Shard.builder().shardId("shardId-000000000000").build()).build());
        }

        @Override
        public CompletableFuture<GetShardIteratorResponse> getShardIterator(GetShardIteratorRequest request) {
            return CompletableFuture.completedFuture(GetShardIteratorResponse.builder().shardIterator("it").build());
        }

        @Override
        public CompletableFuture<GetRecordsResponse> getRecords(GetRecordsRequest request) {
            GetRecordsResponse.Builder response = GetRecordsResponse.builder().nextShardIterator("it")
                    .millisBehindLatest(0L);
            if (reads.getAndIncrement() == 0) {
                response.records(Record.builder().sequenceNumber("100").partitionKey("k")
                        .approximateArrivalTimestamp(Instant.EPOCH).data(SdkBytes.fromUtf8String("hello")).build());
            }
            return CompletableFuture.completedFuture(response.build());
        }

        @Override
        public String serviceName() {
            return "kinesis";
        }

        @Override
        public void close() {}
    }

    @Test
    void consumerProgressIsAJmxView() throws Exception {
        try (DefaultCamelContext context = new DefaultCamelContext()) {
            context.getCamelContextExtension().setName("jmx-consumer-" + System.nanoTime());
            context.getRegistry().bind("fake", new OneRecordKinesis());
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
