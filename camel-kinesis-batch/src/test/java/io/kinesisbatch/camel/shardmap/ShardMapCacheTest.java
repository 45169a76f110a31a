package io.kinesisbatch.camel.shardmap;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.kinesis.model.Shard;

import static org.assertj.core.api.Assertions.assertThat;

class ShardMapCacheTest {

    private final AtomicLong now = new AtomicLong(1_000);
    private final List<CompletableFuture<List<Shard>>> calls = new ArrayList<>();
    private final ShardMapCache cache = new ShardMapCache("s", () -> {
        CompletableFuture<List<Shard>> call = new CompletableFuture<>();
        calls.add(call);
        return call;
    }, now::get);

    @Test
    void aCallerJoinsAListingStartedAfterItsMomentAndStartsOneOtherwise() {
        CompletableFuture<ShardListing> first = cache.refreshStartedAfter(1_000);
        assertThat(cache.refreshStartedAfter(900)).isSameAs(first); // started at 1000, after 900
        now.set(2_000);
        CompletableFuture<ShardListing> second = cache.refreshStartedAfter(1_500); // a reply seen after it started
        assertThat(second).isNotSameAs(first);
        assertThat(calls).hasSize(2);
        assertThat(cache.current()).isNull();

        calls.get(1).complete(TestShards.split());
        assertThat(cache.current().size()).isEqualTo(2);
        assertThat(second.join().ranges()).containsKeys("shard-0", "shard-1", "shard-2");
    }

    @Test
    void aListingStartedEarlierNeverReplacesOneStartedLaterWhateverOrderTheyComplete() {
        List<Integer> told = new ArrayList<>();
        cache.onListing(map -> told.add(map.size()));
        CompletableFuture<ShardListing> older = cache.refreshStartedAfter(now.get());
        now.set(2_000);
        CompletableFuture<ShardListing> newer = cache.refreshStartedAfter(now.get()); // after a reply showing a split
        assertThat(calls).hasSize(2);

        calls.get(1).complete(TestShards.split()); // the newer call answers first
        calls.get(0).complete(TestShards.oneShard()); // the older answer, taken before the split, comes late

        assertThat(cache.current().shards()).extracting(s -> s.shardId()).containsExactly("shard-1", "shard-2");
        assertThat(told).as("the listener saw the newer map only").containsExactly(2);
        // whoever waited for the older call still gets a listing started after its moment: its own
        assertThat(older.join().ranges()).containsOnlyKeys("shard-0");
        assertThat(newer.join().ranges()).containsKeys("shard-1", "shard-2");
    }

    @Test
    void aFailedListingKeepsThePreviousMap() {
        cache.refreshStartedAfter(now.get());
        calls.get(0).complete(TestShards.oneShard());
        now.addAndGet(10);
        CompletableFuture<ShardListing> failing = cache.refreshStartedAfter(now.get());
        calls.get(1).completeExceptionally(new IllegalStateException("denied"));

        assertThat(failing).isCompletedExceptionally();
        assertThat(cache.current().shards()).extracting(s -> s.shardId()).containsExactly("shard-0");
    }
}
