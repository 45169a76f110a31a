package io.kinesisbatch.camel.consumer;

import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

import io.kinesisbatch.camel.checkpoint.SequencePosition;
import io.kinesisbatch.camel.checkpoint.ShardClaim;
import io.kinesisbatch.camel.consumer.WriteQueue.Kind;
import io.kinesisbatch.camel.consumer.WriteQueue.Write;

import static io.kinesisbatch.camel.aws.AsyncFailures.unwrap;

/**
 * The store side of one lane: its lease (the claim, whose counter every write is conditional on) and its writes,
 * sent one at a time in the order {@link WriteQueue} decides; each answer comes back to the lane as an event. Part of
 * the lane: called only on the lane's loop, so it has no locks.
 */
final class LaneWrites {

    private final ShardLane lane;
    private final LaneStores stores;
    private final LaneExecutor loop;
    private final WriteQueue queue;
    private final boolean startedAtShardEnd;
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

    void renewDue() {
        queue.renew();
    }

    void checkpoint(SequencePosition position) {
        queue.checkpoint(position);
    }

    /** A checkpoint write is out or queued. */
    boolean checkpointPending() {
        return queue.checkpointPending();
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
            lane.written(write.position());
        } else if (write.kind() == Kind.SHARD_END) {
            lane.written(write.position());
            lane.ended();
        } else {
            handedOver = write.kind() == Kind.HAND_OVER;
            ShardLane.LOG.info("Shard {} {}", claim.shardId(),
                    write.kind() == Kind.HAND_OVER ? "handed over to " + write.to() : "released");
            lane.stopped();
        }
    }
}
