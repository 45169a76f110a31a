package io.kinesisbatch.camel.consumer;

import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

import io.kinesisbatch.camel.checkpoint.CheckpointStore;
import io.kinesisbatch.camel.checkpoint.SequencePosition;
import io.kinesisbatch.camel.checkpoint.ShardClaim;

/**
 * Writes the checkpoints of one shard under the claim that holds it: one write at a time, only ever forward, and
 * nothing more once the store answered that the shard is held by another worker ({@code onLost} is then called once).
 */
final class ShardCheckpointer {

    private final CheckpointStore store;
    private ShardClaim claim;
    private final Runnable onLost;
    private final Runnable onHandoff;
    private boolean handoffAsked;
    private CompletableFuture<?> writes = CompletableFuture.completedFuture(null);
    private SequencePosition written;
    private boolean lost;

    ShardCheckpointer(CheckpointStore store, ShardClaim claim, Runnable onLost, Runnable onHandoff) {
        this.store = store;
        this.claim = claim;
        this.onLost = onLost;
        this.onHandoff = onHandoff;
        this.written = claim.start().position();
    }

    /** Writes {@code position} after the writes before it, unless it is not ahead of what was written. */
    CompletableFuture<Void> write(SequencePosition position) {
        return chain(() -> {
            if (!shouldWrite(position)) {
                return CompletableFuture.completedFuture(null);
            }
            return store.checkpoint(claim(), position).toCompletableFuture().thenAccept(ok -> outcome(ok, position));
        });
    }

    /** Writes SHARD_END ({@code last}: the shard's last record, or null); completes with false when the shard was lost. */
    CompletableFuture<Boolean> markShardEnd(SequencePosition last) {
        return chain(() -> isLost() ? CompletableFuture.completedFuture(false)
                : store.markShardEnd(claim(), last).toCompletableFuture().thenApply(ok -> {
                    outcome(ok, last);
                    return ok;
                }));
    }

    /** Gives the shard back, or to the worker that asked for it, once pending writes are done (nothing when lost). */
    CompletableFuture<Void> release() {
        return chain(() -> {
            if (isLost()) {
                return CompletableFuture.completedFuture(null);
            }
            ShardClaim current = claim();
            // asked for by another worker: hand it to that one, so nobody else (this worker included) claims it first
            return current.handoffTo() == null ? store.release(current).toCompletableFuture()
                    : store.handOver(current, current.handoffTo()).toCompletableFuture().thenApply(done -> (Void) null);
        });
    }

    /**
     * Renews the lease after the writes before it (a renewal bumps the lease counter that later writes are conditional
     * on, so it never races them); completes with false when the lease was lost ({@code onLost} is then called).
     * When the renewal tells that another worker asked for the shard, {@code onHandoff} is called (once).
     */
    CompletableFuture<Boolean> renew() {
        return chain(() -> isLost() ? CompletableFuture.completedFuture(false)
                : store.renew(claim()).toCompletableFuture().thenApply(renewed -> {
                    renewed.ifPresent(this::setClaim);
                    outcome(renewed.isPresent(), null);
                    if (renewed.isPresent() && renewed.get().handoffTo() != null && firstHandoffRequest()) {
                        onHandoff.run();
                    }
                    return renewed.isPresent();
                }));
    }

    /** Marks the lease lost without asking the store (the lease table showed another owner): nothing more is written. */
    void lose() {
        outcome(false, null);
    }

    private synchronized boolean firstHandoffRequest() {
        boolean first = !handoffAsked;
        handoffAsked = true;
        return first;
    }

    private synchronized ShardClaim claim() {
        return claim;
    }

    private synchronized void setClaim(ShardClaim renewed) {
        claim = renewed;
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

    /**
     * Runs {@code next} once every earlier write finished, whether it succeeded or not. The monitor is held only to
     * swap the tail of the chain, never while the store is called (its answer may call {@code onLost} at once).
     */
    private <T> CompletableFuture<T> chain(Supplier<CompletableFuture<T>> next) {
        CompletableFuture<T> result = new CompletableFuture<>();
        CompletableFuture<?> previous;
        synchronized (this) {
            previous = writes;
            writes = result;
        }
        previous.handle((ignored, error) -> null)
                .thenCompose(ignored -> next.get())
                .whenComplete((value, error) -> {
                    if (error != null) {
                        result.completeExceptionally(error);
                    } else {
                        result.complete(value);
                    }
                });
        return result;
    }
}
