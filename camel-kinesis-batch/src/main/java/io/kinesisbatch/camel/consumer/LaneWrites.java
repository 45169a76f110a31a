package io.kinesisbatch.camel.consumer;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import io.kinesisbatch.camel.checkpoint.SequencePosition;
import io.kinesisbatch.camel.checkpoint.ShardClaim;
import io.kinesisbatch.camel.consumer.WriteQueue.Kind;
import io.kinesisbatch.camel.consumer.WriteQueue.Write;

import static io.kinesisbatch.camel.aws.AsyncFailures.unwrap;

/**
 * The store side of one lane: its lease (the claim, whose counter every write is conditional on), the cadence of its
 * writes (renewal and checkpoint timers) and the writes themselves, sent one at a time in the order {@link WriteQueue}
 * decides; each answer comes back to the lane as an event. Part of
 * the lane: called only on the lane's loop, so it has no locks.
 */
final class LaneWrites {

    private final ShardLane lane;
    private final LaneStores stores;
    private final LaneExecutor loop;
    private final WriteQueue queue;
    private final boolean startedAtShardEnd;
    private final List<ScheduledFuture<?>> timers = new ArrayList<>();
    private ShardClaim claim;
    private int failuresInARow;
    private boolean handedOver;

    LaneWrites(ShardLane lane, ShardClaim claim, LaneStores stores, LaneExecutor loop) {
        this.lane = lane;
        this.claim = claim;
        this.stores = stores;
        this.loop = loop;
        this.queue = new WriteQueue(claim.start().position());
        this.startedAtShardEnd = claim.start().shardEnd();
    }

    boolean startedAtShardEnd() {
        return startedAtShardEnd;
    }

    /** The checkpoint the store acknowledged last (or the shard started from). */
    SequencePosition written() {
        return queue.written();
    }

    /**
     * Starts the lease's write cadence: a renewal every third of {@code leaseDuration}, and the checkpoint every
     * {@code checkpointInterval}, at {@code checkpoint} (read on the lane; written only when it moved). Each tick is a
     * lane event.
     */
    void startTimers(ConsumerSettings settings, Supplier<SequencePosition> checkpoint) {
        long renewEvery = TimeUnit.MILLISECONDS.toNanos(Math.max(1, settings.leaseDuration().toMillis() / 3));
        timers.add(loop.every(renewEvery, () -> lane.on(queue::renew)));
        timers.add(loop.every(settings.checkpointInterval().toNanos(),
                () -> lane.on(() -> queue.checkpoint(checkpoint.get()))));
    }

    void stopTimers() {
        timers.forEach(t -> {
            if (t != null) {
                t.cancel(false);
            }
        });
    }

    /** The worker that asked for the shard at the last renewal, or null. */
    String handoffAskedBy() {
        return claim.handoffTo();
    }

    /** The lease's last write (SHARD_END, release or hand-over) is out. */
    boolean lastWriteOut() {
        return queue.lastOut();
    }

    /** SHARD_END at {@code last} (the shard's last record, or null), the lease's last write. */
    void shardEnd(SequencePosition last) {
        queue.finish(new Write(Kind.SHARD_END, last, null));
    }

    /** The final checkpoint, then the release, or the hand-over when another worker asked for the shard. */
    void last(SequencePosition checkpoint) {
        queue.checkpoint(checkpoint);
        queue.finish(claim.handoffTo() == null ? new Write(Kind.RELEASE, null, null)
                : new Write(Kind.HAND_OVER, null, claim.handoffTo()));
    }

    /** The lease's last write handed the shard over to the worker that asked for it. */
    boolean handedOver() {
        return handedOver;
    }

    void close() {
        queue.close();
    }

    /** Sends the next write if none is out. */
    void pump() {
        Write write = queue.next();
        if (write == null) {
            return;
        }
        CompletionStage<?> call;
        try {
            call = send(write);
        } catch (RuntimeException e) {
            call = CompletableFuture.failedFuture(e);
        }
        call.whenComplete((result, error) -> lane.on(() -> answered(write, result, error)));
    }

    private CompletionStage<?> send(Write write) {
        return switch (write.kind()) {
            case RENEW -> stores.leases().renew(claim);
            case CHECKPOINT -> stores.checkpoints().checkpoint(claim, write.position());
            case SHARD_END -> stores.checkpoints().markShardEnd(claim, write.position());
            case RELEASE -> stores.leases().release(claim).thenApply(released -> Boolean.TRUE);
            case HAND_OVER -> stores.leases().handOver(claim, write.to());
        };
    }

    @SuppressWarnings("unchecked")
    private void answered(Write write, Object result, Throwable error) {
        if (error != null) {
            queue.answered(write, false);
            long delay = ShardHealth.AWS_RETRY.delayMillis(++failuresInARow);
            ShardLane.LOG.warn("Shard {}: {} failed ({} in a row){}: {}", claim.shardId(), write.kind(), failuresInARow,
                    write.isLast() ? ", retrying in " + delay + " ms" : "; the next one carries it on",
                    unwrap(error).toString());
            if (write.isLast()) {
                loop.schedule(TimeUnit.MILLISECONDS.toNanos(delay), () -> lane.on(() -> queue.finish(write)));
            }
            return;
        }
        failuresInARow = 0;
        if (write.kind() == Kind.RENEW) {
            Optional<ShardClaim> renewed = (Optional<ShardClaim>) result;
            queue.answered(write, renewed.isPresent());
            if (renewed.isEmpty()) {
                lane.lost();
                return;
            }
            claim = renewed.get();
            if (claim.handoffTo() != null) {
                lane.handoffRequested(claim.handoffTo());
            }
            return;
        }
        boolean done = (Boolean) result;
        queue.answered(write, done);
        if (!done) {
            lane.lost();
        } else if (write.kind() == Kind.CHECKPOINT) {
            return; // the queue keeps what was written; the snapshot shows it
        } else if (write.kind() == Kind.SHARD_END) {
            lane.ended();
        } else {
            handedOver = write.kind() == Kind.HAND_OVER;
            ShardLane.LOG.info("Shard {} {}", claim.shardId(),
                    write.kind() == Kind.HAND_OVER ? "handed over to " + write.to() : "released");
            lane.stopped();
        }
    }
}
