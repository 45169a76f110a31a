package io.kinesisbatch.camel.consumer;

import java.util.concurrent.CompletableFuture;

import io.kinesisbatch.camel.checkpoint.CheckpointStore;
import io.kinesisbatch.camel.checkpoint.SequencePosition;
import io.kinesisbatch.camel.checkpoint.ShardClaim;

/**
 * Writes the checkpoints of one shard under the claim that holds it: one write at a time, only ever forward, and
 * nothing more once the store answered that the shard is held by another worker ({@code onLost} is then called once).
 */
final class ShardCheckpointer {

    private final CheckpointStore store;
    private final ShardClaim claim;
    private final Runnable onLost;
    private CompletableFuture<?> writes = CompletableFuture.completedFuture(null);
    private SequencePosition written;
    private boolean lost;

    ShardCheckpointer(CheckpointStore store, ShardClaim claim, Runnable onLost) {
        this.store = store;
        this.claim = claim;
        this.onLost = onLost;
        this.written = claim.start().position();
    }

    /** Writes {@code position} after the writes before it, unless it is not ahead of what was written. */
    synchronized CompletableFuture<Void> write(SequencePosition position) {
        CompletableFuture<Void> write = after(writes, () -> {
            if (!shouldWrite(position)) {
                return CompletableFuture.completedFuture(null);
            }
            return store.checkpoint(claim, position).toCompletableFuture().thenAccept(ok -> outcome(ok, position));
        });
        writes = write;
        return write;
    }

    /** Writes SHARD_END ({@code last}: the shard's last record, or null); completes with false when the shard was lost. */
    synchronized CompletableFuture<Boolean> markShardEnd(SequencePosition last) {
        CompletableFuture<Boolean> write = after(writes, () -> isLost() ? CompletableFuture.completedFuture(false)
                : store.markShardEnd(claim, last).toCompletableFuture().thenApply(ok -> {
                    outcome(ok, last);
                    return ok;
                }));
        writes = write;
        return write;
    }

    /** Gives the shard back once pending writes are done (nothing when it was lost). */
    synchronized CompletableFuture<Void> release() {
        CompletableFuture<Void> release = after(writes,
                () -> isLost() ? CompletableFuture.completedFuture(null) : store.release(claim).toCompletableFuture());
        writes = release;
        return release;
    }

    synchronized SequencePosition written() {
        return written;
    }

    synchronized boolean isLost() {
        return lost;
    }

    private synchronized boolean shouldWrite(SequencePosition position) {
        return !lost && position != null && position.isAfter(written);
    }

    private void outcome(boolean ok, SequencePosition position) {
        boolean justLost;
        synchronized (this) {
            justLost = !ok && !lost;
            lost |= !ok;
            if (ok && position != null && position.isAfter(written)) {
                written = position;
            }
        }
        if (justLost) {
            onLost.run();
        }
    }

    /** Runs {@code next} once {@code previous} finished, whether it succeeded or not. */
    private static <T> CompletableFuture<T> after(CompletableFuture<?> previous,
            java.util.function.Supplier<CompletableFuture<T>> next) {
        return previous.handle((result, error) -> null).thenCompose(ignored -> next.get());
    }
}
