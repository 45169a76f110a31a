package io.kinesisbatch.camel.consumer;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import io.kinesisbatch.camel.checkpoint.InFlightTracker;
import io.kinesisbatch.camel.checkpoint.SequencePosition;

/**
 * The route side of one lane: hands fetched records out in shard order, {@code maxRecordsPerExchange} per exchange,
 * while the window ({@link InFlightTracker}) has room; turns completions into the checkpoint (which {@link LaneWrites}
 * writes on its timer); redelivers failed exchanges with backoff (parked while the lane is suspended); counts the
 * exchanges handed out and not yet answered.
 * The route itself is called by the shard's {@link RouteRunner} on the route pool, never here: its answers come back
 * to the lane as events. Part of the lane: called only on its loop, so it has no locks.
 */
final class LaneHandOut implements RouteRunner.Answers {

    private final ShardLane lane;
    private final RouteRunner runner;
    private final LaneExecutor loop;
    private final ShardHealth health;
    private final int maxPerExchange;
    private final InFlightTracker window;
    private final Deque<Mark> marks = new ArrayDeque<>();
    private final List<RouteRunner.Delivery> parked = new ArrayList<>();
    private final Queue<RouteRunner.Delivery> answers = new ConcurrentLinkedQueue<>();
    private final AtomicInteger unreadRecords = new AtomicInteger();
    private final AtomicBoolean readPosted = new AtomicBoolean();
    /** The lane waits on every answer ({@link #listen}); else {@link #batchWake} unread records wake it. */
    private volatile boolean everyAnswer = true;
    /** The window was full at the end of the lane's last event: the lane waits for it to move. */
    private volatile boolean windowFull;
    private final int batchWake;
    private int inRoute;

    LaneHandOut(ShardLane lane, RecordSink sink, ScheduledExecutorService routePool, LaneExecutor loop,
                ShardHealth health, ConsumerSettings settings, SequencePosition start) {
        this.lane = lane;
        this.loop = loop;
        this.health = health;
        this.maxPerExchange = settings.maxRecordsPerExchange();
        this.window = new InFlightTracker(settings.checkpointLimit(), start);
        this.batchWake = Math.max(1, settings.checkpointLimit() / 4);
        if (start != null) {
            marks.addLast(new Mark(start, 0)); // the stored checkpoint the shard resumes from: nothing awaits it
        }
        this.runner = new RouteRunner(lane.shardId(), sink, new LaneExecutor(routePool, error -> ShardLane.LOG.error(
                "Shard {}: unexpected failure giving exchanges to the route", lane.shardId(), error)), this);
    }

    /** Hands out as many exchanges from {@code fetched} as the window has room for, to the route runner in one go. */
    void handOut(Deque<ShardRecord> fetched, long millisBehindLatest) {
        List<RouteRunner.Delivery> out = null;
        int n;
        while ((n = Math.min(Math.min(maxPerExchange, fetched.size()), window.remainingCapacity())) > 0) {
            List<ShardRecord> group;
            if (n == 1) {
                group = List.of(fetched.pollFirst());
            } else {
                group = new ArrayList<>(n);
                for (int i = 0; i < n; i++) {
                    ShardRecord next = fetched.peekFirst();
                    if (!group.isEmpty() && (next.corrupt() != null || group.get(0).corrupt() != null)) {
                        break; // a corrupt aggregate fails alone, never taking good records down with it
                    }
                    group.add(fetched.pollFirst());
                }
            }
            InFlightTracker.Ticket ticket = window.track(group.get(group.size() - 1).position(), group.size());
            if (out == null) {
                out = new ArrayList<>();
            }
            out.add(runner.delivery(group, ticket, millisBehindLatest));
        }
        if (out != null) {
            inRoute += out.size();
            runner.take(out);
        }
    }

    // ---------------------------------------------------------------- answers of the runner (any thread)

    /**
     * A mailbox: answers queue up and one lane event reads all that came meanwhile. Every lane event reads it first
     * ({@link #readAnswers}); an answer wakes the lane by itself only when the lane needs it soon:
     * <ul>
     * <li>a failed exchange (its redelivery), or a redelivered one that succeeded (health stops showing it);</li>
     * <li>a lane that waits on answers ({@link #listen}: suspended, draining, at the shard's end);</li>
     * <li>a full window while the runner has given the route all it had ({@link RouteRunner#dry()}): only the lane can
     * give the route more, so an asynchronous route whose oldest exchange held the window up gets more at once;</li>
     * <li>a quarter of the window answered since the last read, so a busy shard's window refills in batches.</li>
     * </ul>
     * Otherwise the lane's next event (its next fetch or subscription event, timer or store answer) reads them: a
     * busy shard whose route answers on the runner's thread (a synchronous route) costs one lane wake-up per quarter
     * window, not one per exchange. An asynchronous route that keeps the window full answers after the runner ran dry,
     * so each of its answers wakes the lane, as every answer did before the batching: the route, not the lane, sets
     * the pace there. No answer waits for anything but the lane.
     */
    @Override
    public void completed(RouteRunner.Delivery delivery) {
        answers.add(delivery);
        int unread = unreadRecords.addAndGet(delivery.records.size());
        if (everyAnswer || unread >= batchWake || !delivery.ok() || delivery.attempt > 1
            || windowFull && runner.dry()) {
            wake();
        }
    }

