package io.kinesisbatch.camel.consumer;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

import org.reactivestreams.Subscription;
import software.amazon.awssdk.services.kinesis.model.SubscribeToShardEvent;
import software.amazon.awssdk.services.kinesis.model.SubscribeToShardEventStream;
import software.amazon.awssdk.services.kinesis.model.SubscribeToShardRequest;

/**
 * A consumer's enhanced fan-out subscriptions, around where they come from: it knows each one from its
 * SubscribeToShard until it ends or is cancelled, so that once the consumer stops for good ({@link #close}) none stays
 * open, not even one whose lane no longer runs (its stop given up, its pool shut down): those open are cancelled
 * then, and one that opens later is cancelled the moment its publisher calls {@code onSubscribe}, on the publisher's
 * thread (its lane never hears of it). An open subscription nobody cancels holds its shard for up to 5 minutes, and the
 * shard's next owner gets ResourceInUseException meanwhile.
 * <p>
 * Until then it only passes calls through: each lane owns its subscriptions and makes every request and cancel
 * itself, from its loop. Each subscription is cancelled at most once, whoever asks first.
 */
final class LiveSubscriptions implements ShardSubscriptions {

    private final ShardSubscriptions source;
    /** Subscribing or open and not cancelled yet; shared with the publishers' threads. */
    private final Set<Live> live = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;

    LiveSubscriptions(ShardSubscriptions source) {
        this.source = source;
    }

    @Override
    public void subscribe(SubscribeToShardRequest request, Listener listener) {
        if (closed) {
            return; // a lane subscribing after the stop gave up on it: it is gone, nothing may open
        }
        Live subscription = new Live(listener);
        live.add(subscription);
        source.subscribe(request, subscription);
    }

    /** The consumer stopped for good: cancels every subscription still open, and any that opens from now on. */
    void close() {
        closed = true;
        live.forEach(Live::cancel);
    }

    /** How many subscriptions are subscribing or open and not cancelled. */
    int size() {
        return live.size();
    }

    /** One subscription: the lane's listener and the subscription it is given. */
    private final class Live implements Listener, Subscription {
        private final Listener lane;
        private volatile Subscription opened;
        private volatile boolean cancelAsked;
        private final AtomicBoolean cancelled = new AtomicBoolean();

        Live(Listener lane) {
            this.lane = lane;
        }

        @Override
        public void opened(Subscription subscription) {
            opened = subscription;
            if (closed || cancelAsked) {
                cancel();
            } else {
                lane.opened(this);
            }
        }

        @Override
        public void event(SubscribeToShardEvent event) {
            lane.event(event);
        }

        @Override
        public void unknownEvent(SubscribeToShardEventStream event) {
            lane.unknownEvent(event);
        }

        @Override
        public void ended(Throwable error) {
            live.remove(this);
            lane.ended(error);
        }

        @Override
        public void request(long n) {
            opened.request(n);
        }

        /** Cancels it now when open, else as soon as it opens; at most once. */
        @Override
        public void cancel() {
            cancelAsked = true;
            Subscription subscription = opened;
            if (subscription != null && cancelled.compareAndSet(false, true)) {
                live.remove(this);
                subscription.cancel();
            }
        }
    }
}
