package io.kinesisbatch.camel.consumer;

import io.kinesisbatch.camel.aws.AsyncFailures;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BiFunction;
import java.util.stream.Collectors;

import io.kinesisbatch.camel.KinesisBatchException;
import io.kinesisbatch.camel.checkpoint.CheckpointStore;
import io.kinesisbatch.camel.checkpoint.ShardClaim;
import io.kinesisbatch.camel.lease.LeaseCoordinator;
import io.kinesisbatch.camel.lease.LeaseHolder;
import io.kinesisbatch.camel.lease.ShardNode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.kinesis.KinesisAsyncClient;
import software.amazon.awssdk.services.kinesis.model.ListShardsRequest;
import software.amazon.awssdk.services.kinesis.model.ListShardsResponse;

/**
 * Runs one {@link ShardWorker} per shard whose lease this consumer holds. Which shards those are is decided by the
 * {@link LeaseCoordinator} (claims, steals, resharding order), which also renews the leases on its own thread; a
 * shard reaching SHARD_END asks it for a rebalance at once, so the children start without waiting.
 */
public final class ShardSupervisor implements LeaseHolder {

    private static final Logger LOG = LoggerFactory.getLogger(ShardSupervisor.class);
    private static final Duration START_TIMEOUT = Duration.ofMinutes(1);
    private static final int MAX_THREADS = 64;

    private final KinesisAsyncClient kinesis;
    private final CheckpointStore store;
    private final ConsumerSettings settings;
    private final RecordSink sink;
    private final Map<String, ShardWorker> workers = new ConcurrentHashMap<>();
    private final LeaseCoordinator coordinator;
    private volatile ScheduledExecutorService executor;
    private volatile ScheduledExecutorService leaseExecutor;
    private volatile boolean stopping;

    public ShardSupervisor(KinesisAsyncClient kinesis, CheckpointStore store, ConsumerSettings settings, RecordSink sink) {
        this.kinesis = kinesis;
        this.store = store;
        this.settings = settings;
        this.sink = sink;
        this.coordinator = new LeaseCoordinator(settings.stream().id(), settings.workerId(), settings.shardIds(),
                settings.leaseDuration(), this::listShards, store, this, System::nanoTime);
    }

