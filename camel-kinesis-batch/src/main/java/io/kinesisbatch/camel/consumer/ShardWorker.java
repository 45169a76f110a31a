package io.kinesisbatch.camel.consumer;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import io.kinesisbatch.camel.checkpoint.CheckpointStore;
import io.kinesisbatch.camel.checkpoint.SequencePosition;
import io.kinesisbatch.camel.checkpoint.ShardClaim;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import static io.kinesisbatch.camel.aws.AsyncFailures.unwrap;

/**
 * Reads one shard and drives it through its states, with a room for each part: the read loop ({@link ShardPoller}),
 * the window of records in flight ({@link ShardDispatcher}) and checkpoint writes ({@link ShardCheckpointer}): records
 * reach a {@link RecordSink} with at most {@code checkpointLimit} beyond the written checkpoint, and the checkpoint
 * written is the one below which every record completed.
 *
 * <pre>
 *   INITIALIZING --iterator--------> PROCESSING <---------------------------+
 *    |  ^    |                          |  GetRecords (>= 200 ms apart; pollDelay |
 *    |  +----+ AWS error: back off      |  when caught up), dispatch while the    |
 *    |                                  |  window has room, checkpoint on a timer -+
 *    |                                  |
 *    |                                  | next iterator null, every record completed
 *    |                                  v
 *    |                               SHARD_END --SHARD_END written--> STOPPED (children may start)
 *    |                                  |
 *    | stop()                           | stop()         (PROCESSING too)
 *    v                                  v
 *   SHUTTING_DOWN: no more reads or redeliveries; in-flight exchanges finish;
 *    |             then the final checkpoint is written and the shard released
 *    v
 *   STOPPED   (also reached at once when another worker claimed the shard: nothing more is written)
 * </pre>
 * The worker starts with a lease the coordinator took ({@link ShardClaim}); {@link #renewLease()} keeps it, in line
 * with the checkpoint writes. A failed renewal or checkpoint condition means the lease was lost: the worker stops at
 * once and never writes that shard's checkpoint again (fencing).
 *
 * All AWS answers are handled on the consumer's executor, never on SDK threads. Thread-safe: state is guarded by
 * this object's monitor, which is never held while the route runs.
 */
public final class ShardWorker {

    /** See the class diagram. */
    public enum State {
        INITIALIZING,
        PROCESSING,
        SHARD_END,
        SHUTTING_DOWN,
        STOPPED
    }

    private static final Logger LOG = LoggerFactory.getLogger(ShardWorker.class);

    private final String shardId;
    private final ShardClaim claim;
    private final boolean fromStart;
    private final ConsumerSettings settings;
    private final ShardReader reader;
    private final CheckpointStore store;
    private final RecordSink sink;
    private final ScheduledExecutorService executor;
    private final Consumer<String> onShardEnd;
    private final ShardErrors errors;
    private final ShardCheckpointer checkpointer;

    private final ShardDispatcher dispatcher;
    private final ShardPoller poller;

    private State state = State.INITIALIZING;
    private ScheduledFuture<?> checkpointTimer;
    private volatile boolean handedOver;

    ShardWorker(ShardClaim claim, boolean fromStart, ConsumerSettings settings, ShardReader reader, CheckpointStore store,
                RecordSink sink, ScheduledExecutorService executor, Consumer<String> onShardEnd) {
        this.shardId = claim.shardId();
        this.claim = claim;
        this.fromStart = fromStart;
        this.settings = settings;
        this.reader = reader;
        this.store = store;
        this.sink = sink;
        this.executor = executor;
        this.onShardEnd = onShardEnd;
        this.errors = new ShardErrors(shardId, settings.stream());
        this.dispatcher = new ShardDispatcher(shardId, settings, claim.start().position(), sink, executor,
                this::afterDispatch, this::writeCheckpoint);
        this.poller = new ShardPoller(shardId, settings, reader, dispatcher, executor, () -> isIn(State.PROCESSING),
                errors);
        this.checkpointer = new ShardCheckpointer(store, claim, this::lost, this::handOff);
    }

    public String shardId() {
        return shardId;
    }

    void start() {
        executor.execute(this::initialize);
    }

    // ---------------------------------------------------------------- initializing

    private void initialize() {
        CompletableFuture.completedFuture(claim.start())
                .thenCompose(start -> start.shardEnd() ? CompletableFuture.completedFuture(false)
                        : reader.open(ShardReader.startRequest(settings.stream(), shardId, start.position(), fromStart,
                                settings)).thenApply(opened -> true))
                .whenCompleteAsync((readable, error) -> {
                    if (error != null) {
                        Duration retry = errors.failed("starting", error);
                        if (isIn(State.INITIALIZING)) {
                            schedule(this::initialize, retry);
                        }
                    } else if (!readable) {
                        finished();
                    } else if (enterProcessing()) {
                        LOG.info("Reading shard {} of {} after {}", shardId, settings.stream(),
                                describe(dispatcher.lastHandedOut()));
                        dispatcher.dispatch();
                    }
                }, executor);
    }

    private synchronized boolean enterProcessing() {
        if (state != State.INITIALIZING) {
            return false; // stopped meanwhile: finish() releases the claim
        }
        state = State.PROCESSING;
        errors.resetBackoff();
        long interval = settings.checkpointInterval().toMillis();
        checkpointTimer = executor.scheduleWithFixedDelay(this::writeCheckpoint, interval, interval,
                TimeUnit.MILLISECONDS);
        return true;
    }

    // ---------------------------------------------------------------- processing: dispatching

    /** After each dispatch round: poll again, wait for completions (window full), or finish a drained closed shard. */
    private void afterDispatch() {
        if (!isIn(State.PROCESSING) || dispatcher.hasPending()) {
            return; // window full: the next completion or checkpoint write starts another round
        }
        if (!poller.isClosed()) {
            poller.pollNext();
        } else if (dispatcher.isIdle()) {
            beginShardEnd();
        }
    }

