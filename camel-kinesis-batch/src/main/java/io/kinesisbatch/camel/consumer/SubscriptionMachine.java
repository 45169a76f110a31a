package io.kinesisbatch.camel.consumer;

import java.time.Duration;
import java.time.Instant;

import software.amazon.awssdk.services.kinesis.model.GetShardIteratorRequest;
import software.amazon.awssdk.services.kinesis.model.ShardIteratorType;
import software.amazon.awssdk.services.kinesis.model.StartingPosition;

/**
 * The enhanced fan-out subscription of one shard, as a state machine: where the next SubscribeToShard starts, when it
 * may go, whether one event may be requested, and what an event or the end of a subscription means. Pure (times are
 * passed in, no I/O, no threads) and confined to the lane of its shard; {@link FanOutReading} does what it decides.
 *
 * <pre>
 *   IDLE --subscribe--> SUBSCRIBING --opened--> STREAMING --event with a continuation--> STREAMING
 *    ^                      |                      |   \--event without one (the shard ended)--> ENDED
 *    +---ended (normally, about every 5 minutes: at once; with an error: after a backoff)---+
 *   any state --cancel (the lane drains, ends or lost its lease)--> CANCELLED
 * </pre>
 * Each SubscribeToShard goes at least {@link #MIN_SPACING} after the previous one of the shard (Kinesis allows one
 * per second per consumer and shard). A subscription resumes {@code AFTER_SEQUENCE_NUMBER} of the last continuation
 * sequence number, so nothing already delivered is read twice and nothing is skipped; before the first event it
 * starts where the shard starts, except that a start at {@code LATEST} becomes {@code AT_TIMESTAMP} of the first
 * subscription, so records written between two subscriptions are not skipped. Each attempt has an id: answers of an
 * earlier one (a cancelled or failed subscription's late events) are recognised as stale and ignored.
 */
final class SubscriptionMachine {

    /** See the class diagram. */
    enum State {
        IDLE,
        SUBSCRIBING,
        STREAMING,
        ENDED,
        CANCELLED
    }

    /** Kinesis allows one SubscribeToShard per second per consumer and shard. */
    static final Duration MIN_SPACING = Duration.ofSeconds(1);

    private final StartingPosition first;
    private State state = State.IDLE;
    private int attempt;
    private boolean requested;
    private long lastSubscribeNanos;
    private long notBeforeNanos;
    private Instant firstSubscribedAt;
    private String continuation;

    SubscriptionMachine(StartingPosition first) {
        this.first = first;
    }

    /** The starting position of a shard's first subscription, from where polling would open it. */
    static StartingPosition startingPosition(GetShardIteratorRequest start) {
        return StartingPosition.builder().type(start.shardIteratorType())
                .sequenceNumber(start.startingSequenceNumber()).timestamp(start.timestamp()).build();
    }

    State state() {
        return state;
    }

    /** How long from {@code nowNanos} until the next SubscribeToShard may go (0: now). */
    long subscribeDelay(long nowNanos) {
        long spacing = attempt > 0 ? lastSubscribeNanos + MIN_SPACING.toNanos() - nowNanos : 0;
        long backoff = attempt > 0 ? notBeforeNanos - nowNanos : 0;
        return Math.max(0, Math.max(spacing, backoff));
    }

    /** IDLE to SUBSCRIBING: returns the id of this attempt; {@link #position()} tells where it starts. */
    int subscribe(long nowNanos, Instant now) {
        if (state != State.IDLE) {
            throw new IllegalStateException("subscribing in state " + state);
        }
        state = State.SUBSCRIBING;
        requested = false;
        lastSubscribeNanos = nowNanos;
        if (firstSubscribedAt == null) {
            firstSubscribedAt = now;
        }
        return ++attempt;
    }

    /** Where the next (or current) subscription starts. */
    StartingPosition position() {
        if (continuation != null) {
            return StartingPosition.builder().type(ShardIteratorType.AFTER_SEQUENCE_NUMBER)
                    .sequenceNumber(continuation).build();
        }
        if (first.type() == ShardIteratorType.LATEST && attempt > 1) {
            return StartingPosition.builder().type(ShardIteratorType.AT_TIMESTAMP).timestamp(firstSubscribedAt)
                    .build();
        }
        return first;
    }

    /** Attempt {@code id}'s stream opened; false when it is stale (its subscription must be cancelled). */
    boolean opened(int id) {
        if (id != attempt || state != State.SUBSCRIBING) {
            return false;
        }
        state = State.STREAMING;
        return true;
    }

    /** Whether one more event may be requested now: streaming, and none is requested yet. Marks it requested. */
    boolean request() {
        if (state != State.STREAMING || requested) {
            return false;
        }
        requested = true;
        return true;
    }

    /** An event is requested and has not come yet. */
    boolean requested() {
        return requested;
    }

    /**
     * An event of attempt {@code id} came with {@code continuationSequenceNumber}; false when stale (ignore it). Null
     * means the shard ended: ENDED, nothing more is subscribed.
     */
    boolean event(int id, String continuationSequenceNumber) {
        if (id != attempt || state != State.STREAMING) {
            return false;
        }
        requested = false;
        if (continuationSequenceNumber == null) {
            state = State.ENDED;
        } else {
            continuation = continuationSequenceNumber;
        }
        return true;
    }

    /**
     * An event of attempt {@code id} that carries nothing the lane reads (a type the SDK does not know): it answered the
     * request, so another may be requested; the continuation stays. False when stale (ignore it).
     */
    boolean unknownEvent(int id) {
        if (id != attempt || state != State.STREAMING) {
            return false;
        }
        requested = false;
        return true;
    }

    /** The last continuation sequence number, or null before the first event. */
    String continuation() {
        return continuation;
    }

    /** The shard's end was learnt otherwise (a GetRecords probe): ENDED, as after an event without continuation. */
    void shardEnded() {
        if (state != State.CANCELLED) {
            state = State.ENDED;
            requested = false;
        }
    }

    /** Whether answers of attempt {@code id} still count (it is the current one, subscribing or streaming). */
    boolean isCurrent(int id) {
        return id == attempt && (state == State.SUBSCRIBING || state == State.STREAMING);
    }

    /**
     * Attempt {@code id} ended; {@code backoffNanos} is 0 for a normal end. Back to IDLE: the next subscription may go
     * {@link #MIN_SPACING} after the last one, and not before the backoff has passed. Stale ends change nothing.
     */
    void ended(int id, long nowNanos, long backoffNanos) {
        if (!isCurrent(id)) {
            return;
        }
        state = State.IDLE;
        requested = false;
        notBeforeNanos = nowNanos + backoffNanos;
    }

    /** For good (the lane stops reading): true when a subscription is open or on its way and must be cancelled. */
    boolean cancel() {
        boolean open = state == State.SUBSCRIBING || state == State.STREAMING;
        if (state != State.ENDED) {
            state = State.CANCELLED;
        }
        return open;
    }
}
