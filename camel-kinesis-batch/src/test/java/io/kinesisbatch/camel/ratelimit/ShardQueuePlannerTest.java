package io.kinesisbatch.camel.ratelimit;

import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ShardQueuePlannerTest {

    private static final long SECOND = TimeUnit.SECONDS.toNanos(1);

    /** A queued record in these tests: its name and its size (data plus key). */
    private record Rec(String name, long size) {
    }

    private final FakeNanoClock clock = new FakeNanoClock();

    private ShardQueuePlanner<Rec> planner(int percent) {
        return new ShardQueuePlanner<>(new ShardRateLimiter(ShardLimits.ofPercent(percent), SECOND, clock), Rec::size);
    }

    private static void fill(ShardQueuePlanner<Rec> planner, String shard, int n, long size) {
        for (int i = 0; i < n; i++) {
            planner.add(shard, new Rec(shard + "-" + i, size));
        }
    }

    private static Map<String, Long> perShard(ShardQueuePlanner.Batch<Rec> batch) {
        return batch.shardIds().stream().collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));
    }

    @Test
    void aFullBatchIsSharedEquallyBetweenShardsWithRecords() {
        ShardQueuePlanner<Rec> planner = planner(100);
        fill(planner, "hot", 5_000, 100);
        fill(planner, "a", 300, 100);
        fill(planner, "b", 100, 100);

        ShardQueuePlanner.Batch<Rec> batch = planner.plan(500, 5_242_880);

        // max-min fair: b gives all it has, the others share the rest equally
        assertThat(batch.records()).hasSize(500);
        assertThat(perShard(batch)).containsEntry("b", 100L).containsEntry("a", 200L).containsEntry("hot", 200L);
        assertThat(batch.bytes()).isEqualTo(50_000);
        assertThat(planner.queuedRecords()).isEqualTo(4_900);
        assertThat(planner.queuedBytes()).isEqualTo(490_000);
    }

    @Test
    void aShardWithoutTokensWaitsInItsQueueWithoutBlockingTheOthers() {
        ShardQueuePlanner<Rec> planner = planner(100);
        fill(planner, "hot", 3_000, 100);
        fill(planner, "cold", 10, 100);

        assertThat(perShard(planner.plan(500, 5_242_880))).containsEntry("hot", 490L).containsEntry("cold", 10L);
        assertThat(perShard(planner.plan(500, 5_242_880))).containsOnlyKeys("hot").containsEntry("hot", 500L);
        assertThat(perShard(planner.plan(500, 5_242_880))).containsOnlyKeys("hot").containsEntry("hot", 10L);
        // hot's bucket (1,000 records) is empty now: it waits, cold's new records go at once
        assertThat(planner.plan(500, 5_242_880).isEmpty()).isTrue();
        fill(planner, "cold", 5, 100);
        assertThat(perShard(planner.plan(500, 5_242_880))).containsOnlyKeys("cold").containsEntry("cold", 5L);
        assertThat(planner.queuedRecords("hot")).isEqualTo(2_000);
        assertThat(planner.nanosUntilReady()).isEqualTo(1_000_000);

        clock.advanceMillis(100);
        assertThat(perShard(planner.plan(500, 5_242_880))).containsEntry("hot", 100L);
    }

    @Test
    void keepsEachShardsOrderAndPutsRetriesFirst() {
        ShardQueuePlanner<Rec> planner = planner(0);
        fill(planner, "a", 3, 10);
        ShardQueuePlanner.Batch<Rec> first = planner.plan(2, 1_000);
        assertThat(first.records()).extracting(Rec::name).containsExactly("a-0", "a-1");

        planner.addFirst("a", first.records());
        assertThat(planner.plan(500, 1_000).records()).extracting(Rec::name).containsExactly("a-0", "a-1", "a-2");
    }

    @Test
    void theByteLimitLeavesARecordForTheNextBatchButLetsSmallerOnesOfOtherShardsIn() {
        ShardQueuePlanner<Rec> planner = planner(0);
        planner.add("big", new Rec("big-0", 600));
        planner.add("big", new Rec("big-1", 600));
        fill(planner, "small", 3, 100);

        ShardQueuePlanner.Batch<Rec> batch = planner.plan(500, 1_000);
        assertThat(batch.records()).extracting(Rec::name).containsExactlyInAnyOrder("big-0", "small-0", "small-1",
                "small-2");
        assertThat(batch.bytes()).isEqualTo(900);
        assertThat(planner.plan(500, 1_000).records()).extracting(Rec::name).containsExactly("big-1");
    }

    @Test
    void aRecordOverTheByteLimitGoesAloneRatherThanNever() {
        ShardQueuePlanner<Rec> planner = planner(0);
        planner.add("a", new Rec("huge", 2_000));
        planner.add("a", new Rec("next", 10));
        assertThat(planner.plan(500, 1_000).records()).extracting(Rec::name).containsExactly("huge");
    }

    @Test
    void theFirstShardOfABatchTakesTurns() {
        ShardQueuePlanner<Rec> planner = planner(0);
        fill(planner, "a", 10, 1);
        fill(planner, "b", 10, 1);
        fill(planner, "c", 10, 1);
        // three records per batch in the order a b c, then b c a, then c a b
        assertThat(planner.plan(1, 100).shardIds()).containsExactly("a");
        assertThat(planner.plan(1, 100).shardIds()).containsExactly("b");
        assertThat(planner.plan(1, 100).shardIds()).containsExactly("c");
        assertThat(planner.plan(1, 100).shardIds()).containsExactly("a");
    }

    @Test
    void theByteBucketBindsForLargeRecords() {
        ShardQueuePlanner<Rec> planner = planner(100);
        fill(planner, "a", 500, 10_240);
        assertThat(planner.plan(500, 5_242_880).records()).hasSize(102);
    }

    @Test
    void unpredictedRecordsAreNeverLimited() {
        ShardQueuePlanner<Rec> planner = planner(1);
        fill(planner, null, 1_000, 100);
        assertThat(planner.plan(500, 5_242_880).records()).hasSize(500);
        assertThat(planner.plan(500, 5_242_880).records()).hasSize(500);
    }

    @Test
    void handsBackWhatIsQueued() {
        ShardQueuePlanner<Rec> planner = planner(100);
        fill(planner, "parent", 3, 10);
        fill(planner, "other", 2, 10);
        assertThat(planner.takeShard("parent")).extracting(Rec::name).containsExactly("parent-0", "parent-1",
                "parent-2");
        assertThat(planner.queuedShards()).containsExactly("other");
        assertThat(planner.takeShard("parent")).isEmpty();
        assertThat(planner.takeAll()).hasSize(2);
        assertThat(planner.queuedRecords()).isZero();
        assertThat(planner.queuedBytes()).isZero();
        assertThat(planner.nanosUntilReady()).isEqualTo(Long.MAX_VALUE);
        assertThat(planner.plan(500, 5_242_880).isEmpty()).isTrue();
    }

    @Test
    void refusesAnEmptyBatch() {
        assertThatThrownBy(() -> planner(100).plan(0, 1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void listsItsShardsInTurnOrder() {
        ShardQueuePlanner<Rec> planner = planner(100);
        fill(planner, "x", 1, 1);
        fill(planner, "y", 1, 1);
        assertThat(planner.queuedShards()).isEqualTo(List.of("x", "y"));
    }
}