    @Override
    public void ranDry() {
        if (windowFull && !answers.isEmpty()) {
            wake(); // an answer that came before the runner ran dry did not wake the lane by itself
        }
    }

    private void wake() {
        if (!readPosted.get() && !readPosted.getAndSet(true)) {
            lane.on(() -> {});
        }
    }

    /** Reads every answer that came since the last read; on the lane, at the start of each of its events. */
    void readAnswers() {
        readPosted.set(false); // before polling: an answer added after the poll posts its own read
        int read = 0;
        try {
            for (RouteRunner.Delivery delivery; (delivery = answers.poll()) != null;) {
                read += delivery.records.size();
                answered(delivery);
            }
        } finally {
            if (read > 0) {
                unreadRecords.addAndGet(-read); // also when an answer threw: what was taken is no longer unread
            }
        }
    }

    /**
     * Tells the mailbox what the lane waits for, at the end of each lane event: {@code every} answer (it waits on
     * them), or batches of them. Answers that came meanwhile and would have woken the lane under the new rule are read
     * in an event of their own.
     */
    void listen(boolean every) {
        if (everyAnswer != every) {
            everyAnswer = every;
        }
        boolean full = window.remainingCapacity() == 0;
        if (windowFull != full) {
            windowFull = full;
        }
        if ((every || full && runner.dry()) && !answers.isEmpty()) {
            wake();
        }
    }

    @Override
    public void recalled(List<RouteRunner.Delivery> deliveries) {
        lane.on(() -> {
            inRoute -= deliveries.size();
            deliveries.forEach(this::redeliver); // same attempt: parked while suspended, dropped once draining
        });
    }

    // ---------------------------------------------------------------- on the lane

    private void answered(RouteRunner.Delivery delivery) {
        inRoute--;
        if (delivery.ok()) {
            delivery.ticket.complete();
            health.exchangeDone(delivery.first());
        } else if (lane.isReading()) {
            long delay = ShardHealth.REDELIVERY.delayMillis(delivery.attempt);
            health.exchangeFailed(delivery.first());
            ShardLane.LOG.warn("Shard {}: exchange of {} record(s) from {} failed (attempt {}); redelivering in {} ms;"
                               + " the checkpoint waits for it",
                    lane.shardId(), delivery.records.size(),
                    delivery.first(), delivery.attempt, delay);
            RouteRunner.Delivery again = delivery.again();
            loop.schedule(TimeUnit.MILLISECONDS.toNanos(delay), () -> lane.on(() -> redeliver(again)));
        }
    }

    private void redeliver(RouteRunner.Delivery delivery) {
        if (lane.mayRead()) {
            inRoute++;
            runner.take(List.of(delivery));
        } else if (lane.isReading()) {
            parked.add(delivery); // suspended: redelivered on resume
        } // draining, stopped or lost: not redelivered; the checkpoint stays below it, so it is read again later
    }

    /** Nothing new goes to the route until {@link #resume}; the exchange in the route now goes on. */
    void suspend() {
        runner.hold();
    }

    /** Redelivers what waited while the lane was suspended, then lets the runner go on. */
    void resume() {
        List<RouteRunner.Delivery> again = new ArrayList<>(parked);
        parked.clear();
        again.forEach(this::redeliver);
        runner.release();
    }

    /** Takes back what the route has not seen yet, so that only exchanges really in the route count. */
    void recall() {
        runner.recall();
    }

    /** Nothing more is redelivered or given to the route. */
    void stop() {
        parked.clear();
        runner.recall();
    }

    /** Exchanges of this shard handed out and not answered yet. */
    int inRoute() {
        return inRoute;
    }

    /** The window's checkpoint, remembered with the count behind it, so the snapshot can tell what awaits writing. */
    SequencePosition checkpoint() {
        SequencePosition checkpoint = window.checkpoint();
        if (checkpoint != null && (marks.isEmpty() || !marks.peekLast().position().equals(checkpoint))) {
            marks.addLast(new Mark(checkpoint, window.completedRecords()));
        }
        return checkpoint;
    }

    boolean allCompleted() {
        return window.isIdle();
    }

    int inFlight() {
        return window.inFlight();
    }

    /**
     * Records completed (behind the checkpoint) that the store has not acknowledged yet: those completed since the
     * checkpoint {@code written} was read for its write. Every write takes its position from {@link #checkpoint()}, so
     * {@code written} is among the marks; older marks are dropped here.
     */
    int awaitingCheckpoint(SequencePosition written) {
        if (written == null) {
            return (int) Math.min(Integer.MAX_VALUE, window.completedRecords());
        }
        while (marks.size() > 1 && !marks.peekFirst().position().equals(written)) {
            marks.removeFirst();
        }
        Mark head = marks.peekFirst();
        long base = head != null && head.position().equals(written) ? head.completed() : window.completedRecords();
        return (int) Math.min(Integer.MAX_VALUE, window.completedRecords() - base);
    }

    /** A checkpoint handed to the writes, and how many records had completed when it was read. */
    private record Mark(SequencePosition position, long completed) {
    }
}
