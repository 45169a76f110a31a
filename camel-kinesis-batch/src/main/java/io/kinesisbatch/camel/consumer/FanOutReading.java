package io.kinesisbatch.camel.consumer;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.kinesisbatch.camel.checkpoint.SequencePosition;
import io.kinesisbatch.camel.shardmap.HashKeyRange;
import org.reactivestreams.Subscription;
import software.amazon.awssdk.services.kinesis.model.Record;
import software.amazon.awssdk.services.kinesis.model.SubscribeToShardEvent;
import software.amazon.awssdk.services.kinesis.model.SubscribeToShardEventStream;
import software.amazon.awssdk.services.kinesis.model.SubscribeToShardRequest;

import static io.kinesisbatch.camel.aws.AsyncFailures.unwrap;

/**
 * The reading side of one lane with enhanced fan-out: SubscribeToShard as {@link SubscriptionMachine} decides, one
 * event requested at a time and only when everything read before went out to the route (so at most the window and one
 * event are in memory), the records de-aggregated like polled ones ({@link RecordUnpacker}), a resubscription when a
 * subscription ends (lazily: once records are wanted again), and the subscription cancelled when the lane stops
 * reading. The subscription's callbacks come on the HTTP client's event loop and are only posted to the lane: every
 * decision is taken here, on the lane, and no route code ever runs on that event loop. Part of the lane: no locks.
 */
final class FanOutReading implements LaneReader {

    private final ShardLane lane;
    private final LaneExecutor loop;
    private final ShardHealth health;
    private final ShardSubscriptions subscriptions;
    private final String consumerArn;
    private final String shardId;
    private final HashKeyRange hashKeyRange;
    private final String stream;
    private final boolean deaggregate;
    /** What one record unpacked to, before the records already read are left out (reused: one list per reader). */
    private final List<ShardRecord> unpacked = new ArrayList<>();
    private final Deque<ShardRecord> fetched = new ArrayDeque<>();
    private final ShardEndProbe endProbe;
    private final long probeIntervalNanos;
    private long lastProbeNanos = System.nanoTime();
    private boolean probing;
    private SubscriptionMachine machine;
    private RecordUnpacker unpacker;
    private Subscription subscription;
    private Attempt attempt;
    private boolean waiting;
    private boolean closed;
    private SequencePosition lastFetched;
    private long millisBehindLatest;

    FanOutReading(ShardLane lane, LaneExecutor loop, ShardHealth health, ConsumerSettings settings,
                  ShardSubscriptions subscriptions, String consumerArn, HashKeyRange hashKeyRange,
                  ShardEndProbe endProbe, Duration probeInterval) {
        this.endProbe = endProbe;
        this.probeIntervalNanos = probeInterval.toNanos();
        this.lane = lane;
        this.loop = loop;
        this.health = health;
        this.subscriptions = subscriptions;
        this.consumerArn = consumerArn;
        this.shardId = lane.shardId();
        this.hashKeyRange = hashKeyRange;
        this.stream = settings.stream().toString();
        this.deaggregate = settings.deaggregate();
    }

    /**
     * Builds a lane's reader: one subscription with {@code consumerArn}; while caught up, {@code endProbe} asks at most
     * every {@code probeInterval} whether the shard ended without the event saying so.
     */
    static LaneReader.Factory factory(ShardSubscriptions subscriptions, String consumerArn, HashKeyRange hashKeyRange,
                                      ShardEndProbe endProbe, Duration probeInterval) {
        return (lane, loop, health, settings) -> new FanOutReading(lane, loop, health, settings, subscriptions,
                consumerArn, hashKeyRange, endProbe, probeInterval);
    }

    @Override
    public void open(ConsumerSettings settings, SequencePosition checkpoint, boolean fromStart) {
        unpacker = new RecordUnpacker(shardId, deaggregate, hashKeyRange, checkpoint);
        machine = new SubscriptionMachine(SubscriptionMachine.startingPosition(
                ShardReader.startRequest(settings.stream(), shardId, checkpoint, fromStart, settings)));
        subscribe();
    }

    @Override
    public Deque<ShardRecord> fetched() {
        return fetched;
    }

    @Override
    public boolean wantsPoll() {
        return fetched.isEmpty() && !waiting && !closed && (machine.state() == SubscriptionMachine.State.IDLE
                                                            || machine.state() == SubscriptionMachine.State.STREAMING);
    }

    /** One more event on the open subscription, or a new subscription (no sooner than the machine allows). */
    @Override
    public void poll() {
        if (machine.state() == SubscriptionMachine.State.STREAMING) {
            if (machine.request()) {
                waiting = true;
                subscription.request(1);
            }
        } else {
            subscribe();
        }
    }

    @Override
    public boolean atShardEnd() {
        return fetched.isEmpty() && closed;
    }

    @Override
    public SequencePosition lastFetched() {
        return lastFetched;
    }

    @Override
    public long millisBehindLatest() {
        return millisBehindLatest;
    }

    /** The lane stops reading: drops what was not handed out and cancels the subscription (it frees the shard). */
    @Override
    public void clear() {
        fetched.clear();
        if (attempt != null) {
            attempt.abandoned = true;
        }
        if (machine != null && machine.cancel() && subscription != null) {
            subscription.cancel();
        }
        subscription = null;
        show();
    }

    // ---------------------------------------------------------------- subscribing (on the lane)

    private void subscribe() {
        long delay = machine.subscribeDelay(System.nanoTime());
        waiting = true;
        if (delay > 0) {
            loop.schedule(delay, () -> lane.on(this::subscribeNow));
        } else {
            subscribeNow();
        }
    }

