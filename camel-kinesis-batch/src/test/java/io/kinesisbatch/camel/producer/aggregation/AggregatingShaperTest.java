package io.kinesisbatch.camel.producer.aggregation;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import io.kinesisbatch.camel.aggregation.AggregateDecoder;
import io.kinesisbatch.camel.aggregation.SubRecord;
import io.kinesisbatch.camel.producer.BufferedRecord;
import io.kinesisbatch.camel.producer.OutgoingBatch;
import io.kinesisbatch.camel.producer.RecordDraft;
import io.kinesisbatch.camel.shardmap.ShardMapCache;
import io.kinesisbatch.camel.shardmap.TestShards;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.kinesis.model.PutRecordsRequestEntry;
import software.amazon.awssdk.services.kinesis.model.Shard;

import static org.assertj.core.api.Assertions.assertThat;

class AggregatingShaperTest {

    private static BufferedRecord record(String key, int bytes) {
        return new BufferedRecord(new RecordDraft(new byte[bytes], key, null), Outcomes.NOBODY);
    }

    private static AggregatingShaper byKey(int maxEntries, long maxCallBytes) {
        return new AggregatingShaper(AggregationMode.PARTITION_KEY, 51200, maxEntries, maxCallBytes, null,
                System::nanoTime);
    }

    @Test
    void packsMessagesOfOneKeyIntoOneAggregateAndALoneMessagePlain() throws Exception {
        List<BufferedRecord> batch = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            batch.add(record(i % 2 == 0 ? "a" : "b", 100));
        }
        batch.add(record("c", 100));
        OutgoingBatch out = byKey(500, 5 << 20).shape(batch);

        assertThat(out.sent()).isSameAs(batch);
        assertThat(out.leftOver()).isEmpty();
        assertThat(out.entryCount()).isEqualTo(3);
        assertThat(out.recordCount(0)).isEqualTo(5);
        assertThat(out.record(0, 1)).isSameAs(batch.get(2)); // sub-sequence order is the order of arrival
        assertThat(out.aggregate(2)).isNull(); // "c" alone: plain
        PutRecordsRequestEntry entry = out.entry(0);
        List<SubRecord> inside = AggregateDecoder.decode(entry.data().asByteArray()).orElseThrow();
        assertThat(inside).hasSize(5).allMatch(u -> u.partitionKey().equals("a"));
        assertThat(out.entry(2).partitionKey()).isEqualTo("c");
    }

    @Test
    void keepsTheEntryLimitAndLeavesTheRestForTheNextCall() {
        List<BufferedRecord> batch = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            batch.add(record("k" + (i % 5), 10));
        }
        OutgoingBatch out = byKey(3, 5 << 20).shape(batch);

        assertThat(out.entryCount()).isLessThanOrEqualTo(3);
        int carried = 0;
        for (int i = 0; i < out.entryCount(); i++) {
            carried += out.recordCount(i);
        }
        assertThat(carried).isEqualTo(out.sent().size());
        assertThat(out.sent().size() + out.leftOver().size()).isEqualTo(20);
        assertThat(out.leftOver()).isNotEmpty().first().isSameAs(batch.get(out.sent().size()));
    }

    @Test
    void keepsTheCallByteLimitCountedOnTheAggregates() {
        List<BufferedRecord> batch = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            batch.add(record("k" + (i % 7), 100));
        }
        long limit = 10_000;
        OutgoingBatch out = byKey(500, limit).shape(batch);

        long bytes = 0;
        for (int i = 0; i < out.entryCount(); i++) {
            PutRecordsRequestEntry e = out.entry(i);
            bytes += e.data().asByteArray().length + e.partitionKey().length();
        }
        assertThat(bytes).isLessThanOrEqualTo(limit);
        assertThat(out.sent().size()).isGreaterThan(60); // the bound is close: about 100 bytes of 132 are data
        assertThat(out.leftOver()).hasSize(200 - out.sent().size());
    }

    @Test
    void atLeastOneMessageGoesEvenWhenItAloneIsOverTheLimits() {
        OutgoingBatch out = byKey(500, 50).shape(List.of(record("k", 100), record("k", 100)));
        assertThat(out.sent()).hasSize(1);
        assertThat(out.entryCount()).isEqualTo(1);
        assertThat(out.leftOver()).hasSize(1);
    }

    @Test
    void shardModeGroupsByPredictedShardAndChecksPlacementAgainstAFreshListing() throws Exception {
        List<List<Shard>> answers = new ArrayList<>(List.of(TestShards.split(), TestShards.split()));
        ShardMapCache maps = new ShardMapCache("s", () -> CompletableFuture.completedFuture(answers.remove(0)),
                System::nanoTime);
        maps.refreshStartedAfter(System.nanoTime()).get(5, TimeUnit.SECONDS);
        AggregatingShaper shaper = new AggregatingShaper(AggregationMode.SHARD, 51200, 500, 5 << 20, maps,
                System::nanoTime);
        List<BufferedRecord> batch = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            batch.add(record(TestShards.keyIn(i % 2 == 0, i), 50)); // six keys, three per half
        }
        OutgoingBatch out = shaper.shape(batch);

        assertThat(out.entryCount()).isEqualTo(2);
        assertThat(out.predictedShard(0)).isEqualTo("shard-1");
        assertThat(out.predictedShard(1)).isEqualTo("shard-2");
        assertThat(shaper.needsPlacementCheck(out, 0, "shard-1")).isFalse();
        assertThat(shaper.needsPlacementCheck(out, 0, "shard-0")).isTrue();
        // shard-0 (closed parent) holds every key; shard-2 holds none of entry 0's
        assertThat(
                shaper.readableWhereLanded(out, List.of(0, 0), List.of("shard-0", "shard-2")).get(5, TimeUnit.SECONDS))
                .containsExactly(true, false);
    }

    @Test
    void shardModeWithoutAMapYetGroupsByKeyAndPredictsNothing() {
        ShardMapCache maps = new ShardMapCache("s", () -> new CompletableFuture<>(), System::nanoTime);
        AggregatingShaper shaper = new AggregatingShaper(AggregationMode.SHARD, 51200, 500, 5 << 20, maps,
                System::nanoTime);
        OutgoingBatch out = shaper.shape(List.of(record("a", 10), record("b", 10), record("a", 10)));
        assertThat(out.entryCount()).isEqualTo(2);
        assertThat(out.predictedShard(0)).isNull();
        assertThat(shaper.needsPlacementCheck(out, 0, "shard-9")).isFalse();
    }
}
