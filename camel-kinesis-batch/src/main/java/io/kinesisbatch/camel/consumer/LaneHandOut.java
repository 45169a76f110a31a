package io.kinesisbatch.camel.consumer;

import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import io.kinesisbatch.camel.checkpoint.InFlightTracker;
import io.kinesisbatch.camel.checkpoint.SequencePosition;

/**
 * The route side of one lane: hands fetched records to the {@link RecordSink} in shard order,
 * {@code maxRecordsPerExchange} per exchange, while the window ({@link InFlightTracker}) has room; turns completions
 * into the checkpoint; redelivers failed exchanges with backoff (parked while the lane is suspended); counts the
 * exchanges in the route. A completion, and an exception thrown while handing out, come back to the lane as one
 * event each. Part of the lane: called only on its loop, so it has no locks.
 */
final class LaneHandOut {

    private record Delivery(List<ShardRecord> records, InFlightTracker.Ticket ticket, long behind, int attempt) {
        /** The first record's position ("seq", or "seq/sub" for a user record): user records share a sequence. */
        String first() {
            return records.get(0).position().toString();
        }
    }

    private final ShardLane lane;
    private final RecordSink sink;
    private final LaneExecutor loop;
    private final ShardHealth health;
    private final LaneWrites writes;
    private final int maxPerExchange;
    private final InFlightTracker window;
    private final List<Delivery> parked = new ArrayList<>();
    private int inRoute;

    LaneHandOut(ShardLane lane, RecordSink sink, LaneExecutor loop, ShardHealth health, LaneWrites writes,
                ConsumerSettings settings, SequencePosition start) {
        this.lane = lane;
        this.sink = sink;
        this.loop = loop;
        this.health = health;
        this.writes = writes;
        this.maxPerExchange = settings.maxRecordsPerExchange();
        this.window = new InFlightTracker(settings.checkpointLimit(), start);
    }

    /**
     * Hands out the next exchange from {@code fetched} if the window has room. One per event: a synchronous route runs
     * on the lane's thread, so suspend, stop and completions get their turn between two exchanges.
     *
     * @return another exchange could go out right now
     */
    boolean handOutNext(Deque<ShardRecord> fetched, long millisBehindLatest) {
        int n = Math.min(Math.min(maxPerExchange, fetched.size()), window.remainingCapacity());
        if (n == 0) {
            return false;
        }
        List<ShardRecord> group = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            ShardRecord next = fetched.peekFirst();
            if (!group.isEmpty() && (next.corrupt() != null || group.get(0).corrupt() != null)) {
                break; // a corrupt aggregate fails alone, never taking good records down with it
            }
            group.add(fetched.pollFirst());
        }
        InFlightTracker.Ticket ticket = window.track(group.get(group.size() - 1).position(), group.size());
        deliver(new Delivery(group, ticket, millisBehindLatest, 1));
        return !fetched.isEmpty() && window.remainingCapacity() > 0;
    }

    /** Hands one exchange to the route; whatever the route (or the hand-out) does, its completion comes back once. */
    private void deliver(Delivery delivery) {
        inRoute++;
        AtomicBoolean answered = new AtomicBoolean();
        try {
            sink.send(lane.shardId(), delivery.records(), delivery.behind(), delivery.attempt(), ok -> {
                if (answered.compareAndSet(false, true)) {
                    lane.on(() -> completed(delivery, ok));
                }
            });
        } catch (Throwable e) {
            ShardLane.LOG.warn("Shard {}: handing records from {} to the route failed: {}", lane.shardId(),
                    delivery.first(), e.toString());
            if (answered.compareAndSet(false, true)) {
                lane.on(() -> completed(delivery, false));
            }
        }
    }

    private void completed(Delivery delivery, boolean ok) {
        inRoute--;
        if (ok) {
            delivery.ticket().complete();
            health.exchangeDone(delivery.first());
            writeIfDue();
        } else if (lane.isReading()) {
            long delay = ShardHealth.REDELIVERY.delayMillis(delivery.attempt());
            health.exchangeFailed(delivery.first());
            ShardLane.LOG.warn("Shard {}: exchange of {} record(s) from {} failed (attempt {}); redelivering in {} ms;"
                               + " the checkpoint waits for it", lane.shardId(), delivery.records().size(),
                    delivery.first(), delivery.attempt(), delay);
            Delivery again = new Delivery(delivery.records(), delivery.ticket(), delivery.behind(),
                    delivery.attempt() + 1);
            loop.schedule(TimeUnit.MILLISECONDS.toNanos(delay), () -> lane.on(() -> redeliver(again)));
        }
    }

    private void redeliver(Delivery delivery) {
        if (lane.mayRead()) {
            deliver(delivery);
        } else if (lane.isReading()) {
            parked.add(delivery); // suspended: redelivered on resume
        } // draining, stopped or lost: not redelivered; the checkpoint stays below it, so it is read again later
    }

    /** Redelivers what waited while the lane was suspended. */
    void resume() {
        List<Delivery> again = new ArrayList<>(parked);
        parked.clear();
        again.forEach(this::redeliver);
    }

    /** Nothing more is redelivered. */
    void stop() {
        parked.clear();
    }

    /** Exchanges of this shard in the route now. */
    int inRoute() {
        return inRoute;
    }

    /** The highest position below which every handed-out record completed; null when none has yet. */
    SequencePosition checkpoint() {
        return window.checkpoint();
    }

    /** The store acknowledged a checkpoint: the records it covers leave the window; the next early write may go. */
    void written(SequencePosition position) {
        window.written(position);
        writeIfDue();
    }

    /**
     * Half the window completed since the last acknowledged write: write early, unless a checkpoint is already out or
     * queued (its acknowledgement asks again), so a busy shard writes once per half window, not back to back.
     */
    private void writeIfDue() {
        if (window.writeDue() && !writes.checkpointPending()) {
            writes.checkpoint(window.checkpoint());
        }
    }

    boolean allCompleted() {
        return window.isIdle();
    }

    int inFlight() {
        return window.inFlight();
    }
}
