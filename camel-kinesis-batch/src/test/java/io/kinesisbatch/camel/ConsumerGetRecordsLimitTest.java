package io.kinesisbatch.camel;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import io.kinesisbatch.camel.checkpoint.InMemoryCheckpointStore;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.kinesis.model.GetRecordsRequest;

import static io.kinesisbatch.camel.Polling.await;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code maxResultsPerRequest} goes from the endpoint URI all the way to GetRecords' {@code Limit}, on every call of
 * the shard (the first, those that bring records and those that find nothing).
 */
class ConsumerGetRecordsLimitTest {

    @Test
    void everyGetRecordsCallAsksForAtMostMaxResultsPerRequestRecords() throws Exception {
        List<String> read = new CopyOnWriteArrayList<>();
        FakeKinesis kinesis = new FakeKinesis().shards("shardId-000000000000").page(FakeKinesis.records(0, 3))
                .page(FakeKinesis.records(3, 2));
        try (DefaultCamelContext context = new DefaultCamelContext()) {
            context.getRegistry().bind("fake", kinesis);
            context.getRegistry().bind("memory", new InMemoryCheckpointStore());
            context.addRoutes(new RouteBuilder() {
                @Override
                public void configure() {
                    from("kinesis-batch:limited?kinesisClient=#fake&checkpointStore=#memory&workerId=w1"
                         + "&maxResultsPerRequest=7&pollDelay=10ms")
                            .process(e -> read.add(e.getMessage().getBody(String.class)));
                }
            });
            context.start();
            await().until(() -> read.size() == 5 && kinesis.getRecordsRequests().size() >= 3);
        } finally {
            kinesis.close();
        }
        assertThat(kinesis.getRecordsRequests()).extracting(GetRecordsRequest::limit).containsOnly(7);
    }
}
