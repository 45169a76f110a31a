package io.kinesisbatch.camel.consumer;

import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BiFunction;
import java.util.stream.Collectors;

import io.kinesisbatch.camel.KinesisBatchException;
import io.kinesisbatch.camel.aws.AsyncFailures;
import io.kinesisbatch.camel.checkpoint.CheckpointStore;
import io.kinesisbatch.camel.checkpoint.ShardClaim;
import io.kinesisbatch.camel.lease.LeaseCoordinator;
import io.kinesisbatch.camel.lease.LeaseHolder;
import io.kinesisbatch.camel.lease.LeaseTable;
import io.kinesisbatch.camel.lease.ShardNode;
import io.kinesisbatch.camel.shardmap.HashKeyRange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.kinesis.KinesisAsyncClient;

/**
 * Runs one {@link ShardLane} per shard whose lease this consumer holds. The lanes share one small pool (they never
 * block: every call they make is asynchronous, and they never run route code); their exchanges go to the route on a
 * second pool, which grows and shrinks with the number of lanes ({@link ConsumerPools}). Which shards those are is
 * decided by the {@link LeaseCoordinator} (claims, steals, resharding order) on its own thread, from the stream's
 * {@link StreamShards}; each lane renews its own lease. A lane that reached SHARD_END asks for a rebalance at once, so
 * the children start without waiting; a lane that no longer holds its shard leaves the registry (and so the health
 * details and JMX). The registry of lanes is the only state here; each lane's state is its own.
 */
public final class ShardSupervisor implements LeaseHolder, ShardLane.Owner {

    private static final Logger LOG = LoggerFactory.getLogger(ShardSupervisor.class);
    private static final Duration START_TIMEOUT = Duration.ofMinutes(1);
    /** Enhanced fan-out: how often a caught-up subscription checks, by GetRecords, whether its shard closed. */
    static final Duration END_PROBE_INTERVAL = Duration.ofSeconds(30);

    private final KinesisAsyncClient kinesis;
    private final StreamShards streamShards;
    private final ConsumerPools pools = new ConsumerPools();
    private final LaneStores stores;
    private final ConsumerSettings settings;
    private final RecordSink sink;
    /** Null when polling; closed by {@link #finish}, so no subscription outlives the consumer. */
    private final LiveSubscriptions subscriptions;
    private final String consumerArn;
    private final Map<String, ShardLane> lanes = new ConcurrentHashMap<>();
    private final LeaseCoordinator coordinator;
    private volatile boolean suspended;
    private volatile boolean stopping;

    ShardSupervisor(KinesisAsyncClient kinesis, LaneStores stores, ConsumerSettings settings, RecordSink sink) {
        this(kinesis, stores, settings, sink, null, null);
    }

    /**
     * @param subscriptions null to poll (GetRecords); else enhanced fan-out: each lane subscribes with
     *                      {@code consumerArn}
     */
    ShardSupervisor(KinesisAsyncClient kinesis, LaneStores stores, ConsumerSettings settings, RecordSink sink,
                    ShardSubscriptions subscriptions, String consumerArn) {
        this.subscriptions = subscriptions == null ? null : new LiveSubscriptions(subscriptions);
        this.consumerArn = consumerArn;
        this.kinesis = kinesis;
        this.streamShards = new StreamShards(kinesis, settings.stream());
        this.stores = stores;
        this.settings = settings;
        this.sink = sink;
        this.coordinator = new LeaseCoordinator(settings.stream().id(), settings.workerId(), settings.shardIds(),
                settings.leaseDuration(), streamShards, stores.leases(), this, System::nanoTime);
    }

    public ShardSupervisor(KinesisAsyncClient kinesis, CheckpointStore checkpoints, LeaseTable leases,
                           ConsumerSettings settings, RecordSink sink) {
        this(kinesis, new LaneStores(checkpoints, leases), settings, sink);
    }

    /** Reads with enhanced fan-out: SubscribeToShard on {@code fanOutClient} (HTTP/2) with {@code consumerArn}. */
    public ShardSupervisor(KinesisAsyncClient kinesis, CheckpointStore checkpoints, LeaseTable leases,
                           ConsumerSettings settings, RecordSink sink, KinesisAsyncClient fanOutClient,
                           String consumerArn) {
        this(kinesis, new LaneStores(checkpoints, leases), settings, sink, ShardSubscriptions.kinesis(fanOutClient),
                consumerArn);
    }

