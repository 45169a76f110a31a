package io.kinesisbatch.camel.checkpoint;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

/**
 * Where a consumer keeps how far it got in each shard. One row per (stream, shard).
 * <p>
 * The verbs tell the caller whether it still holds the shard: {@link #claim} takes a shard and returns the checkpoint
 * to resume from; {@link #checkpoint} and {@link #markShardEnd} move it forward and answer {@code false} when the
 * shard is no longer the caller's (another worker claimed it since): the caller must then stop reading that shard and
 * never write its checkpoint again; {@link #release} gives the shard back.
 * <p>
 * With leases (several consumers balancing the shards) a shard is taken with {@link #takeover}, conditional on the
 * owner and lease counter the taker saw, kept with {@link #renew} (which bumps the counter, so peers see the lease is
 * alive) and its row removed with {@link #delete} once the shard and its children are done. Every write is conditional
 * on owner and lease counter.
 * <p>
 * Implementations are thread-safe and never block the caller: every call returns a stage completed later (or at once).
 * Checkpoints of one shard are written one at a time, by the worker holding it, always moving forward.
 */
public interface CheckpointStore {

    /** Prepares the store (for instance creates the table). Called when the consumer starts; may block. */
    default void start() throws Exception {
    }

    /** Called when the consumer stops. Does not close clients the store was given. */
    default void stop() throws Exception {
    }

    /**
     * Moves the shard's checkpoint to {@code position}.
     *
     * @return true when written; false when the claim no longer holds the shard (nothing was written)
     */
    CompletionStage<Boolean> checkpoint(ShardClaim claim, SequencePosition position);

    /**
     * Records that the shard is closed and every record of it completed; {@code last} is its last record (null for a
     * shard that had none).
     *
     * @return true when written; false when the claim no longer holds the shard
     */
    CompletionStage<Boolean> markShardEnd(ShardClaim claim, SequencePosition last);

    /**
     * Takes the shard for {@code owner} if its row still shows {@code expectedOwner} (null: nobody, or no row at all)
     * and {@code expectedCounter} (0 for a row without a counter); the lease counter is bumped.
     *
     * @return the claim, or empty when the row changed since it was read (another worker was faster)
     */
    CompletionStage<Optional<ShardClaim>> takeover(String streamId, String shardId, String owner, String expectedOwner,
            long expectedCounter);

    /**
     * Asks the owner of a live lease to hand the shard over (a steal): records {@code requester} on the row if it still
     * shows {@code owner} and {@code counter}, without touching either, so the owner's writes keep working. The owner
     * learns it at its next renewal ({@link ShardClaim#handoffTo()}), drains, checkpoints and releases.
     *
     * @return true when recorded; false when the row changed since it was read
     */
    CompletionStage<Boolean> requestHandoff(String streamId, String shardId, String requester, String owner,
            long counter);

    /**
     * Hands the shard to {@code to} (the worker that asked for it) after the final checkpoint: the owner becomes
     * {@code to} and the counter is bumped, so no third worker can claim it meanwhile; {@code to} takes it at its next
     * rebalance (or it expires if {@code to} died).
     *
     * @return true when written; false when the claim no longer holds the shard
     */
    CompletionStage<Boolean> handOver(ShardClaim claim, String to);

    /**
     * Renews the lease: bumps the lease counter if the claim still holds the shard.
     *
     * @return the claim with the new counter (use it for every later write) and, when another worker asked for the
     *         shard, {@link ShardClaim#handoffTo()}; empty when the lease was lost
     */
    CompletionStage<Optional<ShardClaim>> renew(ShardClaim claim);

    /**
     * Deletes the row of a finished shard (SHARD_END) if its lease counter is still {@code expectedCounter}.
     *
     * @return true when deleted; false when the row changed, is not finished, or is gone
     */
    CompletionStage<Boolean> delete(String streamId, String shardId, long expectedCounter);

    /**
     * Gives the shard back so another worker may claim it at once: the owner is removed and the counter bumped; a
     * no-op when the claim no longer holds it.
     */
    CompletionStage<Void> release(ShardClaim claim);

    /** Every row of the stream (for instance to find which parent shards reached SHARD_END). */
    CompletionStage<List<ShardCheckpoint>> list(String streamId);
}
