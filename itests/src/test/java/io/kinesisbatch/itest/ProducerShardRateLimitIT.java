package io.kinesisbatch.itest;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import io.kinesisbatch.camel.KinesisBatchConstants;
import io.kinesisbatch.camel.shardmap.HashKeyRange;
import io.kinesisbatch.camel.shardmap.HashKeys;
import io.kinesisbatch.itest.support.Streams;
import io.kinesisbatch.itest.support.Streams.StreamRecord;
import org.apache.camel.Exchange;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.kinesis.model.Shard;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code shardRateLimit} end to end on kinesis-mock. kinesis-mock never throttles, so what is checked is the
 * producer's own pacing: with a low limit each shard's records take at least as long as the limit allows (and all
 * arrive, on their shard), with 0 nothing waits; with aggregation the aggregates' bytes are what is limited.
 */
class ProducerShardRateLimitIT {

    private static final int PER_SHARD = 40;

    /** {@code count} keys whose MD5 lands in each of the stream's shards, by shard id. */
    private static Map<String, List<String>> keysPerShard(String stream, int count) {
        Map<String, List<String>> keys = new HashMap<>();
        List<Shard> shards = Streams.shards(stream);
        for (int i = 0; keys.values().stream().mapToInt(List::size).sum() < count * shards.size(); i++) {
            String key = "key-" + i;
            for (Shard s : shards) {
                HashKeyRange range = HashKeyRange.parse(s.hashKeyRange().startingHashKey(),
                        s.hashKeyRange().endingHashKey());
                List<String> own = keys.computeIfAbsent(s.shardId(), x -> new ArrayList<>());
                if (range.contains(HashKeys.ofPartitionKey(key)) && own.size() < count) {
                    own.add(key);
                }
            }
        }
        return keys;
    }

    private record Outcome(long millis, long calls, List<Exchange> done) {
    }

    private static Outcome sendKeyed(String stream, String options, Map<String, List<String>> keys)
            throws Exception {
        try (ProducerRun run = new ProducerRun(stream, null, options)) {
            List<CompletableFuture<Exchange>> sent = new ArrayList<>();
            long started = System.nanoTime();
            for (int i = 0; i < PER_SHARD; i++) {
                for (List<String> ofShard : keys.values()) {
                    String key = ofShard.get(i);
                    sent.add(run.send("m|" + key, Map.of(KinesisBatchConstants.PARTITION_KEY, key)));
                }
            }
            List<Exchange> done = ProducerRun.awaitAll(sent);
            return new Outcome((System.nanoTime() - started) / 1_000_000, run.producer.getPutRecordsCalls(), done);
        }
    }

    @Test
    void aLowShardRateLimitHoldsEachShardToItsRateAndShardRateLimitZeroDoesNot() throws Exception {
        String stream = Streams.create(2);
        Map<String, List<String>> keys = keysPerShard(stream, PER_SHARD);

        // 2% of 1,000 records/s: 20 records/s per shard, so 40 records of one shard take at least ~1.95 s
        Outcome limited = sendKeyed(stream, "shardRateLimit=2&batchTimeout=50ms", keys);
        assertThat(limited.done()).allSatisfy(e -> assertThat(e.getException()).isNull());
        assertThat(limited.millis()).as("40 records per shard at 20 records/s").isGreaterThanOrEqualTo(1_800);
        assertThat(limited.done()).allSatisfy(e -> assertThat(
                keys.get(e.getMessage().getHeader(KinesisBatchConstants.SHARD_ID, String.class)))
                .contains(e.getMessage().getBody(String.class).substring(2)));
        assertThat(limited.calls()).as("records went as tokens came, not in one call").isGreaterThan(10);

        Outcome unlimited = sendKeyed(stream, "shardRateLimit=0&batchTimeout=1s", keys);
        assertThat(unlimited.done()).allSatisfy(e -> assertThat(e.getException()).isNull());
        assertThat(unlimited.calls()).as("all 80 records waited for one batch, none for tokens").isLessThanOrEqualTo(2);

        Map<String, Integer> perShard = new HashMap<>();
        for (StreamRecord r : Streams.readAll(stream)) {
            perShard.merge(r.shardId(), 1, Integer::sum);
        }
        assertThat(perShard).hasSize(2).allSatisfy((shard, n) -> assertThat(n).isEqualTo(2 * PER_SHARD));
    }

    @Test
    void withAggregationTheAggregatesBytesAreLimited() throws Exception {
        String stream = Streams.create(2);
        // 10% of 1 MiB/s: 104,858 bytes/s per shard; 400 messages of ~500 bytes over two shards are ~100 KB each
        String payload = "x".repeat(480);
        List<CompletableFuture<Exchange>> sent = new ArrayList<>();
        long millis;
        long calls;
        try (ProducerRun run = new ProducerRun(stream, null,
                "aggregation=shard&shardRateLimit=10&batchTimeout=50ms")) {
            long started = System.nanoTime();
            for (int i = 0; i < 400; i++) {
                sent.add(run.send(i + "|" + payload, Map.of()));
            }
            assertThat(ProducerRun.awaitAll(sent)).allSatisfy(e -> assertThat(e.getException()).isNull());
            millis = (System.nanoTime() - started) / 1_000_000;
            calls = run.producer.getPutRecordsCalls();
        }
        assertThat(millis).as("about 100 KB per shard at 104,858 bytes/s").isGreaterThanOrEqualTo(800);
        assertThat(calls).as("aggregates went as byte tokens came").isGreaterThan(10);
        List<StreamRecord> raw = Streams.readAll(stream);
        assertThat(raw.size()).as("aggregates, not one record per message").isLessThan(200);
    }
}
