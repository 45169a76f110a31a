package io.kinesisbatch.camel.producer;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.kinesisbatch.camel.producer.aggregation.AggregatingShaper;
import io.kinesisbatch.camel.producer.aggregation.AggregationMode;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** What a packed call costs each shard, and what a reply tells each shard. Pure. */
class ShardTallyTest {

    private static BufferedRecord on(String shard, String key, int dataBytes) {
        BufferedRecord r = new BufferedRecord(new RecordDraft(new byte[dataBytes], key, null), NoListener.INSTANCE);
        r.shard(shard);
        return r;
    }

    @Test
    void aPackedCallCostsEachShardOneRecordPerAggregateAndTheAggregatesOwnSize() {
        List<BufferedRecord> records = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            records.add(on("s-1", "a", 100)); // one key: one aggregate
        }
        records.add(on("s-2", "b", 50)); // alone: sent plain
        OutgoingBatch batch = new AggregatingShaper(AggregationMode.PARTITION_KEY, 51_200, 500, 5 << 20, null,
                System::nanoTime).shape(records);
        assertThat(batch.entryCount()).isEqualTo(2);

        Map<String, double[]> cost = ShardTally.correction(batch);

        int aggregate = batch.entrySize(batch.record(0, 0).shard().equals("s-1") ? 0 : 1);
        assertThat(cost.get("s-1")[0]).isEqualTo(1.0);
        assertThat(cost.get("s-1")[1]).as("its size beyond the messages' own 10 x 101 bytes taken when cut")
                .isEqualTo(aggregate - 10 * 101.0);
        assertThat(cost.get("s-2")).containsExactly(1.0, 0.0);
    }

    @Test
    void messagesLeftOverForTheNextCallGiveTheirBytesBack() {
        List<BufferedRecord> records = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            records.add(on("s-1", "k" + i, 100)); // three keys: three entries, the call holds two
        }
        OutgoingBatch batch = new AggregatingShaper(AggregationMode.PARTITION_KEY, 51_200, 2, 5 << 20, null,
                System::nanoTime).shape(records);
        assertThat(batch.leftOver()).hasSize(1);
        assertThat(ShardTally.correction(batch).get("s-1")).containsExactly(2.0, -102.0);
    }

    @Test
    void aReplyCountsAcceptedAndThrottledEntriesPerShardAndSeesALandingElsewhere() {
        OutgoingBatch batch = OutgoingBatch.plain(List.of(on("s-1", "a", 1), on("s-1", "b", 1), on("s-2", "c", 1),
                on(null, "d", 1)));
        ShardTally tally = new ShardTally();
        tally.accepted(batch, 0, "s-1");
        tally.throttled(batch, 1);
        tally.accepted(batch, 3, "s-9"); // not predicted: counts for nothing, proves nothing
        assertThat(tally.stale()).isFalse();
        tally.accepted(batch, 2, "s-3");
        assertThat(tally.stale()).isTrue();
        assertThat(tally.entriesByShard()).containsOnlyKeys("s-1", "s-2");
        assertThat(tally.entriesByShard().get("s-1")).containsExactly(1, 1);
        assertThat(tally.entriesByShard().get("s-2")).containsExactly(1, 0);
    }
}
