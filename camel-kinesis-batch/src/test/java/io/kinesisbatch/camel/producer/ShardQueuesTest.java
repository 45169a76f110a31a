package io.kinesisbatch.camel.producer;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.kinesisbatch.camel.ratelimit.ShardLimits;
import io.kinesisbatch.camel.ratelimit.ShardRateLimiter;
import io.kinesisbatch.camel.shardmap.HashKeys;
import io.kinesisbatch.camel.shardmap.ShardHashRange;
import io.kinesisbatch.camel.shardmap.ShardMap;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The producer's per-shard queues: pure, on a clock the test moves. */
class ShardQueuesTest {

    private static final BigInteger HALF = BigInteger.ONE.shiftLeft(127);
    /** Two shards splitting the hash keys in half. */
    private static final ShardMap TWO = ShardMap.of(List.of(
            new ShardHashRange("shard-a", new io.kinesisbatch.camel.shardmap.HashKeyRange(BigInteger.ZERO,
                    HALF.subtract(BigInteger.ONE))),
            new ShardHashRange("shard-b", new io.kinesisbatch.camel.shardmap.HashKeyRange(HALF, HashKeys.MAX))));

    private long now = 1_000_000_000L;
    /** 1% of the limit: 10 records/s; 25 ms of burst is a quarter of a record, so a full bucket admits one. */
    private final ShardRateLimiter limiter = new ShardRateLimiter(ShardLimits.ofPercent(1), ShardQueues.BURST_NANOS,
            () -> now);

    /** A key whose MD5 lands on the given shard of {@link #TWO} (found by trying, like a user's key would be). */
    private static String keyOn(String shardId, int n) {
        int found = 0;
        for (int i = 0;; i++) {
            String key = "key-" + i;
            if (TWO.shardFor(key, null).orElseThrow().shardId().equals(shardId) && found++ == n) {
                return key;
            }
        }
    }

    private static BufferedRecord keyed(String key) {
        return new BufferedRecord(new RecordDraft(new byte[10], key, null), NoListener.INSTANCE);
    }

    private static BufferedRecord randomKeyed() {
        return new BufferedRecord(new RecordDraft(new byte[10], null, null), NoListener.INSTANCE);
    }

    private ShardQueues queues(boolean placeRandomKeys, List<BufferedRecord> records) {
        ShardQueues q = new ShardQueues(limiter, false);
        q.onShardMap(TWO);
        for (BufferedRecord r : records) {
            r.shard(ShardQueues.predict(r, TWO, placeRandomKeys));
            q.addLast(r);
        }
        return q;
    }

    @Test
    void predictsByTheKeysMd5AndLeavesProducerMadeKeysToPlacementOnly() {
        BufferedRecord onA = keyed(keyOn("shard-a", 0));
        BufferedRecord explicit = new BufferedRecord(new RecordDraft(new byte[1], "x", HALF.toString()),
                NoListener.INSTANCE);
        BufferedRecord random = randomKeyed();
        assertThat(ShardQueues.predict(onA, TWO, true)).isEqualTo("shard-a");
        assertThat(ShardQueues.predict(explicit, TWO, true)).as("explicit hash key 2^127 is b's first").isEqualTo(
                "shard-b");
        assertThat(ShardQueues.predict(random, TWO, true)).isSameAs(BufferedRecord.ANY_SHARD);
        assertThat(ShardQueues.predict(random, TWO, false)).as("aggregated: predicted from its random key")
                .isIn("shard-a", "shard-b");
        assertThat(ShardQueues.predict(onA, null, true)).as("no map, no prediction").isNull();
    }

    @Test
    void aRecordSentUnplacedAndPlacedForItsRetryIsResentWithThePlacedHashKey() {
        // predicted as placeable from the cache's new map before the queues were told of it: it goes unlimited
        ShardQueues q = new ShardQueues(limiter, false);
        BufferedRecord r = randomKeyed();
        r.shard(BufferedRecord.ANY_SHARD);
        q.addLast(r);
        assertThat(q.cut(500, 5_000_000, now)).containsExactly(r);
        String randomKey = r.entry().partitionKey(); // its first send builds the SDK entry, without a hash key
        assertThat(r.entry().explicitHashKey()).isNull();

        q.onShardMap(TWO); // the map reaches the queues; the entry comes back for a retry and is placed this time
        q.addFirst(List.of(r));
        now += TimeUnit.SECONDS.toNanos(1);
        assertThat(q.cut(500, 5_000_000, now)).containsExactly(r);

        assertThat(r.explicitHashKey()).isNotNull();
        assertThat(r.entry().explicitHashKey()).as("the resent entry goes where the limiter counted it")
                .isEqualTo(r.explicitHashKey());
        assertThat(TWO.shardFor(randomKey, r.entry().explicitHashKey()).orElseThrow().shardId()).isEqualTo(r.shard());
        assertThat(r.entry().partitionKey()).as("a retry keeps its random key").isEqualTo(randomKey);
    }

