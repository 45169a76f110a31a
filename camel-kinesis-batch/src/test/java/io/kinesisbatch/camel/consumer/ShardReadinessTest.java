package io.kinesisbatch.camel.consumer;

import java.util.List;
import java.util.Set;

import io.kinesisbatch.camel.consumer.ShardReadiness.ReadyShard;
import io.kinesisbatch.camel.consumer.ShardReadiness.ShardInfo;
import org.junit.jupiter.api.Test;

import static io.kinesisbatch.camel.consumer.ShardReadiness.readyShards;
import static org.assertj.core.api.Assertions.assertThat;

class ShardReadinessTest {

    // shard-0 split into 1 and 2; 1 and 2 merged into 3; shard-9 stands alone
    private static final List<ShardInfo> LINEAGE = List.of(
            new ShardInfo("shard-0", null, null),
            new ShardInfo("shard-1", "shard-0", null),
            new ShardInfo("shard-2", "shard-0", null),
            new ShardInfo("shard-3", "shard-1", "shard-2"),
            new ShardInfo("shard-9", null, null));

    @Test
    void onlyRootsStartWhileTheirDescendantsWait() {
        assertThat(readyShards(LINEAGE, Set.of(), Set.of(), Set.of(), null))
                .containsExactly(new ReadyShard("shard-0", false), new ReadyShard("shard-9", false));
    }

    @Test
    void childrenStartAtTheirFirstRecordOnceTheParentReachedShardEnd() {
        assertThat(readyShards(LINEAGE, Set.of("shard-0"), Set.of(), Set.of("shard-0", "shard-9"), null))
                .containsExactly(new ReadyShard("shard-1", true), new ReadyShard("shard-2", true));
    }

    @Test
    void aMergedChildWaitsForBothParents() {
        assertThat(readyShards(LINEAGE, Set.of("shard-0", "shard-1"), Set.of(), Set.of("shard-2", "shard-9"), null))
                .isEmpty();
        assertThat(readyShards(LINEAGE, Set.of("shard-0", "shard-1", "shard-2"), Set.of(), Set.of(), null))
                .containsExactly(new ReadyShard("shard-3", true), new ReadyShard("shard-9", false));
    }

    @Test
    void aParentBeyondRetentionDoesNotHoldItsChildBack() {
        List<ShardInfo> trimmed = List.of(new ShardInfo("shard-1", "shard-0", null));
        assertThat(readyShards(trimmed, Set.of(), Set.of(), Set.of(), null))
                .containsExactly(new ReadyShard("shard-1", false));
    }

    @Test
    void anExplicitListIsReadExactlyAndOnlyListedParentsHoldChildrenBack() {
        assertThat(readyShards(LINEAGE, Set.of(), Set.of(), Set.of(), Set.of("shard-1", "shard-9")))
                .containsExactly(new ReadyShard("shard-1", false), new ReadyShard("shard-9", false));
        assertThat(readyShards(LINEAGE, Set.of(), Set.of(), Set.of(), Set.of("shard-0", "shard-1")))
                .containsExactly(new ReadyShard("shard-0", false));
    }

    @Test
    void finishedAndActiveShardsAreNotStartedAgain() {
        assertThat(readyShards(LINEAGE, Set.of("shard-9"), Set.of(), Set.of("shard-0"), null)).isEmpty();
    }

    @Test
    void aParentWithoutARowWhoseChildrenAllHaveRowsCountsAsFinished() {
        // Benthos deletes the row of a shard it read to the end; its children then have rows of their own
        assertThat(readyShards(LINEAGE, Set.of(), Set.of("shard-1", "shard-2", "shard-9"), Set.of("shard-9"), null))
                .containsExactly(new ReadyShard("shard-1", true), new ReadyShard("shard-2", true));
        // only one child has a row: the parent may not have been finished, so it is read (duplicates, never loss)
        assertThat(readyShards(LINEAGE, Set.of(), Set.of("shard-1", "shard-9"), Set.of("shard-9"), null))
                .containsExactly(new ReadyShard("shard-0", false));
        // a parent with a row that is not at SHARD_END still holds its children back
        assertThat(readyShards(LINEAGE, Set.of(), Set.of("shard-0", "shard-1"), Set.of("shard-9"), null))
                .containsExactly(new ReadyShard("shard-0", false));
    }
}
