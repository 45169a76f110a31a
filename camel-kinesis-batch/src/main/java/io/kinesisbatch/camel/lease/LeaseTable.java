package io.kinesisbatch.camel.lease;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

import io.kinesisbatch.camel.checkpoint.ShardCheckpoint;
import io.kinesisbatch.camel.checkpoint.ShardClaim;

/**
 * Who reads which shard: one lease per (stream, shard), in the same rows as the checkpoints (see
 * {@link io.kinesisbatch.camel.checkpoint.CheckpointStore}). Every write is conditional: on the owner and lease counter
 * the writer saw (claim, handoff request, delete) or holds (renew, hand over, release), so two workers never both
 * believe they hold a shard for longer than it takes one of them to write.
 * <p>
 * Implementations are thread-safe and never block the caller: every call returns a stage completed later (or at once).
 */
public interface LeaseTable {

    /**
     * Claims the shard for {@code owner} (a free, expired or released lease, or one handed to {@code owner}) if its row
     * still shows {@code expectedOwner} (null: nobody, or no row at all) and {@code expectedCounter} (0 for a row
     * without a counter); the lease counter is bumped.
     *
     * @return the claim, or empty when the row changed since it was read (another worker was faster)
     */
    CompletionStage<Optional<ShardClaim>> takeover(String streamId, String shardId, String owner, String expectedOwner,
                                                   long expectedCounter);

    /**
     * Renews the lease: bumps the lease counter if the claim still holds the shard.
     *
     * @return the claim with the new counter (use it for every later write) and, when another worker asked for the
     *         shard, {@link ShardClaim#handoffTo()}; empty when the lease was lost
     */
    CompletionStage<Optional<ShardClaim>> renew(ShardClaim claim);

    /**
     * Asks the owner of a live lease to hand the shard over (a steal): records {@code requester} on the row if it still
     * shows {@code owner} and {@code counter}, without touching either, so the owner's writes keep working. The owner
     * learns it at its next renewal ({@link ShardClaim#handoffTo()}), drains, checkpoints and hands over.
     *
     * @return true when recorded; false when the row changed since it was read
     */
    CompletionStage<Boolean> requestHandoff(String streamId, String shardId, String requester, String owner,
                                            long counter);

    /**
     * Hands the shard to {@code to} (the worker that asked for it) after the final checkpoint: the owner becomes
     * {@code to} and the counter is bumped, so no third worker can claim it meanwhile.
     *
     * @return true when written; false when the claim no longer holds the shard
     */
    CompletionStage<Boolean> handOver(ShardClaim claim, String to);

    /**
     * Gives the shard back so another worker may claim it at once: the owner is removed and the counter bumped; a
     * no-op when the claim no longer holds it.
     */
    CompletionStage<Void> release(ShardClaim claim);

    /** Every row of the stream: owners, counters, SHARD_END flags and checkpoints. */
    CompletionStage<List<ShardCheckpoint>> list(String streamId);

    /**
     * Deletes the row of a finished shard (SHARD_END) if its lease counter is still {@code expectedCounter}.
     *
     * @return true when deleted; false when the row changed, is not finished, or is gone
     */
    CompletionStage<Boolean> delete(String streamId, String shardId, long expectedCounter);
}
