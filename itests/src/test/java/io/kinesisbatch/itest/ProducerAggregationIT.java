package io.kinesisbatch.itest;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;

import io.kinesisbatch.camel.KinesisBatchConstants;
import io.kinesisbatch.camel.aggregation.DeaggregatedRecord;
import io.kinesisbatch.camel.aggregation.Deaggregator;
import io.kinesisbatch.camel.aggregation.UserRecord;
import io.kinesisbatch.camel.shardmap.HashKeyRange;
import io.kinesisbatch.itest.support.AwsPeers;
import io.kinesisbatch.itest.support.Streams;
import io.kinesisbatch.itest.support.Streams.StreamRecord;
import org.apache.camel.Exchange;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.services.kinesis.model.Shard;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The producer with KPL aggregation against kinesis-mock, read back raw (GetRecords) and de-aggregated the way a
 * KCL-rule consumer reads: each shard's records with that shard's hash key range, an aggregate holding a key outside
 * it dropped whole. Every message must be read exactly once, with its own partition key.
 */
class ProducerAggregationIT {

    /** The user records a KCL-rule consumer reads from the whole stream, as "text" to partition key. */
    private static List<UserRecord> readAsAConsumer(String stream) {
        Map<String, HashKeyRange> ranges = new HashMap<>();
        for (Shard s : Streams.shards(stream)) {
            ranges.put(s.shardId(),
                    HashKeyRange.parse(s.hashKeyRange().startingHashKey(), s.hashKeyRange().endingHashKey()));
        }
        List<UserRecord> read = new ArrayList<>();
        for (StreamRecord r : Streams.readAll(stream)) {
            DeaggregatedRecord d = Deaggregator.deaggregate(r.sequenceNumber(), r.partitionKey(), r.data(),
                    ranges.get(r.shardId()));
            read.addAll(d.userRecords());
        }
        return read;
    }

    private static String text(UserRecord u) {
        return new String(u.data(), java.nio.charset.StandardCharsets.UTF_8);
    }

    @ParameterizedTest
    @ValueSource(strings = { "partitionKey", "shard" })
    void everyMessageIsReadOnceWithItsKeyFromFewRecords(String mode) throws Exception {
        String stream = Streams.create(2);
        int messages = 2000;
        List<CompletableFuture<Exchange>> sent = new ArrayList<>();
        try (ProducerRun run = new ProducerRun(stream, null, "aggregation=" + mode + "&batchTimeout=300ms")) {
            for (int i = 0; i < messages; i++) {
                String key = "k" + (i % 40);
                sent.add(run.send("m" + i + "|" + key, Map.of(KinesisBatchConstants.PARTITION_KEY, key)));
            }
            List<Exchange> done = ProducerRun.awaitAll(sent);
            assertThat(done).allSatisfy(e -> {
                assertThat(e.getException()).isNull();
                assertThat(e.getMessage().getHeader(KinesisBatchConstants.SEQUENCE_NUMBER, String.class)).isNotBlank();
            });
            // each message has its own place inside its aggregate
            assertThat(done.stream().map(e -> e.getMessage().getHeader(KinesisBatchConstants.SEQUENCE_NUMBER) + "/"
                                              + e.getMessage().getHeader(KinesisBatchConstants.SUB_SEQUENCE_NUMBER))
                    .distinct()).hasSize(messages);
            assertThat(done)
                    .filteredOn(e -> e.getMessage().getHeader(KinesisBatchConstants.SUB_SEQUENCE_NUMBER) != null)
                    .hasSizeGreaterThan(messages * 9 / 10);
        }
        List<StreamRecord> raw = Streams.readAll(stream);
        assertThat(raw.size()).as("Kinesis records for %d messages", messages).isLessThan(messages / 10);
        List<UserRecord> read = readAsAConsumer(stream);
        assertThat(read).hasSize(messages).allSatisfy(u -> assertThat(text(u)).endsWith("|" + u.partitionKey()));
        assertThat(read.stream().map(ProducerAggregationIT::text).distinct()).hasSize(messages);
    }

    @Test
    void aSplitWhileWritingInShardModeLosesNothingAndDuplicatesNothingForAKclRuleConsumer() throws Exception {
        AwsPeers peers = AwsPeers.get();
        String stream = Streams.create(1);
        String parent = Streams.shards(stream).get(0).shardId();
        int messages = 3000;
        List<CompletableFuture<Exchange>> sent = new ArrayList<>();
        long resent;
        try (ProducerRun run = new ProducerRun(stream, null, "aggregation=shard&batchTimeout=100ms")) {
            for (int i = 0; i < messages; i++) {
                // random keys over the whole hash space: every aggregate holds keys of both future children
                String key = new BigInteger(64, ThreadLocalRandom.current()).toString(36);
                sent.add(run.send("m" + i + "|" + key, Map.of(KinesisBatchConstants.PARTITION_KEY, key)));
                if (i == messages / 3) {
                    peers.kinesis().splitShard(b -> b.streamName(stream).shardToSplit(parent)
                            .newStartingHashKey("170141183460469231731687303715884105728")).join();
                }
                if (i % 100 == 0) {
                    Thread.sleep(20); // writing goes on through the split
                }
            }
            assertThat(ProducerRun.awaitAll(sent)).allSatisfy(e -> assertThat(e.getException()).isNull());
            resent = run.producer.getRecordsRetried();
        }
        Streams.awaitActive(stream);
        List<UserRecord> read = readAsAConsumer(stream);
        List<String> texts = read.stream().map(ProducerAggregationIT::text).toList();
        assertThat(texts).doesNotHaveDuplicates().hasSize(messages);
        assertThat(read).allSatisfy(u -> assertThat(text(u)).endsWith("|" + u.partitionKey()));
        assertThat(Streams.shards(stream)).hasSize(3);
        // aggregates predicted to the parent landed on a child not holding all their keys, and went again
        assertThat(resent).as("messages resent after landing misplaced").isPositive();
    }
}
