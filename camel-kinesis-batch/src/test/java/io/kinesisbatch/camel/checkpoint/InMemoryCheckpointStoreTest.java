package io.kinesisbatch.camel.checkpoint;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class InMemoryCheckpointStoreTest {

    private final InMemoryCheckpointStore store = new InMemoryCheckpointStore();

    private static <T> T await(java.util.concurrent.CompletionStage<T> stage) {
        return stage.toCompletableFuture().join();
    }

    @Test
    void aClaimResumesFromTheLastCheckpoint() {
        ShardClaim first = await(store.takeover("s", "shard-1", "w1", null, 0)).orElseThrow();
        assertThat(first.start().position()).isNull();
        assertThat(await(store.checkpoint(first, SequencePosition.of("17")))).isTrue();
        await(store.release(first));
        assertThat(store.get("s", "shard-1").owner()).isNull();

        ShardClaim second = await(store.takeover("s", "shard-1", "w2", null, store.get("s", "shard-1").leaseCounter()))
                .orElseThrow();
        assertThat(second.start().position()).isEqualTo(SequencePosition.of("17"));
        assertThat(second.leaseCounter()).isGreaterThan(first.leaseCounter());
    }

    @Test
    void aWorkerWhoseShardWasClaimedByAnotherCannotMoveTheCheckpoint() {
        ShardClaim stale = await(store.takeover("s", "shard-1", "w1", null, 0)).orElseThrow();
        ShardClaim current = await(store.takeover("s", "shard-1", "w2", "w1", stale.leaseCounter())).orElseThrow();

        assertThat(await(store.checkpoint(stale, SequencePosition.of("5")))).isFalse();
        assertThat(await(store.markShardEnd(stale, SequencePosition.of("5")))).isFalse();
        await(store.release(stale));
        assertThat(store.get("s", "shard-1").owner()).isEqualTo("w2");
        assertThat(store.get("s", "shard-1").position()).isNull();

        assertThat(await(store.checkpoint(current, SequencePosition.of("6")))).isTrue();
    }

    @Test
    void shardEndIsRecordedWithTheLastRecordAndListedPerStream() {
        ShardClaim claim = await(store.takeover("s", "shard-1", "w1", null, 0)).orElseThrow();
        await(store.takeover("other", "shard-1", "w1", null, 0)).orElseThrow();
        assertThat(await(store.markShardEnd(claim, SequencePosition.of("9")))).isTrue();

        assertThat(await(store.list("s"))).singleElement().satisfies(row -> {
            assertThat(row.shardEnd()).isTrue();
            assertThat(row.position()).isEqualTo(SequencePosition.of("9"));
        });
    }

    /** Defect 2 of issue 14: a slow write of an older position must not land over a newer one. */
    @Test
    void aStoredCheckpointNeverMovesBackwards() {
        ShardClaim claim = await(store.takeover("s", "shard-1", "w1", null, 0)).orElseThrow();
        assertThat(await(store.checkpoint(claim, SequencePosition.of("200")))).isTrue();
        assertThat(await(store.checkpoint(claim, SequencePosition.of("100")))).as("older than stored: refused")
                .isFalse();
        assertThat(store.get("s", "shard-1").position()).isEqualTo(SequencePosition.of("200"));
        assertThat(await(store.checkpoint(claim, SequencePosition.of("200")))).as("the same position again: kept")
                .isTrue();
    }
}
