package io.kinesisbatch.camel.consumer;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;

import io.kinesisbatch.camel.checkpoint.InFlightTracker;
import io.kinesisbatch.camel.checkpoint.SequencePosition;
import io.kinesisbatch.camel.checkpoint.ShardClaim;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.kinesis.model.Record;

/**
 * One shard, read by one serial lane: an event loop ({@link LaneExecutor}) on the consumer's pool. Everything that
 * happens to the shard is an event posted to it and handled one at a time: fetch results, exchange completions, store
 * answers, renewal and checkpoint ticks, handoff requests, suspend, resume, stop and loss. The lane alone owns the
 * reader's position, the fetched records, the in-flight window ({@link InFlightTracker}), the store writes
 * ({@link WriteQueue}: one at a time, checkpoints only forward) and the lease (its claim and renewals). No lock: other
 * threads only post events and read the {@link ShardSnapshot} the lane publishes after each event. Its parts, each
 * confined to the lane like the lane itself: {@link LaneReading} (iterator, GetRecords, fetched records),
 * {@link LaneHandOut} (exchanges, window, redeliveries), {@link LaneWrites} (lease, write timers and store writes) and
 * {@link ShardHealth}. The lane never runs route code: its exchanges go to the route through the shard's
 * {@link RouteRunner}, a serial step on the route pool that keeps their order and posts their completions back, so a
 * route that runs longer than {@code leaseDuration} holds up no renewal.
 *
 * <pre>
 *              first iterator                       next iterator null and every record completed
 *   STARTING ----------------> READING ------------------------------------------------> ENDING
 *     |  ^ AWS error:           |  ^ |  fetch (200 ms apart, pollDelay when caught up), hand out  | SHARD_END
 *     |  + backoff              |  | |  while the window has room, redeliver failed exchanges     | written
 *     |                         |  | |  with backoff; write the checkpoint every                  v
 *     |             suspend     |  | |  checkpointInterval (when it moved)                      STOPPED
 *     |          (no fetching,  v  | |                                                          (children
 *     |          no hand-outs)  SUSPENDED: window, leases and renewals kept; resume goes on    may start)
 *     |                            |                                                              ^
 *     | stop, handoff request,     | stop (a handoff request waits for the resume)                | released or
 *     v failure of an event        v                                                              | handed over
 *   DRAINING: no fetching or redelivery; exchanges in the route finish (stop: Camel waited already; handoff: up to
 *             leaseDuration), then the final checkpoint and the release (or hand-over to the asker) ------+
 *
 *   any state --- a write refused (another worker holds the shard) ---> LOST: nothing more is written
 * </pre>
 * Events in every state: completions (the window moves; the checkpoint follows), renewal ticks (every leaseDuration/3
 * until the last write), checkpoint ticks, store answers.
 */
public final class ShardLane {

    /** See the class diagram. */
    public enum State {
        STARTING,
        READING,
        ENDING,
        DRAINING,
        STOPPED,
        LOST
    }

    /** Told when a lane is done with its shard; called on the lane. */
    interface Owner {
        /** The shard reached SHARD_END: its children may start. */
        void ended(ShardLane lane);

        /** The lane no longer holds the shard (finished, released, handed over, lost or given up). */
        void gone(ShardLane lane);
    }

    static final Logger LOG = LoggerFactory.getLogger(ShardLane.class);

    private final String shardId;
    private final ConsumerSettings settings;
    private final LaneReader reading;
    private final LaneWrites writes;
    private final LaneHandOut handOut;
    private final LaneExecutor loop;
    private final Owner owner;
    private final boolean fromStart;
    private final ShardHealth health = new ShardHealth();
    private final List<CompletableFuture<Void>> idleWaiters = new ArrayList<>();
    private final List<CompletableFuture<Void>> stopWaiters = new ArrayList<>();

    private State state = State.STARTING;
    private boolean suspended;
    private long drainDeadline;
    private boolean lastWriteQueued;
    private boolean failedOnce;
    private volatile ShardSnapshot snapshot;
    private volatile State published = State.STARTING;

    ShardLane(ShardClaim claim, boolean fromStart, ConsumerSettings settings, ShardReader reader, LaneStores stores,
              RecordSink sink, ScheduledExecutorService pool, ScheduledExecutorService routePool, Owner owner) {
        this(claim, fromStart, settings, (lane, loop, health, s) -> new LaneReading(lane, reader, loop, health, s),
                stores, sink, pool, routePool, owner);
    }