    @Test
    void aPackedCallIsChargedToTheShardsItWasCutUnderNotToTheChildrenItsLeftOversArePredictedToAfterASplit() {
        ShardMap one = ShardMap.of(List.of(new ShardHashRange("shard-0",
                new io.kinesisbatch.camel.shardmap.HashKeyRange(BigInteger.ZERO, HashKeys.MAX))));
        ShardRateLimiter full = new ShardRateLimiter(ShardLimits.ofPercent(100), ShardQueues.BURST_NANOS, () -> now);
        Accumulator acc = new Accumulator(10_000, 5 << 20, 0, 4, Long.MAX_VALUE, 0, new ShardQueues(full, true));
        acc.onShards(q -> q.onShardMap(one));
        List<BufferedRecord> records = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            BufferedRecord r = keyed(keyOn(i == 2 ? "shard-b" : "shard-a", i)); // three keys: three entries
            r.shard(ShardQueues.predict(r, one, false));
            records.add(r);
        }
        List<BufferedRecord> cut = acc.appendAndDrain(records, now).get(0);
        assertThat(cut).hasSize(3);

        acc.onShards(q -> q.onShardMap(TWO)); // shard-0 was split while the batch was packed
        OutgoingBatch batch = new io.kinesisbatch.camel.producer.aggregation.AggregatingShaper(
                io.kinesisbatch.camel.producer.aggregation.AggregationMode.PARTITION_KEY, 51_200, 2, 5 << 20, null,
                () -> now).shape(cut); // the call holds two entries: one message is left over
        assertThat(batch.leftOver()).hasSize(1);
        acc.packed(cut, batch, now);