    /**
     * Lists the shards, creates the executors (from {@code executors}: a name suffix and a thread count) and runs the
     * first rebalance. Blocks; a missing stream or an unknown shard in {@code shardIds} fails here, at route start-up.
     */
    public void start(BiFunction<String, Integer, ScheduledExecutorService> executors) throws Exception {
        List<ShardNode> shards = listShards().get(START_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        if (settings.shardIds() != null) {
            Set<String> listed = shards.stream().map(ShardNode::shardId).collect(Collectors.toSet());
            List<String> unknown = settings.shardIds().stream().filter(id -> !listed.contains(id)).toList();
            if (!unknown.isEmpty()) {
                throw new KinesisBatchException(
                        "shardIds names shards that stream " + settings.stream() + " does not have: " + unknown);
            }
        }
        long readable = settings.shardIds() != null ? settings.shardIds().size() : shards.size();
        executor = executors.apply("", (int) Math.min(MAX_THREADS, Math.max(2, readable + 1)));
        leaseExecutor = executors.apply("-leases", 1);
        coordinator.tick().get(START_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        coordinator.schedule(leaseExecutor, settings.rebalanceInterval(), settings.leaseDuration());
    }

    // ---------------------------------------------------------------- LeaseHolder

    @Override
    public Set<String> heldShards() {
        return workers.values().stream().filter(ShardWorker::holdsLease).map(ShardWorker::shardId)
                .collect(Collectors.toSet());
    }

    @Override
    public void acquired(ShardClaim claim, boolean fromStart) {
        synchronized (this) {
            if (!stopping) {
                ShardWorker worker = new ShardWorker(claim, fromStart, settings,
                        new ShardReader(kinesis, settings.stream(), claim.shardId(), settings.maxResultsPerRequest()),
                        store, sink, executor, this::onShardEnd);
                ShardWorker previous = workers.put(claim.shardId(), worker);
                if (previous != null) {
                    previous.lose(); // an earlier lease of the same shard: it must not write any more
                }
                LOG.info("Took the lease of shard {} of {} (lease counter {})", claim.shardId(), settings.stream(),
                        claim.leaseCounter());
                worker.start();
                return;
            }
        }
        store.release(claim); // taken while stopping: give it back at once
    }

    @Override
    public CompletableFuture<Boolean> renew(String shardId) {
        ShardWorker worker = workers.get(shardId);
        return worker == null || !worker.holdsLease() ? CompletableFuture.completedFuture(true) : worker.renewLease();
    }

    @Override
    public void lost(String shardId) {
        ShardWorker worker = workers.get(shardId);
        if (worker != null && !worker.isLost()) {
            LOG.warn("Shard {} of {} now belongs to another worker: stopped reading it", shardId, settings.stream());
            worker.lose();
        }
    }

    private void onShardEnd(String shardId) {
        if (!stopping) {
            coordinator.requestTick();
        }
    }

    // ---------------------------------------------------------------- listing

    /** Every shard of the stream, following ListShards pages. */
    CompletableFuture<List<ShardNode>> listShards() {
        List<ShardNode> shards = new ArrayList<>();
        ListShardsRequest first = ListShardsRequest.builder()
                .streamName(settings.stream().name()).streamARN(settings.stream().arn()).build();
        return listPage(first, shards).thenApply(done -> shards);
    }

    private CompletableFuture<Void> listPage(ListShardsRequest request, List<ShardNode> into) {
        return kinesis.listShards(request).thenCompose((ListShardsResponse page) -> {
            page.shards().forEach(s -> into.add(ShardNode.of(s.shardId(), s.parentShardId(), s.adjacentParentShardId(),
                    s.sequenceNumberRange() != null && s.sequenceNumberRange().endingSequenceNumber() != null)));
            if (page.nextToken() == null) {
                return CompletableFuture.completedFuture(null);
            }
            return listPage(ListShardsRequest.builder().nextToken(page.nextToken()).build(), into);
        });
    }

    // ---------------------------------------------------------------- stopping

    /** Stops rebalancing and reading every shard; exchanges in the routes go on, leases are still renewed. */
    public void stopReading() {
        synchronized (this) {
            stopping = true;
        }
        workers.values().forEach(ShardWorker::stopReading);
    }

    /** Waits up to {@code timeout} for the exchanges in the route to complete; true when all did. */
    public boolean awaitIdle(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        boolean idle = true;
        for (ShardWorker worker : workers.values()) {
            idle &= worker.awaitIdle(deadline);
        }
        return idle;
    }

    /** Writes final checkpoints and releases the leases; waits up to {@code timeout}. */
    public void finish(Duration timeout) {
        stopReading();
        coordinator.stop();
        CompletableFuture<?>[] finishing = workers.values().stream().map(ShardWorker::finish)
                .toArray(CompletableFuture[]::new);
        try {
            CompletableFuture.allOf(finishing).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            LOG.warn("Final checkpoints of {} not all written: {}", settings.stream(), AsyncFailures.unwrap(e).toString());
        }
    }

    /** The executors the workers and the leases run on (empty before {@link #start}). */
    public List<ScheduledExecutorService> executors() {
        List<ScheduledExecutorService> all = new ArrayList<>();
        if (executor != null) {
            all.add(executor);
        }
        if (leaseExecutor != null) {
            all.add(leaseExecutor);
        }
        return all;
    }

    public List<ShardSnapshot> snapshots() {
        // shards lost or handed over belong to another consumer now: not reported here
        return workers.values().stream().filter(w -> !w.isLost() && !w.isHandedOver()).map(ShardWorker::snapshot)
                .sorted(Comparator.comparing(ShardSnapshot::shardId)).toList();
    }
}