    /** @param readers builds the lane's reader: polling ({@link LaneReading}) or enhanced fan-out */
    ShardLane(ShardClaim claim, boolean fromStart, ConsumerSettings settings, LaneReader.Factory readers,
              LaneStores stores, RecordSink sink, ScheduledExecutorService pool, ScheduledExecutorService routePool,
              Owner owner) {
        this.shardId = claim.shardId();
        this.settings = settings;
        this.owner = owner;
        this.fromStart = fromStart;
        this.loop = new LaneExecutor(pool, this::failed);
        this.writes = new LaneWrites(this, claim, stores, loop);
        this.reading = readers.create(this, loop, health, settings);
        this.handOut = new LaneHandOut(this, sink, routePool, loop, health, settings, claim.start().position());
        publish();
    }

    public String shardId() {
        return shardId;
    }

    // ---------------------------------------------------------------- events posted from outside

    /** Opens the shard and starts the renewal and checkpoint timers. */
    void start() {
        on(() -> {
            writes.startTimers(settings, handOut::checkpoint);
            open();
        });
    }

    /** Stops fetching and handing out; exchanges in the route go on, their completions are checkpointed. */
    void suspend() {
        on(() -> {
            suspended = true;
            handOut.suspend();
        });
    }

    /**
     * Goes on from where {@link #suspend} stopped: parked redeliveries first, then the fetched records; or drains and
     * hands the shard over when a peer asked for it meanwhile.
     */
    void resume() {
        on(() -> {
            suspended = false;
            handOut.resume();
            if (writes.handoffAskedBy() != null) {
                handoffRequested(writes.handoffAskedBy());
            }
        });
    }

    /**
     * The lease table shows another owner: stop at once and never write this shard again. Unless the lane's own release
     * or hand-over is out: that is what moved the row (or its refusal tells the loss), so its answer settles it.
     */
    void lose() {
        on(() -> {
            if (!writes.lastWriteOut()) {
                lost();
            }
        });
    }

    /**
     * Completes once no exchange of this shard is in the route. Exchanges handed out that the route has not seen yet
     * are taken back first (parked for a resume while suspended): only those really in the route are waited for.
     */
    CompletableFuture<Void> idle() {
        CompletableFuture<Void> idle = new CompletableFuture<>();
        on(() -> {
            handOut.recall();
            idleWaiters.add(idle);
        });
        return idle;
    }

    /** Final checkpoint, then release (or hand-over when asked for); completes when the lane no longer holds it. */
    CompletableFuture<Void> stop() {
        CompletableFuture<Void> stopped = new CompletableFuture<>();
        on(() -> {
            if (state == State.STOPPED || state == State.LOST) {
                stopped.complete(null);
                return;
            }
            stopWaiters.add(stopped);
            if (state == State.STARTING || state == State.READING) {
                drain(System.nanoTime());
            } else if (state == State.DRAINING) {
                drainDeadline = System.nanoTime(); // Camel's shutdown already waited for the exchanges
            }
        });
        return stopped;
    }

    public ShardSnapshot snapshot() {
        return snapshot;
    }

    /** The shard was handed over to a worker that asked for it (on the lane only: {@link Owner#gone} may ask). */
    boolean handedOver() {
        return writes.handedOver();
    }

    /** Still holding the lease (a lane draining toward its release still does). */
    public boolean holdsLease() {
        State now = published;
        return now != State.STOPPED && now != State.LOST;
    }

    // ---------------------------------------------------------------- the loop

    /**
     * Posts {@code event}: the route's answers that came meanwhile are read first ({@link LaneHandOut#readAnswers}),
     * then the event, then {@link #advance()}: what the state allows next.
     */
    void on(Runnable event) {
        loop.post(() -> {
            handOut.readAnswers();
            event.run();
            advance();
        });
    }

