package io.kinesisbatch.itest.consumer;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.stream.Collectors;

import io.kinesisbatch.camel.KinesisBatchConstants;
import io.kinesisbatch.camel.KinesisBatchConsumer;
import io.kinesisbatch.camel.checkpoint.CheckpointAttributes;
import io.kinesisbatch.camel.consumer.ShardSnapshot;
import io.kinesisbatch.itest.support.AwsPeers;
import io.kinesisbatch.itest.support.CheckpointTable;
import io.kinesisbatch.itest.support.Polling;
import io.kinesisbatch.itest.support.Streams.StreamRecord;
import org.apache.camel.CamelContext;
import org.apache.camel.Message;
import org.apache.camel.Route;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.kinesis.model.PutRecordsRequestEntry;
import software.amazon.awssdk.services.kinesis.model.PutRecordsResponse;

/** Helpers of the consumer ITs: writing records with the test-side client, collecting what a route received. */
public final class ConsumerItSupport {

    private ConsumerItSupport() {}

    /** A record as a route received it. */
    public record Received(String shardId, String sequenceNumber, String partitionKey, String text) {
        public static Received of(Message message) {
            return new Received(message.getHeader(KinesisBatchConstants.SHARD_ID, String.class),
                    message.getHeader(KinesisBatchConstants.SEQUENCE_NUMBER, String.class),
                    message.getHeader(KinesisBatchConstants.PARTITION_KEY, String.class),
                    new String(message.getBody(byte[].class), StandardCharsets.UTF_8));
        }
    }

    /** Writes {@code prefix-0 .. prefix-(count-1)}, each with its own partition key (spread over the shards). */
    public static List<String> put(String stream, String prefix, int count) {
        List<String> texts = new ArrayList<>();
        for (int from = 0; from < count; from += 250) {
            List<PutRecordsRequestEntry> entries = new ArrayList<>();
            for (int i = from; i < Math.min(count, from + 250); i++) {
                String text = prefix + "-" + i;
                texts.add(text);
                entries.add(PutRecordsRequestEntry.builder().partitionKey(text)
                        .data(SdkBytes.fromString(text, StandardCharsets.UTF_8)).build());
            }
            PutRecordsResponse response = AwsPeers.get().kinesis()
                    .putRecords(b -> b.streamName(stream).records(entries)).join();
            if (response.failedRecordCount() != null && response.failedRecordCount() > 0) {
                throw new IllegalStateException(response.failedRecordCount() + " records not written");
            }
        }
        return texts;
    }

    /** A URI like {@link AwsPeers#uri} whose Kinesis calls go to {@code kinesisEndpoint} (a fault-injecting proxy). */
    public static String uriThrough(String kinesisEndpoint, String stream, String options) {
        AwsPeers peers = AwsPeers.get();
        String direct = "uriEndpointOverride=" + URLEncoder.encode(peers.kinesisEndpoint(), StandardCharsets.UTF_8);
        String uri = peers.uri(stream, options);
        if (!uri.contains(direct)) {
            throw new IllegalStateException("no Kinesis endpoint override in " + uri);
        }
        return uri.replace(direct, "uriEndpointOverride=" + URLEncoder.encode(kinesisEndpoint, StandardCharsets.UTF_8));
    }

    public static KinesisBatchConsumer consumer(CamelContext context, String routeId) {
        Route route = context.getRoute(routeId);
        return (KinesisBatchConsumer) route.getConsumer();
    }

    /** Waits until every shard of the route is read (its first GetRecords answered). */
    public static void awaitReading(CamelContext context, String routeId, int shards) {
        Polling.await("all shards reading").atMost(Duration.ofSeconds(30)).until(() -> {
            List<ShardSnapshot> snapshots = consumer(context, routeId).snapshots();
            return snapshots.size() == shards && snapshots.stream()
                    .allMatch(s -> "READING".equals(s.state()) && s.lastSuccessfulPoll() != null);
        });
    }

    /** Every row of the checkpoint table. */
    public static List<Map<String, AttributeValue>> rows(String table) {
        return CheckpointTable.scan(table);
    }

    /** The last record of each shard, by shard id. */
    public static Map<String, String> lastSequencePerShard(Collection<StreamRecord> records) {
        return records.stream().collect(Collectors.toMap(StreamRecord::shardId, StreamRecord::sequenceNumber,
                (a, b) -> new java.math.BigInteger(a).compareTo(new java.math.BigInteger(b)) > 0 ? a : b));
    }

    public static List<String> texts(Collection<Received> received) {
        return received.stream().map(Received::text).toList();
    }

    public static ConcurrentLinkedQueue<Received> queue() {
        return new ConcurrentLinkedQueue<>();
    }
}
