package io.kinesisbatch.itest.demo;

import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

import io.kinesisbatch.camel.aws.AwsClientFactory;
import io.kinesisbatch.camel.checkpoint.CheckpointAttributes;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.kinesis.model.StreamStatus;

/** The demo's stream and checkpoint table, through clients the component's own factory builds. */
final class DemoStream {

    private final DemoSettings settings;

    DemoStream(DemoSettings settings) {
        this.settings = settings;
    }

    void create() throws InterruptedException {
        try (AwsClientFactory clients = new AwsClientFactory(settings.configuration())) {
            clients.kinesis().createStream(b -> b.streamName(settings.stream()).shardCount(settings.shards())).join();
            long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
            while (clients.kinesis().describeStreamSummary(b -> b.streamName(settings.stream())).join()
                    .streamDescriptionSummary().streamStatus() != StreamStatus.ACTIVE) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("stream " + settings.stream() + " did not become ACTIVE");
                }
                Thread.sleep(250);
            }
        }
    }

    /** The checkpoint table's rows of the demo stream, by shard. */
    List<Map<String, AttributeValue>> checkpointRows() {
        try (AwsClientFactory clients = new AwsClientFactory(settings.configuration())) {
            return clients.dynamoDb().scan(b -> b.tableName(settings.checkpointTable()).consistentRead(true)).join()
                    .items().stream()
                    .filter(r -> r.containsKey(CheckpointAttributes.STREAM_ID)
                                 && settings.stream().equals(r.get(CheckpointAttributes.STREAM_ID).s()))
                    .sorted(Comparator.comparing(r -> r.get(CheckpointAttributes.SHARD_ID).s()))
                    .toList();
        }
    }
}