    /**
     * Lists the shards, creates the executors (from {@code executors}: a name suffix and a thread count) and runs the
     * first rebalance. Blocks; a missing stream or an unknown shard in {@code shardIds} fails here, at route start-up.
     */
    public void start(BiFunction<String, Integer, ScheduledExecutorService> executors) throws Exception {
        List<ShardNode> shards = streamShards.listShards().get(START_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        if (settings.shardIds() != null) {
            Set<String> listed = shards.stream().map(ShardNode::shardId).collect(Collectors.toSet());
            List<String> unknown = settings.shardIds().stream().filter(id -> !listed.contains(id)).toList();
            if (!unknown.isEmpty()) {
                throw new KinesisBatchException(
                        "shardIds names shards that stream " + settings.stream() + " does not have: " + unknown);
            }
        }
        pools.open(executors);
        coordinator.tick().get(START_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        coordinator.schedule(pools.leases(), settings.rebalanceInterval());
    }

    // ---------------------------------------------------------------- LeaseHolder (the coordinator's thread)

    @Override
    public Set<String> heldShards() {
        return lanes.values().stream().filter(ShardLane::holdsLease).map(ShardLane::shardId)
                .collect(Collectors.toSet());
    }

    @Override
    public void acquired(ShardClaim claim, boolean fromStart) {
        if (stopping || suspended) {
            stores.leases().release(claim); // taken while stopping: give it back at once
            return;
        }
        ShardLane lane = new ShardLane(claim, fromStart, settings, readerOf(claim.shardId()), stores,
                sink, pools.lanes(), pools.route(), this);
        ShardLane previous = lanes.put(claim.shardId(), lane);
        if (previous != null) {
            previous.lose(); // an earlier lease of the same shard: it must not write any more
        }
        pools.resize(lanes.size());
        sink.shardStarted(lane);
        LOG.info("Took the lease of shard {} of {} (lease counter {})", claim.shardId(), settings.stream(),
                claim.leaseCounter());
        lane.start();
        // the claim was on its way while suspend() or finish() went over the lanes: they set their flag first and then
        // looked at the map; this put came first or this check sees the flag (a lane stopped before its start event
        // never reads: ShardLaneTest.aLaneStoppedBeforeItsStartNeverReadsAndGivesItsLeaseBack)
        if (stopping) {
            lane.stop();
        } else if (suspended) {
            lane.suspend();
        }
    }

    /** The shard's reader: GetRecords, or a subscription with enhanced fan-out. */
    private LaneReader.Factory readerOf(String shardId) {
        HashKeyRange range = streamShards.hashKeyRange(shardId);
        if (subscriptions != null) {
            return FanOutReading.factory(subscriptions, consumerArn, range,
                    ShardEndProbe.kinesis(kinesis, settings.stream(), shardId), END_PROBE_INTERVAL);
        }
        ShardReader reader = new ShardReader(kinesis, settings.stream(), shardId, settings.maxResultsPerRequest(),
                range);
        return (lane, loop, health, s) -> new LaneReading(lane, reader, loop, health, s);
    }

    @Override
    public void lost(String shardId) {
        ShardLane lane = lanes.get(shardId);
        if (lane != null) {
            lane.lose();
        }
    }

    // ---------------------------------------------------------------- ShardLane.Owner (on a lane)

    @Override
    public void ended(ShardLane lane) {
        coordinator.requestTick(); // does nothing while paused or stopped
    }

    @Override
    public void gone(ShardLane lane) {
        // a lane replaced by a newer lease of its shard (acquired) is no longer in the map, but is gone all the same
        sink.shardGone(lane, lane.handedOver());
        if (lanes.remove(lane.shardId(), lane)) {
            pools.resize(lanes.size());
        }
    }

    // ---------------------------------------------------------------- suspend, resume, stop

    /**
     * Stops rebalancing, fetching and handing out; exchanges in the route go on, leases are kept and renewed. The
     * first step of a graceful stop too.
     */
    public void suspend() {
        suspended = true;
        coordinator.pause();
        lanes.values().forEach(ShardLane::suspend);
    }

    /** Goes on from where {@link #suspend} stopped: same leases, same windows, nothing read twice. */
    public void resume() {
        suspended = false;
        lanes.values().forEach(ShardLane::resume);
        coordinator.resume();
        coordinator.requestTick();
    }

    /** Waits up to {@code timeout} for the exchanges in the route to complete; true when all did. */
    public boolean awaitIdle(Duration timeout) throws InterruptedException {
        CompletableFuture<?>[] idle = lanes.values().stream().map(ShardLane::idle).toArray(CompletableFuture[]::new);
        try {
            CompletableFuture.allOf(idle).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (TimeoutException | ExecutionException e) {
            return false;
        }
    }

    /**
     * Stops rebalancing for good, writes final checkpoints and releases the leases; waits up to {@code timeout}. A
     * rebalance still running is waited for first, so a lane it started meanwhile (and stopped at once, see
     * {@link #acquired}) is among those waited for, and a lease it took after the stop is released by then. With
     * enhanced fan-out, every subscription still open is cancelled before it returns, and any that opens later is
     * cancelled as it opens, even when the wait gave up on its lane.
     */
    public void finish(Duration timeout) {
        stopping = true;
        long deadline = System.nanoTime() + timeout.toNanos();
        try {
            coordinator.stop().get(timeout.toMillis() / 2, TimeUnit.MILLISECONDS);
        } catch (TimeoutException | ExecutionException e) {
            LOG.warn("A rebalance of {} was still running at the stop; stopping the shards read so far",
                    settings.stream());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // the lanes are still stopped; the wait below then gives up at once
        }
        try {
            CompletableFuture<?>[] finishing = lanes.values().stream().map(ShardLane::stop)
                    .toArray(CompletableFuture[]::new);
            CompletableFuture.allOf(finishing).get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // Camel's shutdown thread must still see it
            LOG.warn("Final checkpoints of {} not all written: interrupted while waiting for them", settings.stream());
        } catch (Exception e) {
            LOG.warn("Final checkpoints of {} not all written: {}", settings.stream(),
                    AsyncFailures.unwrap(e).toString());
        } finally {
            if (subscriptions != null) {
                // the lanes that stopped cancelled theirs; one whose stop was given up (or whose pool is gone) may
                // still hold a subscription, or get one that opens only now: never leave it holding the shard
                subscriptions.close();
            }
        }
    }

    /** The executors the lanes, the route calls and the lease coordinator run on (empty before {@link #start}). */
    public List<ScheduledExecutorService> executors() {
        return pools.all();
    }

    /** The shards this consumer holds now (finished, lost and handed-over shards have left). */
    public List<ShardSnapshot> snapshots() {
        return lanes.values().stream().map(ShardLane::snapshot)
                .sorted(Comparator.comparing(ShardSnapshot::shardId)).toList();
    }
}