    private void subscribeNow() {
        if (machine.state() != SubscriptionMachine.State.IDLE) {
            return; // cancelled meanwhile
        }
        int id = machine.subscribe(System.nanoTime(), Instant.now());
        SubscribeToShardRequest request = SubscribeToShardRequest.builder().consumerARN(consumerArn).shardId(shardId)
                .startingPosition(machine.position()).build();
        show();
        attempt = new Attempt(id);
        subscriptions.subscribe(request, attempt);
    }

    /**
     * One subscription's callbacks, posted to the lane. Once the lane stopped reading ({@link #clear}) a stream that
     * opens only then is cancelled right here: the lane's pool may already be gone, and a stream left open keeps the
     * shard busy for its next owner.
     */
    private final class Attempt implements ShardSubscriptions.Listener {
        private final int id;
        private volatile boolean abandoned; // set by the lane, read by the HTTP client's thread

        Attempt(int id) {
            this.id = id;
        }

        @Override
        public void opened(Subscription s) {
            if (abandoned) {
                s.cancel();
            } else {
                lane.on(() -> FanOutReading.this.opened(id, s));
            }
        }

        @Override
        public void event(SubscribeToShardEvent event) {
            lane.on(() -> FanOutReading.this.event(id, event));
        }

        @Override
        public void unknownEvent(SubscribeToShardEventStream event) {
            lane.on(() -> FanOutReading.this.unknownEvent(id, event));
        }

        @Override
        public void ended(Throwable error) {
            lane.on(() -> FanOutReading.this.ended(id, error));
        }
    }

    private void opened(int id, Subscription s) {
        if (!machine.opened(id)) {
            s.cancel(); // cancelled or replaced before it opened
            return;
        }
        subscription = s;
        waiting = false;
        health.succeeded();
        show();
        if (lane.isStarting()) {
            lane.startedReading(); // the lane's next advance requests the first event
        }
    }

    private void event(int id, SubscribeToShardEvent event) {
        if (!machine.event(id, event.continuationSequenceNumber())) {
            return; // a cancelled or earlier subscription's
        }
        waiting = false;
        long behind = event.millisBehindLatest() == null ? 0 : event.millisBehindLatest();
        health.polled(behind);
        millisBehindLatest = behind;
        for (Record record : event.records()) {
            unpacked.clear();
            SequencePosition reached = unpacker.unpackInto(record, unpacked);
            for (ShardRecord r : unpacked) {
                if (r.position().isAfter(lastFetched)) {
                    fetched.add(r);
                }
            }
            if (reached != null && reached.isAfter(lastFetched)) {
                lastFetched = reached;
            }
        }
        if (machine.state() == SubscriptionMachine.State.ENDED) {
            ended("no continuation sequence number; its children: "
                  + event.childShards().stream().map(c -> c.shardId()).toList());
        } else if (event.records().isEmpty() && behind == 0) {
            probeEnd();
        }
        show();
    }

    /** Nothing to read in it; the lane's next advance asks for the next event, as after an empty one. */
    private void unknownEvent(int id, SubscribeToShardEventStream event) {
        if (machine.unknownEvent(id)) {
            waiting = false;
            ShardLane.LOG.debug("Shard {} of {}: skipped an event of a type this SDK does not know ({})", shardId,
                    stream, event.sdkEventType());
        }
    }

    private void ended(String how) {
        closed = true;
        ShardLane.LOG.info("Shard {} of {} ended ({})", shardId, stream, how);
        if (subscription != null) {
            subscription.cancel();
            subscription = null;
        }
    }

    /** Caught up: now and then, GetRecords after the continuation tells whether the shard closed meanwhile. */
    private void probeEnd() {
        String after = machine.continuation();
        long now = System.nanoTime();
        if (probing || after == null || now - lastProbeNanos < probeIntervalNanos) {
            return;
        }
        probing = true;
        lastProbeNanos = now;
        endProbe.endedAfter(after).whenComplete((endedThere, error) -> lane.on(() -> {
            probing = false;
            if (error != null) {
                ShardLane.LOG.debug("Shard {} of {}: probing its end failed: {}", shardId, stream, unwrap(error));
            } else if (endedThere && !closed && after.equals(machine.continuation())
                       && machine.state() != SubscriptionMachine.State.CANCELLED) {
                machine.shardEnded();
                ended("GetRecords finds no record after " + after + " and no next iterator, the subscription said"
                      + " nothing");
                show();
            }
        }));
    }

    private void ended(int id, Throwable error) {
        if (!machine.isCurrent(id)) {
            return; // cancelled, replaced, or the shard ended
        }
        // an error counts as a failure while subscribing or while an event is awaited; a stream that broke while
        // the lane asked for nothing (the window full) is only resumed once records are wanted again
        boolean failure = error != null && (machine.state() == SubscriptionMachine.State.SUBSCRIBING
                                            || machine.requested());
        long backoffMillis = failure ? health.failed(error) : 0;
        machine.ended(id, System.nanoTime(), TimeUnit.MILLISECONDS.toNanos(backoffMillis));
        subscription = null;
        waiting = false;
        if (failure) {
            ShardLane.LOG.warn("Shard {} of {}: subscription failed (failure {} in a row), subscribing again in {} ms"
                               + " after {}: {}",
                    shardId, stream, health.failuresInARow(), backoffMillis, ShardLane.describe(lastFetched),
                    unwrap(error).toString());
        } else {
            ShardLane.LOG.debug("Shard {} of {}: subscription ended ({}); subscribing again when records are wanted",
                    shardId, stream, error == null ? "normally" : unwrap(error).toString());
        }
        show();
        if (lane.isStarting()) {
            subscribe(); // not reading yet: the lane does not poll, so retry here
        }
    }

    private void show() {
        health.subscription(machine == null ? null : machine.state().name());
    }
}
