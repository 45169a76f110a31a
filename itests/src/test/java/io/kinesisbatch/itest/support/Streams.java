package io.kinesisbatch.itest.support;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import software.amazon.awssdk.services.kinesis.KinesisAsyncClient;
import software.amazon.awssdk.services.kinesis.model.GetRecordsResponse;
import software.amazon.awssdk.services.kinesis.model.ListShardsRequest;
import software.amazon.awssdk.services.kinesis.model.ListShardsResponse;
import software.amazon.awssdk.services.kinesis.model.Record;
import software.amazon.awssdk.services.kinesis.model.Shard;
import software.amazon.awssdk.services.kinesis.model.ShardIteratorType;
import software.amazon.awssdk.services.kinesis.model.StreamDescriptionSummary;
import software.amazon.awssdk.services.kinesis.model.StreamStatus;

/** Creates streams and reads them back in full, through the test-side client of {@link AwsPeers}. */
public final class Streams {

    private static final AtomicInteger COUNTER = new AtomicInteger();
    private static final String RUN = Long.toString(System.currentTimeMillis() % 1_000_000_000L, 36);

    private Streams() {}

    /** A record as read back from the stream. */
    public record StreamRecord(String shardId, String sequenceNumber, String partitionKey, byte[] data,
                               Instant approximateArrivalTimestamp) {
        public String text() {
            return new String(data, StandardCharsets.UTF_8);
        }
    }

    /** Creates a stream with a unique name and the given number of shards, waits until ACTIVE, returns its name. */
    public static String create(int shards) {
        String name = "it-" + RUN + "-" + COUNTER.incrementAndGet();
        create(name, shards);
        return name;
    }

    public static void create(String name, int shards) {
        client().createStream(b -> b.streamName(name).shardCount(shards)).join();
        awaitActive(name);
    }

    /** Waits until the stream is ACTIVE (after creation or a reshard). */
    public static StreamDescriptionSummary awaitActive(String name) {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(120));
        while (true) {
            StreamDescriptionSummary summary = describe(name);
            if (summary.streamStatus() == StreamStatus.ACTIVE) {
                return summary;
            }
            if (Instant.now().isAfter(deadline)) {
                throw new IllegalStateException("stream " + name + " still " + summary.streamStatus());
            }
            FreePort.sleep(200);
        }
    }

    public static StreamDescriptionSummary describe(String name) {
        return client().describeStreamSummary(b -> b.streamName(name)).join().streamDescriptionSummary();
    }

    public static String arn(String name) {
        return describe(name).streamARN();
    }

    public static void delete(String name) {
        client().deleteStream(b -> b.streamName(name).enforceConsumerDeletion(true)).join();
    }

    /** Every shard of the stream, open and closed (ListShards, all pages). */
    public static List<Shard> shards(String stream) {
        List<Shard> shards = new ArrayList<>();
        String next = null;
        do {
            ListShardsRequest request = next == null
                    ? ListShardsRequest.builder().streamName(stream).build()
                    : ListShardsRequest.builder().nextToken(next).build();
            ListShardsResponse response = client().listShards(request).join();
            shards.addAll(response.shards());
            next = response.nextToken();
        } while (next != null);
        return shards;
    }

    /** Every record of every shard (closed ones included), each shard in sequence order. */
    public static List<StreamRecord> readAll(String stream) {
        List<StreamRecord> all = new ArrayList<>();
        for (Shard shard : shards(stream)) {
            all.addAll(readShard(stream, shard.shardId()));
        }
        return all;
    }

    /** Every record of one shard from its start up to the current tip (or its end, when closed). */
    public static List<StreamRecord> readShard(String stream, String shardId) {
        List<StreamRecord> records = new ArrayList<>();
        String iterator = client().getShardIterator(b -> b.streamName(stream).shardId(shardId)
                .shardIteratorType(ShardIteratorType.TRIM_HORIZON)).join().shardIterator();
        while (iterator != null) {
            String current = iterator;
            GetRecordsResponse response = client().getRecords(b -> b.shardIterator(current).limit(10_000)).join();
            for (Record r : response.records()) {
                records.add(new StreamRecord(shardId, r.sequenceNumber(), r.partitionKey(), r.data().asByteArray(),
                        r.approximateArrivalTimestamp()));
            }
            iterator = response.nextShardIterator();
            if (response.records().isEmpty() && Long.valueOf(0).equals(response.millisBehindLatest())) {
                break;
            }
        }
        return records;
    }

    /** Reads the stream until it holds at least {@code count} records, or fails after the timeout. */
    public static List<StreamRecord> awaitRecords(String stream, int count, Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        while (true) {
            List<StreamRecord> records = readAll(stream);
            if (records.size() >= count) {
                return records;
            }
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError(
                        "stream " + stream + " holds " + records.size() + " records, expected at least "
                                         + count + " within " + timeout);
            }
            FreePort.sleep(500);
        }
    }

    private static KinesisAsyncClient client() {
        return AwsPeers.get().kinesis();
    }
}