    private void advance() {
        if (mayRead()) {
            handOut.handOut(reading.fetched(), reading.millisBehindLatest());
            if (reading.wantsPoll()) {
                reading.poll();
            } else if (reading.atShardEnd() && handOut.allCompleted()) {
                state = State.ENDING;
                writes.shardEnd(reading.lastFetched());
            }
        }
        boolean drained = handOut.inRoute() == 0 || System.nanoTime() - drainDeadline >= 0;
        if (state == State.DRAINING && !lastWriteQueued && drained) {
            lastWriteQueued = true;
            writes.last(handOut.checkpoint());
        }
        if (handOut.inRoute() == 0 && !idleWaiters.isEmpty()) {
            idleWaiters.forEach(f -> f.complete(null));
            idleWaiters.clear();
        }
        writes.pump();
        // each answer wakes the lane only while it waits on them; else see LaneHandOut.completed
        handOut.listen(!mayRead() || reading.atShardEnd() || !idleWaiters.isEmpty());
        publish();
    }

    private void publish() {
        published = state;
        SequencePosition written = writes.written();
        snapshot = health.snapshot(shardId, suspended && (state == State.READING || state == State.STARTING)
                ? "SUSPENDED" : state.name(), written == null ? null : written.toString(), handOut.inFlight(),
                handOut.awaitingCheckpoint(written));
    }

    // ---------------------------------------------------------------- reading (LaneReading calls these)

    private void open() {
        if (writes.startedAtShardEnd()) {
            ended(); // already finished (SHARD_END in the table): nothing to read
            return;
        }
        reading.open(settings, handOut.checkpoint(), fromStart);
    }

    boolean isStarting() {
        return state == State.STARTING;
    }

    boolean isReading() {
        return state == State.READING;
    }

    /** Fetching and handing out are allowed. */
    boolean mayRead() {
        return state == State.READING && !suspended;
    }

    void startedReading() {
        state = State.READING;
        LOG.info("Reading shard {} of {} after {}", shardId, settings.stream(), describe(handOut.checkpoint()));
    }

    // ---------------------------------------------------------------- answers of the store (from LaneWrites)

    /**
     * Another worker asked for the shard: drain (up to a lease duration), then hand it over. Ignored while suspended (the
     * lease is held; the request stays in the row and is honoured on resume).
     */
    void handoffRequested(String to) {
        if (!suspended && (state == State.STARTING || state == State.READING)) {
            LOG.info("Shard {} of {} asked for by {}: draining, then handing it over", shardId, settings.stream(), to);
            drain(System.nanoTime() + settings.leaseDuration().toNanos());
        }
    }

    /** SHARD_END was written. */
    void ended() {
        LOG.info("Shard {} of {} finished (SHARD_END)", shardId, settings.stream());
        owner.ended(this);
        stopped();
    }

    /** The last write of the lease went out (released or handed over), or the lane gave up. */
    void stopped() {
        if (state == State.STOPPED || state == State.LOST) {
            return;
        }
        state = State.STOPPED;
        end();
    }

    /** A write was refused: another worker holds the shard. */
    void lost() {
        if (state == State.STOPPED || state == State.LOST) {
            return;
        }
        LOG.warn("Shard {} of {} is now held by another worker: stopped reading it, its checkpoint is left alone",
                shardId, settings.stream());
        state = State.LOST;
        writes.close();
        end();
    }

    private void drain(long deadlineNanos) {
        state = State.DRAINING;
        reading.clear();
        handOut.stop();
        drainDeadline = deadlineNanos;
        loop.schedule(deadlineNanos - System.nanoTime(), () -> on(() -> {}));
    }

    private void end() {
        reading.clear();
        handOut.stop();
        writes.stopTimers();
        stopWaiters.forEach(f -> f.complete(null));
        stopWaiters.clear();
        publish(); // the owner (and the meters it tells) sees how the lane ended: STOPPED or LOST
        owner.gone(this);
    }

    /** An event threw: never leave the shard wedged silently. Logged; the shard is drained and given back. */
    private void failed(Throwable error) {
        LOG.error("Shard {} of {}: unexpected failure in its lane; giving the shard up (it is claimed afresh at a"
                  + " rebalance)",
                shardId, settings.stream(), error);
        health.failed(error);
        if (failedOnce || state == State.STOPPED || state == State.LOST) {
            if (state != State.STOPPED && state != State.LOST) {
                writes.close();
                stopped(); // failing again while giving up: stop writing; the lease expires for the others
            }
        } else {
            failedOnce = true;
            drain(System.nanoTime() + settings.leaseDuration().toNanos());
            advance();
        }
        publish();
    }

    static String describe(SequencePosition position) {
        return position == null ? "its start position" : "sequence " + position;
    }
}
