package io.kinesisbatch.camel.consumer;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import org.reactivestreams.Subscription;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kinesis.model.ChildShard;
import software.amazon.awssdk.services.kinesis.model.Record;
import software.amazon.awssdk.services.kinesis.model.SubscribeToShardEvent;
import software.amazon.awssdk.services.kinesis.model.SubscribeToShardEventStream;
import software.amazon.awssdk.services.kinesis.model.SubscribeToShardRequest;

/**
 * A scripted publisher of SubscribeToShard events: each subscribe takes the next script (rejected with an error, or
 * opened with events, then an error or a normal end, or left open); events go out only as they are requested, and
 * every request (with the thread that made it), cancel and subscribe is recorded. It talks to the listener through
 * the SDK adapter ({@link ShardSubscriptions.SdkHandler}), as SubscribeToShard does: the handler's and the event
 * stream's callbacks, on the thread that pushes. For unit tests of the fan-out reader.
 */
final class ScriptedSubscriptions implements ShardSubscriptions {

    /** What one subscription does. {@code rejection}: fails before it opens; {@code then}: after its events. */
    record Script(Throwable rejection, List<SubscribeToShardEventStream> events, Throwable failure, boolean complete,
                  boolean openLater) {
        static Script rejected(Throwable error) {
            return new Script(error, List.of(), null, false, false);
        }

        static Script open(SubscribeToShardEventStream... events) {
            return new Script(null, List.of(events), null, false, false);
        }

        /** Opens only when the test calls {@link #openDeferred()}. */
        static Script deferred() {
            return new Script(null, List.of(), null, false, true);
        }

        Script thenFail(Throwable error) {
            return new Script(null, events, error, false, false);
        }

        Script thenComplete() {
            return new Script(null, events, null, true, false);
        }
    }

    final Queue<Script> scripts = new ConcurrentLinkedQueue<>();
    final List<SubscribeToShardRequest> requests = new CopyOnWriteArrayList<>();
    final List<Long> subscribeNanos = new CopyOnWriteArrayList<>();
    final List<Scripted> opened = new CopyOnWriteArrayList<>();
    private final Queue<Scripted> deferred = new ConcurrentLinkedQueue<>();

    @Override
    public void subscribe(SubscribeToShardRequest request, Listener listener) {
        requests.add(request);
        subscribeNanos.add(System.nanoTime());
        SdkHandler handler = new SdkHandler(listener);
        Script script = scripts.poll();
        if (script == null) {
            script = Script.open(); // open, no events yet: the test pushes them
        }
        if (script.rejection() != null) {
            handler.exceptionOccurred(script.rejection());
            return;
        }
        Scripted subscription = new Scripted(handler, script);
        opened.add(subscription);
        if (script.openLater()) {
            deferred.add(subscription);
        } else {
            handler.onSubscribe(subscription);
        }
    }

    /** Opens the subscriptions whose script was {@link Script#deferred()}. */
    void openDeferred() {
        for (Scripted s; (s = deferred.poll()) != null;) {
            s.handler.onSubscribe(s);
        }
    }

    Scripted last() {
        return opened.get(opened.size() - 1);
    }

    /** One open subscription: hands out its events as they are requested. */
    static final class Scripted implements Subscription {
        private final SdkHandler handler;
        private final Deque<SubscribeToShardEventStream> events;
        private final Script script;
        private long demand;
        private boolean done;
        volatile int requests;
        volatile boolean cancelled;
        final AtomicInteger cancels = new AtomicInteger();
        /** The thread of each {@link #request} call, in order. */
        final List<String> requestThreads = new CopyOnWriteArrayList<>();

        Scripted(SdkHandler handler, Script script) {
            this.handler = handler;
            this.script = script;
            this.events = new ArrayDeque<>(script.events());
        }

        @Override
        public synchronized void request(long n) {
            requests++;
            requestThreads.add(Thread.currentThread().getName());
            demand += n;
            pump();
        }

        /** An event the server has now (sent once requested). */
        synchronized void push(SubscribeToShardEventStream event) {
            events.add(event);
            pump();
        }

        private void pump() {
            while (!done && demand > 0 && !events.isEmpty()) {
                demand--;
                handler.onNext(events.poll());
            }
            if (!done && events.isEmpty() && (script.failure() != null || script.complete())) {
                done = true;
                if (script.failure() != null) {
                    handler.onError(script.failure());
                } else {
                    handler.onComplete();
                }
            }
        }

        @Override
        public void cancel() {
            cancels.incrementAndGet();
            cancelled = true;
        }
    }

    /** An event with records {@code from} to {@code from + count - 1} (sequence numbers 1000 + i). */
    static SubscribeToShardEvent event(int from, int count, String continuation) {
        List<Record> records = new ArrayList<>();
        for (int i = from; i < from + count; i++) {
            records.add(Record.builder().sequenceNumber(Integer.toString(1000 + i)).partitionKey("k" + i)
                    .data(SdkBytes.fromUtf8String("r" + i)).approximateArrivalTimestamp(Instant.now()).build());
        }
        return SubscribeToShardEvent.builder().records(records).continuationSequenceNumber(continuation)
                .millisBehindLatest(0L).build();
    }

    /** The last event of a closed shard: no continuation, its children. */
    static SubscribeToShardEvent shardEnd(String... children) {
        List<ChildShard> kids = new ArrayList<>();
        for (String child : children) {
            kids.add(ChildShard.builder().shardId(child).build());
        }
        return SubscribeToShardEvent.builder().records(List.of()).childShards(kids).millisBehindLatest(0L).build();
    }
}