        assertThat(full.snapshot()).as("the closed shard paid and is forgotten; no child is given back bytes it "
                                       + "never paid")
                .isEmpty();
        assertThat(acc.snapshot().queuedRecords()).as("the left-over message is queued again").isEqualTo(1);
        assertThat(batch.leftOver().get(0).shard()).as("under the child holding its key").isEqualTo("shard-b");
    }

    @Test
    void aShardOutOfTokensWaitsWhileTheOtherShardsRecordsGo() {
        List<BufferedRecord> records = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            records.add(keyed(keyOn("shard-a", i)));
        }
        records.add(keyed(keyOn("shard-b", 0)));
        ShardQueues q = queues(false, records);

        List<BufferedRecord> first = q.cut(500, 1 << 20, now);
        assertThat(first).extracting(BufferedRecord::shard).containsExactly("shard-a", "shard-b");
        assertThat(q.size()).isEqualTo(4);
        assertThat(q.nanosUntilSendable(now)).as("a's next token comes at 10 records/s").isPositive()
                .isLessThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(100));
        assertThat(q.cut(500, 1 << 20, now)).isEmpty();

        now += TimeUnit.MILLISECONDS.toNanos(100);
        assertThat(q.nanosUntilSendable(now)).isZero();
        assertThat(q.cut(500, 1 << 20, now)).singleElement().isSameAs(records.get(1));
    }

    @Test
    void aCutLeavingRecordsForTokensHoldsTheNextCutForAPace() {
        ShardQueues q = new ShardQueues(new ShardRateLimiter(ShardLimits.ofPercent(100), ShardQueues.BURST_NANOS,
                () -> now), false);
        q.onShardMap(TWO);
        for (int i = 0; i < 100; i++) {
            BufferedRecord r = keyed(keyOn("shard-a", i));
            r.shard("shard-a");
            q.addLast(r);
        }
        assertThat(q.cut(500, 1 << 20, now)).as("25 ms of 1,000 records/s").hasSize(25);
        now += TimeUnit.MILLISECONDS.toNanos(5); // 5 tokens again, but a call of 5 records waits for the pace
        assertThat(q.nanosUntilSendable(now)).isEqualTo(ShardQueues.PACE_NANOS - TimeUnit.MILLISECONDS.toNanos(5));
        assertThat(q.cut(500, 1 << 20, now)).isEmpty();
        now += ShardQueues.PACE_NANOS;
        assertThat(q.cut(500, 1 << 20, now)).as("the bucket kept what the pace let in").hasSize(25);
    }

    @Test
    void producerMadeKeysArePlacedOnShardsWithTokensInsideTheirHashRange() {
        List<BufferedRecord> records = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            records.add(keyed(keyOn("shard-a", i))); // a hot user key's shard
        }
        for (int i = 0; i < 3; i++) {
            records.add(randomKeyed());
        }
        ShardQueues q = queues(true, records);
        List<BufferedRecord> cut = q.cut(500, 1 << 20, now);
        // a's one token goes to its user-keyed head; the one random-keyed record that fits goes to b
        assertThat(cut).containsExactly(records.get(0), records.get(3));
        BufferedRecord placed = records.get(3);
        assertThat(placed.shard()).isEqualTo("shard-b");
        assertThat(new BigInteger(placed.explicitHashKey())).isBetween(HALF, HashKeys.MAX);
        assertThat(placed.entry().explicitHashKey()).isEqualTo(placed.explicitHashKey());
        assertThat(q.size()).isEqualTo(4);
    }

    @Test
    void throttledEntriesLowerTheShardsAllowanceAndAcceptedOnesAreCounted() {
        ShardQueues q = queues(false, List.of(keyed(keyOn("shard-a", 0)), keyed(keyOn("shard-b", 0))));
        q.cut(500, 1 << 20, now);
        q.onReply(Map.of("shard-a", new int[]{ 0, 1 }, "shard-b", new int[]{ 1, 0 }));
        List<ShardStatus> statuses = q.statuses();
        assertThat(statuses).extracting(ShardStatus::shardId).containsExactly("shard-a", "shard-b");
        assertThat(statuses.get(0).allowance()).isLessThan(1.0);
        assertThat(statuses.get(0).throttledEntries()).isEqualTo(1);
        assertThat(statuses.get(1).allowance()).isEqualTo(1.0);
        assertThat(statuses.get(1).acceptedEntries()).isEqualTo(1);
    }

    @Test
    void recordsQueuedForAClosedShardArePredictedAgainWithTheNewMap() {
        BufferedRecord r = keyed(keyOn("shard-a", 0));
        ShardQueues q = queues(false, List.of(keyed(keyOn("shard-a", 1)), r));
        q.cut(500, 1 << 20, now); // a's token goes; r waits
        ShardMap merged = ShardMap.of(List.of(new ShardHashRange("shard-c",
                new io.kinesisbatch.camel.shardmap.HashKeyRange(BigInteger.ZERO, HashKeys.MAX))));
        q.onShardMap(merged);
        assertThat(r.shard()).isEqualTo("shard-c");
        assertThat(q.statuses()).extracting(ShardStatus::shardId).as("closed shards forgotten").isEmpty();
        now += ShardQueues.PACE_NANOS;
        assertThat(q.cut(500, 1 << 20, now)).as("c's full bucket").containsExactly(r);
    }

    @Test
    void aRecordComingBackForAClosedShardIsPredictedAgain() {
        BufferedRecord r = keyed(keyOn("shard-a", 0));
        ShardQueues q = queues(false, List.of(r));
        assertThat(q.cut(500, 1 << 20, now)).containsExactly(r); // sent, then the stream merges its shards
        q.onShardMap(ShardMap.of(List.of(new ShardHashRange("shard-c",
                new io.kinesisbatch.camel.shardmap.HashKeyRange(BigInteger.ZERO, HashKeys.MAX)))));
        q.addFirst(List.of(r)); // its retry
        assertThat(r.shard()).isEqualTo("shard-c");
        BufferedRecord late = keyed(keyOn("shard-b", 0));
        late.shard("shard-b"); // predicted with the old map before the lock
        q.addLast(late);
        assertThat(late.shard()).isEqualTo("shard-c");
    }

    @Test
    void aggregatedMessagesCostBytesWhenCutAndTheirAggregateIsChargedOnceItIsPacked() {
        ShardQueues q = new ShardQueues(new ShardRateLimiter(ShardLimits.ofPercent(100), ShardQueues.BURST_NANOS,
                () -> now), true);
        q.onShardMap(TWO);
        for (int i = 0; i < 200; i++) {
            BufferedRecord r = keyed(keyOn("shard-a", i));
            r.shard("shard-a");
            q.addLast(r);
        }
        assertThat(q.cut(10_000, 5 << 20, now)).as("more messages than 25 records, all within 25 ms of bytes")
                .hasSize(200);
        q.charge(Map.of("shard-a", new double[]{ 50, 0 })); // the packed call turned out to be 50 records: 25 more than the bucket holds
        BufferedRecord next = keyed(keyOn("shard-a", 0));
        next.shard("shard-a");
        q.addLast(next);
        now += ShardQueues.PACE_NANOS;
        assertThat(q.cut(10_000, 5 << 20, now)).as("in debt for 25 records, 20 paid by the pace").isEmpty();
        assertThat(q.nanosUntilSendable(now)).as("the debt is paid in 5 ms, the next pace in 20")
                .isEqualTo(ShardQueues.PACE_NANOS);
    }
}
