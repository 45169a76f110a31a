package io.kinesisbatch.camel.consumer;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;

import org.reactivestreams.Subscriber;
import org.reactivestreams.Subscription;
import software.amazon.awssdk.core.async.SdkPublisher;
import software.amazon.awssdk.services.kinesis.KinesisAsyncClient;
import software.amazon.awssdk.services.kinesis.model.SubscribeToShardEvent;
import software.amazon.awssdk.services.kinesis.model.SubscribeToShardEventStream;
import software.amazon.awssdk.services.kinesis.model.SubscribeToShardRequest;
import software.amazon.awssdk.services.kinesis.model.SubscribeToShardResponse;
import software.amazon.awssdk.services.kinesis.model.SubscribeToShardResponseHandler;

/**
 * Where enhanced fan-out subscriptions come from: SubscribeToShard on the HTTP/2 client ({@link #kinesis}), or a
 * scripted publisher in tests. The listener is called from the HTTP client's event-loop threads; {@link FanOutReading}
 * only posts its calls to the lane, so nothing else runs there. Demand is the lane's: the subscription delivers an
 * event only after the lane called {@link Subscription#request}.
 */
@FunctionalInterface
interface ShardSubscriptions {

    /** What one subscription tells; from any thread. {@link #ended} comes exactly once, last. */
    interface Listener {
        /** The stream is open: events come as they are requested; cancel it to end it. */
        void opened(Subscription subscription);

        void event(SubscribeToShardEvent event);

        /**
         * An event of a type this SDK does not know: it answered the lane's request and carries nothing the lane
         * reads. The lane asks for the next one itself (never the callback's thread: calls on a {@link Subscription}
         * must be serial, and the lane may be calling it at the same moment).
         */
        void unknownEvent(SubscribeToShardEventStream event);

        /** The subscription ended: normally (null: about every 5 minutes, or after a cancel) or with an error. */
        void ended(Throwable error);
    }

    void subscribe(SubscribeToShardRequest request, Listener listener);

    /** SubscribeToShard on {@code client}, which must speak HTTP/2. */
    static ShardSubscriptions kinesis(KinesisAsyncClient client) {
        return (request, listener) -> {
            SdkHandler handler = new SdkHandler(listener);
            CompletableFuture<Void> call = client.subscribeToShard(request, handler);
            call.whenComplete((done, error) -> handler.end(error));
        };
    }

    /** Adapts the SDK's handler and the event stream's subscriber to one {@link Listener}; ends it once. */
    final class SdkHandler implements SubscribeToShardResponseHandler, Subscriber<SubscribeToShardEventStream> {
        private final Listener listener;
        private final AtomicBoolean ended = new AtomicBoolean();

        SdkHandler(Listener listener) {
            this.listener = listener;
        }

        void end(Throwable error) {
            if (ended.compareAndSet(false, true)) {
                listener.ended(error);
            }
        }

        @Override
        public void responseReceived(SubscribeToShardResponse response) {
            // the events follow through onEventStream
        }

        @Override
        public void onEventStream(SdkPublisher<SubscribeToShardEventStream> publisher) {
            publisher.subscribe(this);
        }

        @Override
        public void exceptionOccurred(Throwable error) {
            end(error);
        }

        @Override
        public void complete() {
            end(null);
        }

        @Override
        public void onSubscribe(Subscription subscription) {
            listener.opened(subscription);
        }

        @Override
        public void onNext(SubscribeToShardEventStream event) {
            if (event instanceof SubscribeToShardEvent records) {
                listener.event(records);
            } else {
                listener.unknownEvent(event);
            }
        }

        @Override
        public void onError(Throwable error) {
            end(error);
        }

        @Override
        public void onComplete() {
            end(null);
        }
    }
}
