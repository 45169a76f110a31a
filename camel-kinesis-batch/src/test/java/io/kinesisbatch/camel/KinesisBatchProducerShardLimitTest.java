package io.kinesisbatch.camel;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.kinesisbatch.camel.shardmap.HashKeys;
import org.apache.camel.Exchange;
import org.apache.camel.health.HealthCheck;
import org.apache.camel.health.HealthCheckHelper;
import org.apache.camel.health.HealthCheckRepository;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.kinesis.model.PutRecordsRequestEntry;

import static org.assertj.core.api.Assertions.assertThat;

/** shardRateLimit wired into the endpoint: against a FakeKinesis that lists shards and lands entries by hash key. */
class KinesisBatchProducerShardLimitTest extends ProducerTestSupport {

    private static final String SHARD_0 = "shardId-000000000000";
    private static final String SHARD_1 = "shardId-000000000001";

    /** The n-th key (from "key-0" on) whose MD5 lands on the given shard of two even shards. */
    private static String keyOn(int shard, int n) {
        int found = 0;
        for (int i = 0;; i++) {
            String key = "key-" + i;
            boolean upperHalf = HashKeys.ofPartitionKey(key).testBit(127);
            if (upperHalf == (shard == 1) && found++ == n) {
                return key;
            }
        }
    }

    private Sent sendKeyed(String key) {
        return send("x", Map.of(KinesisBatchConstants.PARTITION_KEY, key));
    }

    @Test
    void throttledEntriesLowerTheirShardsAllowanceShownInHealthAndJmx() throws Exception {
        kinesis.shards(2).then(r -> FakeKinesis.failing(r, i -> "ProvisionedThroughputExceededException"));
        start("batchTimeout=0&retryInitialDelay=1&retryMaxDelay=1");
        HealthCheckRepository producers = HealthCheckHelper.getHealthCheckRepository(context, "producers");
        producers.setEnabled(true);
        HealthCheck check = producers.stream().filter(c -> c.getId().equals("producer:kinesis-batch-test-stream"))
                .findFirst().orElseThrow();

        Exchange done = sendKeyed(keyOn(1, 0)).await();

        assertThat(done.getException()).isNull();
        assertThat(done.getMessage().getHeader(KinesisBatchConstants.SHARD_ID)).isEqualTo(SHARD_1);
        assertThat(producer.getShardLimits()).isEqualTo(SHARD_1
                                                        + " queued=0 allowance=85.0% (850 records/s) accepted=1 throttled=1");
        Map<String, Object> details = check.call().getDetails();
        assertThat(details).containsEntry("shard." + SHARD_1 + ".allowance", 85.0)
                .containsEntry("shard." + SHARD_1 + ".throttledEntries", 1L)
                .containsEntry("shard." + SHARD_1 + ".queuedRecords", 0);
    }

    @Test
    void recordsOfAShardWithoutTokensWaitWhileAnotherShardsRecordGoesAtOnce() throws Exception {
        kinesis.shards(2);
        start("shardRateLimit=1&batchTimeout=0"); // 10 records/s per shard, a bucket of a quarter record
        long started = System.nanoTime();
        List<Sent> shard0 = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            shard0.add(sendKeyed(keyOn(0, i)));
        }
        Sent shard1 = sendKeyed(keyOn(1, 0));

        shard1.await();
        long shard1Millis = (System.nanoTime() - started) / 1_000_000;
        awaitAll(shard0);
        long shard0Millis = (System.nanoTime() - started) / 1_000_000;

        assertThat(shard0Millis).as("the third record of shard 0 waits two tokens of 100 ms").isGreaterThanOrEqualTo(
                180);
        assertThat(shard1Millis).as("shard 1's record went without waiting for shard 0's").isLessThan(shard0Millis
                                                                                                      - 100);
        assertThat(producer.getShardLimits()).contains(SHARD_0 + " queued=0 allowance=100.0% (10 records/s)"
                                                       + " accepted=3 throttled=0");
    }

    @Test
    void producerMadeKeysArePlacedWithAnExplicitHashKeyAndAggregatesAreNot() throws Exception {
        kinesis.shards(2);
        start("batchTimeout=0");
        sendKeyed("mine").await();
        send("random").await();
        List<PutRecordsRequestEntry> entries = new ArrayList<>();
        kinesis.requests().forEach(r -> entries.addAll(r.records()));
        assertThat(entries).filteredOn(e -> e.partitionKey().equals("mine")).singleElement()
                .satisfies(e -> assertThat(e.explicitHashKey()).isNull());
        assertThat(entries).filteredOn(e -> !e.partitionKey().equals("mine")).singleElement()
                .satisfies(e -> assertThat(e.explicitHashKey()).as("placed on a shard with tokens").isNotNull());
    }

    @Test
    void withAggregationProducerMadeKeysAreNotPlaced() throws Exception {
        kinesis.shards(2);
        start("batchTimeout=0&aggregation=shard");
        send("random").await();
        assertThat(kinesis.requests()).singleElement()
                .satisfies(r -> assertThat(r.records().get(0).explicitHashKey()).isNull());
    }

    @Test
    void aggregationByPartitionKeyIsLimitedPerShardToo() throws Exception {
        kinesis.shards(2);
        start("batchTimeout=0&aggregation=partitionKey");
        Exchange done = sendKeyed(keyOn(0, 0)).await();
        assertThat(done.getException()).isNull();
        assertThat(producer.getShardLimits()).startsWith(SHARD_0 + " queued=0 allowance=100.0% (1000 records/s)"
                                                         + " accepted=1 throttled=0");
    }

    @Test
    void shardRateLimitZeroListsNoShardsAndLimitsNothing() throws Exception {
        kinesis.shards(2);
        start("shardRateLimit=0&batchTimeout=0");
        assertThat(sendKeyed(keyOn(0, 0)).await().getException()).isNull();
        assertThat(kinesis.listShardsCalls()).isZero();
        assertThat(producer.getShardLimits()).isEmpty();
        assertThat(kinesis.requests().get(0).records().get(0).explicitHashKey()).isNull();
    }

    @Test
    void whenListShardsIsDeniedRecordsGoAsWithoutTheLimiter() throws Exception {
        start("shardRateLimit=1&batchTimeout=0"); // would take 10 s for 100 records of one shard
        List<Sent> sent = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            sent.add(sendKeyed("k"));
        }
        long started = System.nanoTime();
        assertThat(awaitAll(sent)).allSatisfy(e -> assertThat(e.getException()).isNull());
        assertThat((System.nanoTime() - started) / 1_000_000).isLessThan(5_000);
        assertThat(kinesis.listShardsCalls()).isPositive();
        assertThat(producer.getShardLimits()).as("no shard predicted").isEmpty();
    }
}
