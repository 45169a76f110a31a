package io.kinesisbatch.camel.consumer;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import io.kinesisbatch.camel.checkpoint.InFlightTracker;
import io.kinesisbatch.camel.checkpoint.SequencePosition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.kinesis.model.Record;

/**
 * The window of one shard: records fetched but not yet handed out, and the {@link InFlightTracker} of those handed
 * out. Hands records to the {@link RecordSink} in shard order (one thread at a time), at most
 * {@code checkpointLimit} ahead of the checkpoint last written, {@code maxRecordsPerExchange} per exchange; redelivers
 * failed exchanges with backoff. After each round it calls {@code afterRound} (on the executor or the calling thread,
 * never under its own lock), so the worker can poll again or finish the shard. When half the window completed since
 * the last write it runs {@code writeDue} on the executor (once until {@link #written} is told of a write), so the
 * window keeps moving without waiting for the checkpoint timer.
 */
final class ShardDispatcher {

    private static final Logger LOG = LoggerFactory.getLogger(ShardDispatcher.class);

    private final String shardId;
    private final int maxPerExchange;
    private final InFlightTracker tracker;
    private final RecordSink sink;
    private final ScheduledExecutorService executor;
    private final Runnable afterRound;
    private final Runnable writeDue;
    private final Deque<Record> pending = new ArrayDeque<>();
    private SequencePosition lastHandedOut;
    private long millisBehindLatest;
    private boolean dispatching;
    private boolean again;
    private boolean wakeScheduled;
    private boolean writeRequested;
    private boolean stopped;
    private int inRoute;

    ShardDispatcher(String shardId, ConsumerSettings settings, SequencePosition start, RecordSink sink,
                    ScheduledExecutorService executor, Runnable afterRound, Runnable writeDue) {
        this.shardId = shardId;
        this.maxPerExchange = settings.maxRecordsPerExchange();
        this.tracker = new InFlightTracker(settings.checkpointLimit(), start);
        this.lastHandedOut = start;
        this.sink = sink;
        this.executor = executor;
        this.afterRound = afterRound;
        this.writeDue = writeDue;
    }

    /** Queues the records of one GetRecords answer. */
    synchronized void add(List<Record> records, long behind) {
        if (!stopped) {
            pending.addAll(records);
            millisBehindLatest = behind;
        }
    }

    /** Hands out what the window allows, then calls {@code afterRound}. A call during a round makes it go again. */
    void dispatch() {
        synchronized (this) {
            if (dispatching) {
                again = true;
                return;
            }
            dispatching = true;
        }
        boolean more;
        do {
            handOut();
            synchronized (this) {
                more = again;
                again = false;
                dispatching = more;
            }
        } while (more);
        afterRound.run();
    }

    private void handOut() {
        while (true) {
            List<Record> group;
            InFlightTracker.Ticket ticket;
            long behind;
            synchronized (this) {
                int n = stopped ? 0 : Math.min(Math.min(maxPerExchange, pending.size()), tracker.remainingCapacity());
                if (n == 0) {
                    return;
                }
                group = new ArrayList<>(n);
                for (int i = 0; i < n; i++) {
                    group.add(pending.pollFirst());
                }
                SequencePosition last = SequencePosition.of(group.get(n - 1).sequenceNumber());
                ticket = tracker.track(last, n);
                lastHandedOut = last;
                behind = millisBehindLatest;
                inRoute++;
            }
            deliver(group, ticket, behind, 1);
        }
    }

    private void deliver(List<Record> group, InFlightTracker.Ticket ticket, long behind, int attempt) {
        try {
            sink.send(shardId, group, behind, attempt, ok -> onDelivered(group, ticket, behind, attempt, ok));
        } catch (RuntimeException e) {
            LOG.warn("Shard {}: handing records to the route failed: {}", shardId, e.toString());
            onDelivered(group, ticket, behind, attempt, false);
        }
    }

    private void onDelivered(List<Record> group, InFlightTracker.Ticket ticket, long behind, int attempt, boolean ok) {
        boolean wake = false;
        boolean write = false;
        synchronized (this) {
            inRoute--;
            notifyAll();
            if (ok) {
                ticket.complete();
                wake = !stopped && !wakeScheduled && (!pending.isEmpty() || tracker.isIdle());
                wakeScheduled |= wake;
                write = requestWriteIfDue();
            } else if (!stopped) {
                Duration delay = Backoff.REDELIVERY.delay(attempt);
                LOG.warn("Shard {}: exchange of {} record(s) up to {} failed (attempt {}); redelivering in {} ms;"
                         + " the checkpoint waits for it", shardId, group.size(), ticket.last(), attempt, delay.toMillis());
                executor.schedule(() -> redeliver(group, ticket, behind, attempt + 1), delay.toMillis(),
                        TimeUnit.MILLISECONDS);
            }
        }
        if (write) {
            executor.execute(writeDue);
        }
        if (wake) {
            wake();
        }
    }

    /**
     * The store acknowledged a checkpoint write at {@code position} (the position written so far): the records it
     * covers leave the window, and reading resumes if the window was full. A write that failed is not reported: the
     * next early write then waits for the checkpoint timer's write, so a failing store is not retried in a loop.
     */
    void written(SequencePosition position) {
        boolean wake;
        boolean write;
        synchronized (this) {
            int before = tracker.unwrittenCount();
            tracker.written(position);
            writeRequested = false;
            // a write that moved nothing (the lease was lost, say) asks for no other: the next completion may
            write = tracker.unwrittenCount() < before && requestWriteIfDue();
            wake = !stopped && !wakeScheduled && !pending.isEmpty() && tracker.remainingCapacity() > 0;
            wakeScheduled |= wake;
        }
        if (write) {
            executor.execute(writeDue);
        }
        if (wake) {
            wake();
        }
    }

    private boolean requestWriteIfDue() {
        boolean due = !stopped && !writeRequested && tracker.writeDue();
        writeRequested |= due;
        return due;
    }

    /** Starts a dispatch round on the executor (never on the thread of a completion or of an AWS answer). */
    private void wake() {
        executor.execute(() -> {
            synchronized (this) {
                wakeScheduled = false;
            }
            dispatch();
        });
    }

    private void redeliver(List<Record> group, InFlightTracker.Ticket ticket, long behind, int attempt) {
        synchronized (this) {
            if (stopped) {
                return; // not redelivered now; the checkpoint stays below it, so it is read again later
            }
            inRoute++;
        }
        deliver(group, ticket, behind, attempt);
    }

    /** No more hand-outs or redeliveries; records not handed out are dropped (they are behind no checkpoint). */
    synchronized void stop() {
        stopped = true;
        pending.clear();
    }

    /** Waits until no exchange is in the route, or the deadline ({@link System#nanoTime()}) passed. */
    synchronized boolean awaitIdle(long deadlineNanos) throws InterruptedException {
        long left;
        while (inRoute > 0 && (left = deadlineNanos - System.nanoTime()) > 0) {
            TimeUnit.NANOSECONDS.timedWait(this, left);
        }
        return inRoute == 0;
    }

    synchronized boolean hasPending() {
        return !pending.isEmpty();
    }

    /** Every record handed out has completed. */
    synchronized boolean isIdle() {
        return tracker.isIdle();
    }

    synchronized SequencePosition lastHandedOut() {
        return lastHandedOut;
    }

    SequencePosition checkpoint() {
        return tracker.checkpoint();
    }

    int inFlight() {
        return tracker.inFlight();
    }
}
