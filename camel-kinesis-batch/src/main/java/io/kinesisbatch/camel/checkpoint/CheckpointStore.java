package io.kinesisbatch.camel.checkpoint;

import java.util.concurrent.CompletionStage;

/**
 * Where a consumer keeps how far it got in each shard: one row per (stream, shard). The position a shard resumes from
 * is read with its lease ({@link io.kinesisbatch.camel.lease.LeaseTable#takeover}: the claim's
 * {@link ShardClaim#start()}); this interface writes it.
 * <p>
 * Every write is conditional on the writer still holding the shard (the claim's owner and lease counter) and on the
 * stored checkpoint not being ahead of the one written, so a stored checkpoint never moves backwards, even when an
 * older write lands late. The answer {@code false} means the write was refused: the caller must stop reading that
 * shard and never write its checkpoint again.
 * <p>
 * Implementations are thread-safe and never block the caller. The component's own implementations
 * ({@link DynamoDbCheckpointStore}, {@link InMemoryCheckpointStore}) are also the {@link io.kinesisbatch.camel.lease
 * .LeaseTable} (leases live in the same rows); a {@code checkpointStore} bean must implement both.
 */
public interface CheckpointStore {

    /** Prepares the store (for instance creates the table). Called when the consumer starts; may block. */
    default void start() throws Exception {}

    /** Called when the consumer stops. Does not close clients the store was given. */
    default void stop() throws Exception {}

    /**
     * Moves the shard's checkpoint to {@code position}.
     *
     * @return true when written (or already there); false when the claim no longer holds the shard or the stored
     *         checkpoint is ahead of {@code position} (nothing was written)
     */
    CompletionStage<Boolean> checkpoint(ShardClaim claim, SequencePosition position);

    /**
     * Records that the shard is closed and every record of it completed; {@code last} is its last record (null for a
     * shard that had none).
     *
     * @return true when written; false when the claim no longer holds the shard
     */
    CompletionStage<Boolean> markShardEnd(ShardClaim claim, SequencePosition last);
}
