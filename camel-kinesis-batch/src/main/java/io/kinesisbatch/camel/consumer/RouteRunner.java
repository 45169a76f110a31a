package io.kinesisbatch.camel.consumer;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;
import java.util.function.Consumer;

import io.kinesisbatch.camel.checkpoint.InFlightTracker;

/**
 * The per-shard delivery step: gives a lane's exchanges to the route one after another, in the order the lane handed
 * them out, on the consumer's route pool, never on the lane. A route that runs long (a synchronous route runs on the
 * thread that calls it) so holds up only the next exchange of its shard, never the lane's renewals, store answers or
 * completions.
 * <p>
 * Its own serial loop ({@link LaneExecutor}) owns the exchanges waiting for the route and whether it is held; the lane
 * only posts to it ({@link #take}, {@link #hold}, {@link #release}, {@link #recall}) and hears back through
 * {@link Answers}, as events of its own. It gives the route one exchange after another within one loop event only while
 * no other event waits, so a hold gets its turn between two exchanges of a synchronous route. Each completion goes
 * back through {@link Answers#completed} at once, from whichever thread the route answers on: never held back behind
 * the next, maybe long, route call.
 */
final class RouteRunner {

    /** Where answers go: each method posts to the lane. */
    interface Answers {
        void completed(Delivery delivery);

        /** Deliveries taken back before the route saw them ({@link #recall}), in their order. */
        void recalled(List<Delivery> deliveries);

        /** The runner gave the route every delivery it had ({@link #dry()}); on the runner's loop. */
        void ranDry();
    }

    /** One exchange's records, handed out by the lane; its own completion callback (called once by the route). */
    static final class Delivery implements Consumer<Boolean> {
        private static final int ANSWERED = 2;
        private static final int OK = 4;
        private static final AtomicIntegerFieldUpdater<Delivery> PHASE = AtomicIntegerFieldUpdater
                .newUpdater(Delivery.class, "phase");

        final List<ShardRecord> records;
        final InFlightTracker.Ticket ticket;
        final long behind;
        final int attempt;
        private final RouteRunner runner;
        private volatile int phase;

        Delivery(List<ShardRecord> records, InFlightTracker.Ticket ticket, long behind, int attempt,
                 RouteRunner runner) {
            this.records = records;
            this.ticket = ticket;
            this.behind = behind;
            this.attempt = attempt;
            this.runner = runner;
        }

        /** The first record's position ("seq", or "seq/sub" for a user record): user records share a sequence. */
        String first() {
            return records.get(0).position().toString();
        }

        /** The same records once more, for a redelivery. */
        Delivery again() {
            return new Delivery(records, ticket, behind, attempt + 1, runner);
        }

        /** The route's answer: true when the records may be acknowledged. Only the first answer counts. */
        @Override
        public void accept(Boolean ok) {
            int answer = ANSWERED | (Boolean.TRUE.equals(ok) ? OK : 0);
            for (;;) {
                int now = phase;
                if ((now & ANSWERED) != 0) {
                    return;
                }
                if (PHASE.compareAndSet(this, now, now | answer)) {
                    runner.answers.completed(this);
                    return;
                }
            }
        }

        boolean ok() {
            return (phase & OK) != 0;
        }
    }

    /** Most exchanges given to the route in one loop event. */
    static final int GATHER = 64;

    private final String shardId;
    private final RecordSink sink;
    private final LaneExecutor loop;
    private final Answers answers;
    private final ArrayDeque<Delivery> waiting = new ArrayDeque<>();
    private boolean held;
    private boolean sending;
    /** Nothing waits to be given to the route: what was taken is in the route or answered. Read from any thread. */
    private volatile boolean dry = true;

    RouteRunner(String shardId, RecordSink sink, LaneExecutor loop, Answers answers) {
        this.shardId = shardId;
        this.sink = sink;
        this.loop = loop;
        this.answers = answers;
    }

    /** Queues {@code deliveries} for the route, behind those queued before. */
    void take(List<Delivery> deliveries) {
        loop.post(() -> {
            waiting.addAll(deliveries);
            dry = false;
            kick();
        });
    }

    /** Gives nothing more to the route (the exchange in the route now goes on) until {@link #release}. */
    void hold() {
        loop.post(() -> held = true);
    }

    void release() {
        loop.post(() -> {
            held = false;
            kick();
        });
    }

    /** Takes back every delivery the route has not seen yet; they come back through {@link Answers#recalled}. */
    void recall() {
        loop.post(() -> {
            List<Delivery> back = new ArrayList<>(waiting);
            waiting.clear();
            dry = true;
            answers.recalled(back);
        });
    }

    /** A first delivery of {@code records}, to be {@linkplain #take taken} by this runner. */
    Delivery delivery(List<ShardRecord> records, InFlightTracker.Ticket ticket, long behind) {
        return new Delivery(records, ticket, behind, 1, this);
    }

    private void kick() {
        if (!sending && !held && !waiting.isEmpty()) {
            sending = true;
            loop.post(this::sendNext);
        }
    }

    /** Gives the route the next exchanges, one after another while no other event (a hold, say) waits. */
    private void sendNext() {
        sending = false;
        for (int sent = 0; sent < GATHER && !held; sent++) {
            Delivery next = waiting.pollFirst();
            if (next == null) {
                break;
            }
            send(next);
            if (loop.othersWaiting()) {
                break; // their turn first: a hold takes effect before the next exchange
            }
        }
        if (waiting.isEmpty() && !dry) {
            dry = true;
            answers.ranDry();
        }
        kick();
    }

    /**
     * Whether the route has been given every delivery taken (each is in the route or answered): then only the lane can
     * give it more work, so an answer matters to the lane at once.
     */
    boolean dry() {
        return dry;
    }

    private void send(Delivery next) {
        try {
            sink.send(shardId, next.records, next.behind, next.attempt, next);
        } catch (Throwable e) {
            ShardLane.LOG.warn("Shard {}: handing records from {} to the route failed: {}", shardId, next.first(),
                    e.toString());
            next.accept(false);
        }
    }
}