    // ---------------------------------------------------------------- checkpoints and shard end

    /**
     * Writes the tracker's checkpoint if it moved (on the timer, when half the window completed, and when stopping),
     * then tells the dispatcher what the store acknowledged so the window moves on.
     */
    CompletableFuture<Void> writeCheckpoint() {
        return checkpointer.write(dispatcher.checkpoint()).thenRun(() -> dispatcher.written(checkpointer.written()))
                .exceptionally(error -> {
                    errors.failed("writing the checkpoint", error); // the timer retries it
                    return null;
                });
    }

    private synchronized void beginShardEnd() {
        if (state != State.PROCESSING) {
            return;
        }
        state = State.SHARD_END;
        cancelTimer();
        executor.execute(this::markShardEnd); // not under this monitor: the store may answer at once
    }

    private void markShardEnd() {
        SequencePosition last;
        synchronized (this) {
            if (state != State.SHARD_END) {
                return;
            }
            last = dispatcher.lastHandedOut();
        }
        checkpointer.markShardEnd(last).whenCompleteAsync((ok, error) -> {
            if (error != null) {
                schedule(this::markShardEnd, errors.failed("writing SHARD_END", error));
            } else if (ok) {
                finished();
            }
        }, executor);
    }

    private void finished() {
        synchronized (this) {
            if (state == State.STOPPED) {
                return;
            }
            state = State.STOPPED;
            cancelTimer();
        }
        LOG.info("Shard {} of {} finished (SHARD_END)", shardId, settings.stream());
        onShardEnd.accept(shardId);
    }

    /**
     * Renews this shard's lease (after any checkpoint write in progress); completes with false when the lease was lost,
     * and the worker has then stopped.
     */
    public CompletableFuture<Boolean> renewLease() {
        return checkpointer.renew();
    }

    /** The lease table shows another owner: stop at once and never write this shard again. */
    public void lose() {
        checkpointer.lose();
    }

    /** The shard was handed to the worker that asked for it, or is being handed over. */
    public boolean isHandedOver() {
        return handedOver;
    }

    /** The lease was lost (the worker stopped without writing anything more). */
    public boolean isLost() {
        return checkpointer.isLost();
    }

    /** Still holding the lease: not lost, not finished, not released (a worker shutting down still drains). */
    public synchronized boolean holdsLease() {
        return state != State.STOPPED && !checkpointer.isLost();
    }

    /**
     * Another worker asked for this shard (a steal): stop reading, let the exchanges in the route finish (up to a lease
     * duration, the lease being renewed meanwhile), write the final checkpoint and release, so the new owner resumes
     * exactly there.
     */
    private void handOff() {
        synchronized (this) {
            if (state != State.INITIALIZING && state != State.PROCESSING) {
                return; // at SHARD_END, stopping or stopped already
            }
            stopReading();
        }
        LOG.info("Shard {} of {} asked for by another worker: draining, then handing it over", shardId, settings.stream());
        drainThenRelease(System.nanoTime() + settings.leaseDuration().toNanos());
    }

    private void drainThenRelease(long deadlineNanos) {
        boolean drained;
        try {
            drained = awaitIdle(System.nanoTime()); // does not wait: tells whether the route still has exchanges
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            drained = false;
        }
        if (!drained && System.nanoTime() < deadlineNanos) {
            executor.schedule(() -> drainThenRelease(deadlineNanos), 50, TimeUnit.MILLISECONDS);
            return;
        }
        handedOver = true;
        finish().whenComplete((released, error) -> LOG.info("Shard {} of {} handed over{}", shardId, settings.stream(),
                error == null ? "" : " (the release failed: the lease expires instead): " + unwrap(error)));
    }

    private void lost() {
        synchronized (this) {
            state = State.STOPPED;
            dispatcher.stop();
            cancelTimer();
        }
        LOG.warn("Shard {} of {} is now held by another worker: stopped reading it, its checkpoint is left alone",
                shardId, settings.stream());
    }

    // ---------------------------------------------------------------- shutting down

    /** Stops reading and redelivering; exchanges in the route go on. */
    synchronized void stopReading() {
        if (state == State.STOPPED) {
            return;
        }
        state = State.SHUTTING_DOWN;
        dispatcher.stop();
        cancelTimer();
    }

    /** Waits until no exchange of this shard is in the route, or the deadline ({@link System#nanoTime()}) passed. */
    boolean awaitIdle(long deadlineNanos) throws InterruptedException {
        return dispatcher.awaitIdle(deadlineNanos);
    }

    /** Writes the final checkpoint and releases the shard. */
    CompletableFuture<Void> finish() {
        stopReading();
        return writeCheckpoint().thenCompose(written -> checkpointer.release()).whenComplete((released, error) -> {
            synchronized (this) {
                state = State.STOPPED;
            }
        });
    }

    // ---------------------------------------------------------------- observation and helpers

    public synchronized ShardSnapshot snapshot() {
        SequencePosition written = checkpointer.written();
        return new ShardSnapshot(shardId, state, poller.millisBehindLatest(), poller.lastSuccessfulPoll(),
                written == null ? null : written.toString(), dispatcher.inFlight(), errors.last());
    }

    private synchronized boolean isIn(State expected) {
        return state == expected;
    }

    private void schedule(Runnable task, Duration delay) {
        executor.schedule(task, delay.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void cancelTimer() {
        if (checkpointTimer != null) {
            checkpointTimer.cancel(false);
        }
    }

    static String describe(SequencePosition position) {
        return position == null ? "its start position" : "sequence " + position;
    }

}
