package io.kinesisbatch.camel.consumer;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import io.kinesisbatch.camel.checkpoint.CheckpointStore;
import io.kinesisbatch.camel.checkpoint.InFlightTracker;
import io.kinesisbatch.camel.checkpoint.SequencePosition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.kinesis.model.ExpiredIteratorException;
import software.amazon.awssdk.services.kinesis.model.Record;

/**
 * Reads one shard, hands its records to a {@link RecordSink} with at most {@code checkpointLimit} in flight, and
 * writes the checkpoint below which every record completed.
 *
 * <pre>
 *   INITIALIZING --claim + iterator--> PROCESSING <---------------------------+
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
    private final boolean fromStart;
    private final ConsumerSettings settings;
    private final ShardReader reader;
    private final CheckpointStore store;
    private final RecordSink sink;
    private final ScheduledExecutorService executor;
    private final Consumer<String> onShardEnd;
    private final PollPacer pacer;

    private final Deque<Record> pending = new ArrayDeque<>();
    private State state = State.INITIALIZING;
    private ShardCheckpointer checkpointer;
    private InFlightTracker tracker;
    private SequencePosition lastHandedOut;
    private boolean pollActive;
    private boolean wakeScheduled;
    private boolean dispatching;
    private boolean dispatchAgain;
    private boolean closed;
    private boolean caughtUp;
    private int awsFailures;
    private int inRoute;
    private ScheduledFuture<?> checkpointTimer;
    private volatile long millisBehindLatest = -1;
    private volatile Instant lastSuccessfulPoll;
    private volatile String lastError;

    ShardWorker(String shardId, boolean fromStart, ConsumerSettings settings, ShardReader reader, CheckpointStore store,
                RecordSink sink, ScheduledExecutorService executor, Consumer<String> onShardEnd) {
        this.shardId = shardId;
        this.fromStart = fromStart;
        this.settings = settings;
        this.reader = reader;
        this.store = store;
        this.sink = sink;
        this.executor = executor;
        this.onShardEnd = onShardEnd;
        this.pacer = new PollPacer(settings.pollDelay(), ConsumerSettings.MIN_CALL_SPACING);
    }

    public String shardId() {
        return shardId;
    }

    void start() {
        executor.execute(this::initialize);
    }

    // ---------------------------------------------------------------- initializing

    private void initialize() {
        store.claim(settings.stream().id(), shardId, settings.workerId())
                .thenCompose(c -> {
                    synchronized (this) {
                        checkpointer = new ShardCheckpointer(store, c, this::lost);
                        tracker = new InFlightTracker(settings.checkpointLimit(), c.start().position());
                        lastHandedOut = c.start().position();
                    }
                    return c.start().shardEnd() ? CompletableFuture.completedFuture(false)
                            : reader.open(ShardReader.startRequest(settings.stream(), shardId, c.start().position(),
                                    fromStart, settings)).thenApply(opened -> true);
                })
                .whenCompleteAsync((readable, error) -> {
                    if (error != null) {
                        awsError("starting", error);
                        if (isIn(State.INITIALIZING)) {
                            schedule(this::initialize, Backoff.AWS_RETRY.delay(awsFailures));
                        }
                    } else if (!readable) {
                        finished();
                    } else if (enterProcessing()) {
                        LOG.info("Reading shard {} of {} after {}", shardId, settings.stream(), describe(handedOut()));
                        advance();
                    }
                }, executor);
    }

    private synchronized boolean enterProcessing() {
        if (state != State.INITIALIZING) {
            return false; // stopped meanwhile: finish() releases the claim
        }
        state = State.PROCESSING;
        awsFailures = 0;
        long interval = settings.checkpointInterval().toMillis();
        checkpointTimer = executor.scheduleWithFixedDelay(this::writeCheckpoint, interval, interval,
                TimeUnit.MILLISECONDS);
        return true;
    }

    // ---------------------------------------------------------------- processing: reading

    private synchronized void requestPoll(long delayNanos) {
        if (pollActive || state != State.PROCESSING) {
            return;
        }
        pollActive = true;
        executor.schedule(this::poll, delayNanos, TimeUnit.NANOSECONDS);
    }

    private void poll() {
        synchronized (this) {
            if (state != State.PROCESSING) {
                pollActive = false;
                return;
            }
            long spacing = pacer.delayNanos(System.nanoTime(), false);
            if (spacing > 0) {
                executor.schedule(this::poll, spacing, TimeUnit.NANOSECONDS);
                return;
            }
            pacer.called(System.nanoTime());
        }
        reader.fetch().whenCompleteAsync(this::onFetch, executor);
    }

    private void onFetch(ShardReader.Fetch fetch, Throwable error) {
        if (error != null) {
            Throwable cause = unwrap(error);
            CompletableFuture<Void> next;
            if (cause instanceof ExpiredIteratorException) {
                SequencePosition after = handedOut();
                LOG.info("Iterator of shard {} expired: renewing after {}", shardId, describe(after));
                next = after != null ? reader.openAfter(after)
                        : reader.open(ShardReader.startRequest(settings.stream(), shardId, null, fromStart, settings));
            } else {
                next = CompletableFuture.failedFuture(cause);
            }
            next.whenCompleteAsync((renewed, failure) -> {
                synchronized (this) {
                    pollActive = false;
                }
                if (failure != null) {
                    awsError("reading", failure);
                    requestPoll(Backoff.AWS_RETRY.delay(awsFailures).toNanos());
                } else {
                    requestPoll(0);
                }
            }, executor);
            return;
        }
        synchronized (this) {
            pollActive = false;
            awsFailures = 0;
            lastError = null;
            lastSuccessfulPoll = Instant.now();
            millisBehindLatest = fetch.millisBehindLatest();
            if (state == State.PROCESSING) {
                pending.addAll(fetch.records());
            }
            closed = fetch.closed();
            caughtUp = fetch.records().isEmpty() || fetch.millisBehindLatest() == 0;
        }
        advance();
    }

    // ---------------------------------------------------------------- processing: dispatching

    /**
     * Hands out what the window allows, then polls again, waits for completions, or finishes the shard. One thread
     * at a time hands out (so records reach the route in shard order); a call meanwhile makes it go round again.
     */
    private void advance() {
        synchronized (this) {
            if (dispatching) {
                dispatchAgain = true;
                return;
            }
            dispatching = true;
        }
        boolean again;
        do {
            dispatchAvailable();
            synchronized (this) {
                again = dispatchAgain;
                dispatchAgain = false;
                dispatching = again;
            }
        } while (again);
        afterDispatch();
    }

    private void dispatchAvailable() {
        while (true) {
            List<Record> group;
            InFlightTracker.Ticket ticket;
            synchronized (this) {
                int n = state != State.PROCESSING ? 0
                        : Math.min(Math.min(settings.maxRecordsPerExchange(), pending.size()), tracker.remainingCapacity());
                if (n == 0) {
                    break;
                }
                group = new ArrayList<>(n);
                for (int i = 0; i < n; i++) {
                    group.add(pending.pollFirst());
                }
                SequencePosition last = SequencePosition.of(group.get(n - 1).sequenceNumber());
                ticket = tracker.track(last, n);
                lastHandedOut = last;
                inRoute++;
            }
            deliver(group, ticket, 1);
        }
    }

    private void afterDispatch() {
        long delay;
        synchronized (this) {
            if (state != State.PROCESSING || !pending.isEmpty()) {
                return; // window full: the next completion wakes us up
            }
            if (closed) {
                if (tracker.isIdle()) {
                    beginShardEnd();
                }
                return;
            }
            delay = pacer.delayNanos(System.nanoTime(), caughtUp);
        }
        requestPoll(delay);
    }

    private void deliver(List<Record> group, InFlightTracker.Ticket ticket, int attempt) {
        try {
            sink.send(shardId, group, millisBehindLatest, attempt, ok -> onDelivered(group, ticket, attempt, ok));
        } catch (RuntimeException e) {
            LOG.warn("Shard {}: handing records to the route failed: {}", shardId, e.toString());
            onDelivered(group, ticket, attempt, false);
        }
    }

    private void onDelivered(List<Record> group, InFlightTracker.Ticket ticket, int attempt, boolean ok) {
        boolean wake = false;
        synchronized (this) {
            inRoute--;
            notifyAll();
            if (ok) {
                ticket.complete();
                wake = state == State.PROCESSING && !wakeScheduled && (!pending.isEmpty() || closed);
                wakeScheduled |= wake;
            } else if (state == State.PROCESSING) {
                Duration delay = Backoff.REDELIVERY.delay(attempt);
                LOG.warn("Shard {}: exchange of {} record(s) up to {} failed (attempt {}); redelivering in {} ms;"
                         + " the checkpoint waits for it", shardId, group.size(), ticket.last(), attempt, delay.toMillis());
                schedule(() -> redeliver(group, ticket, attempt + 1), delay);
            }
        }
        if (wake) {
            executor.execute(() -> {
                synchronized (this) {
                    wakeScheduled = false;
                }
                advance();
            });
        }
    }

    private void redeliver(List<Record> group, InFlightTracker.Ticket ticket, int attempt) {
        synchronized (this) {
            if (state != State.PROCESSING) {
                return; // stopping: not redelivered now; the checkpoint stays below it, so it is read again later
            }
            inRoute++;
        }
        deliver(group, ticket, attempt);
    }

    // ---------------------------------------------------------------- checkpoints and shard end

    /** Writes the tracker's checkpoint if it moved. */
    CompletableFuture<Void> writeCheckpoint() {
        ShardCheckpointer current;
        SequencePosition position;
        synchronized (this) {
            current = checkpointer;
            position = tracker == null ? null : tracker.checkpoint();
        }
        if (current == null) {
            return CompletableFuture.completedFuture(null);
        }
        return current.write(position).exceptionally(error -> {
            awsError("writing the checkpoint", error);
            return null;
        });
    }

    private synchronized void beginShardEnd() {
        if (state != State.PROCESSING) {
            return;
        }
        state = State.SHARD_END;
        cancelTimer();
        markShardEnd();
    }

    private void markShardEnd() {
        SequencePosition last;
        synchronized (this) {
            if (state != State.SHARD_END) {
                return;
            }
            last = lastHandedOut;
        }
        checkpointer.markShardEnd(last).whenCompleteAsync((ok, error) -> {
            if (error != null) {
                awsError("writing SHARD_END", error);
                schedule(this::markShardEnd, Backoff.AWS_RETRY.delay(awsFailures));
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

    private void lost() {
        synchronized (this) {
            state = State.STOPPED;
            pending.clear();
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
        pending.clear();
        cancelTimer();
    }

    /** Waits until no exchange of this shard is in the route, or the deadline ({@link System#nanoTime()}) passed. */
    synchronized boolean awaitIdle(long deadlineNanos) throws InterruptedException {
        long left;
        while (inRoute > 0 && (left = deadlineNanos - System.nanoTime()) > 0) {
            TimeUnit.NANOSECONDS.timedWait(this, left);
        }
        return inRoute == 0;
    }

    /** Writes the final checkpoint and releases the shard. */
    CompletableFuture<Void> finish() {
        ShardCheckpointer current;
        synchronized (this) {
            stopReading();
            current = checkpointer;
        }
        if (current == null) {
            return CompletableFuture.completedFuture(null);
        }
        return writeCheckpoint().thenCompose(written -> current.release()).whenComplete((released, error) -> {
            synchronized (this) {
                state = State.STOPPED;
            }
        });
    }

    // ---------------------------------------------------------------- observation and helpers

    public synchronized ShardSnapshot snapshot() {
        SequencePosition written = checkpointer == null ? null : checkpointer.written();
        return new ShardSnapshot(shardId, state, millisBehindLatest, lastSuccessfulPoll,
                written == null ? null : written.toString(), tracker == null ? 0 : tracker.inFlight(), lastError);
    }

    private synchronized SequencePosition handedOut() {
        return lastHandedOut;
    }

    private synchronized boolean isIn(State expected) {
        return state == expected;
    }

    private void awsError(String doing, Throwable error) {
        Throwable cause = unwrap(error);
        int failures;
        synchronized (this) {
            failures = ++awsFailures;
            lastError = cause.getClass().getSimpleName() + ": " + cause.getMessage();
        }
        LOG.warn("Shard {} of {}: {} failed (failure {} in a row), retrying: {}", shardId, settings.stream(), doing,
                failures, lastError);
    }

    private void schedule(Runnable task, Duration delay) {
        executor.schedule(task, delay.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void cancelTimer() {
        if (checkpointTimer != null) {
            checkpointTimer.cancel(false);
        }
    }

    private static String describe(SequencePosition position) {
        return position == null ? "its start position" : "sequence " + position;
    }

    static Throwable unwrap(Throwable error) {
        Throwable t = error;
        while (t instanceof CompletionException && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }
}
