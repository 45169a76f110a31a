package io.kinesisbatch.camel.producer;

import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * The pipeline's hook between a batch cut by the {@link Accumulator} and the PutRecords call: what entries the call
 * carries, and whether an entry that was written must be written again because it landed where its records cannot
 * be read (KPL aggregation in {@code shard} mode, see {@code producer.aggregation}). Called on any thread, for many
 * batches at once: implementations keep per-batch state local.
 */
public interface BatchShaper {

    /** One entry per record, nothing to check: the producer without aggregation. */
    BatchShaper PLAIN = new BatchShaper() {
        @Override
        public OutgoingBatch shape(List<BufferedRecord> batch) {
            return OutgoingBatch.plain(batch);
        }

        @Override
        public boolean needsPlacementCheck(OutgoingBatch batch, int entry, String landedShard) {
            return false;
        }

        @Override
        public CompletableFuture<List<Boolean>> readableWhereLanded(OutgoingBatch batch, List<Integer> entries,
                                                                    List<String> landedShards) {
            throw new IllegalStateException("plain records need no placement check");
        }
    };

    /** The entries of one call for a batch of records (at least one record of a non-empty batch is sent). */
    OutgoingBatch shape(List<BufferedRecord> batch);

    /** True when written entry {@code entry} landed on another shard than predicted: ask {@link #readableWhereLanded}. */
    boolean needsPlacementCheck(OutgoingBatch batch, int entry, String landedShard);

    /**
     * For entries that landed elsewhere than predicted: whether the landing shard's hash range holds all of each one's
     * records (true: done where they are; false: they must be sent again, re-grouped). Completes normally always.
     */
    CompletableFuture<List<Boolean>> readableWhereLanded(OutgoingBatch batch, List<Integer> entries,
                                                         List<String> landedShards);
}
