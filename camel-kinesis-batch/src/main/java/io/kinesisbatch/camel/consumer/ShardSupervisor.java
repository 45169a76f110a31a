package io.kinesisbatch.camel.consumer;

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
import java.util.function.IntFunction;
import java.util.stream.Collectors;

import io.kinesisbatch.camel.KinesisBatchException;
import io.kinesisbatch.camel.checkpoint.CheckpointStore;
import io.kinesisbatch.camel.checkpoint.ShardCheckpoint;
import io.kinesisbatch.camel.consumer.ShardReadiness.ReadyShard;
import io.kinesisbatch.camel.consumer.ShardReadiness.ShardInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.kinesis.KinesisAsyncClient;
import software.amazon.awssdk.services.kinesis.model.ListShardsRequest;
import software.amazon.awssdk.services.kinesis.model.ListShardsResponse;

/**
 * Runs one {@link ShardWorker} per shard this consumer may read now ({@link ShardReadiness}), and looks again
 * whenever a shard reaches SHARD_END so its children start. Without leases (issue 5) one consumer reads every shard.
 */
public final class ShardSupervisor {

    private static final Logger LOG = LoggerFactory.getLogger(ShardSupervisor.class);
    private static final Duration START_TIMEOUT = Duration.ofMinutes(1);
    private static final int MAX_THREADS = 64;

    private final KinesisAsyncClient kinesis;
    private final CheckpointStore store;
    private final ConsumerSettings settings;
    private final RecordSink sink;
    private final Map<String, ShardWorker> workers = new ConcurrentHashMap<>();
    private volatile ScheduledExecutorService executor;
    private volatile boolean stopping;

    public ShardSupervisor(KinesisAsyncClient kinesis, CheckpointStore store, ConsumerSettings settings, RecordSink sink) {
        this.kinesis = kinesis;
        this.store = store;
        this.settings = settings;
        this.sink = sink;
    }

    /**
     * Lists the shards, then creates the executor (one thread per readable shard plus one, at most 64) and starts the
     * workers. Blocks; a missing stream fails here, at route start-up.
     */
    public void start(IntFunction<ScheduledExecutorService> executorFactory) throws Exception {
        List<ShardInfo> shards = listShards().get(START_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        long open = shards.stream().filter(s -> settings.shardIds() == null || settings.shardIds().contains(s.shardId()))
                .count();
        if (settings.shardIds() != null && open < settings.shardIds().size()) {
            Set<String> listed = shards.stream().map(ShardInfo::shardId).collect(Collectors.toSet());
            throw new KinesisBatchException("shardIds names shards that stream " + settings.stream() + " does not have: "
                                            + settings.shardIds().stream().filter(id -> !listed.contains(id)).toList());
        }
        executor = executorFactory.apply((int) Math.min(MAX_THREADS, Math.max(2, open + 1)));
        startReady(shards).get(START_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    }

    private CompletableFuture<Void> discover() {
        return listShards().thenCompose(this::startReady);
    }

    private CompletableFuture<Void> startReady(List<ShardInfo> shards) {
        return store.list(settings.stream().id()).toCompletableFuture().thenAccept(rows -> {
            Set<String> finished = rows.stream().filter(ShardCheckpoint::shardEnd).map(ShardCheckpoint::shardId)
                    .collect(Collectors.toSet());
            Set<String> withRow = rows.stream().map(ShardCheckpoint::shardId).collect(Collectors.toSet());
            synchronized (this) {
                if (stopping) {
                    return;
                }
                for (ReadyShard ready : ShardReadiness.readyShards(shards, finished, withRow, workers.keySet(),
                        settings.shardIds())) {
                    ShardWorker worker = new ShardWorker(ready.shardId(), ready.fromStart(), settings,
                            new ShardReader(kinesis, settings.stream(), ready.shardId(), settings.maxResultsPerRequest()),
                            store, sink, executor, this::onShardEnd);
                    workers.put(ready.shardId(), worker);
                    worker.start();
                }
            }
        });
    }

    private void onShardEnd(String shardId) {
        if (!stopping) {
            discover().whenComplete((started, error) -> {
                if (error != null && !stopping) {
                    LOG.warn("Looking for the children of shard {} failed, trying again in 5 s: {}", shardId,
                            ShardWorker.unwrap(error).toString());
                    executor.schedule(() -> onShardEnd(shardId), 5, TimeUnit.SECONDS);
                }
            });
        }
    }

    /** Every shard of the stream, following ListShards pages. */
    CompletableFuture<List<ShardInfo>> listShards() {
        List<ShardInfo> shards = new ArrayList<>();
        ListShardsRequest first = ListShardsRequest.builder()
                .streamName(settings.stream().name()).streamARN(settings.stream().arn()).build();
        return listPage(first, shards).thenApply(done -> shards);
    }

    private CompletableFuture<Void> listPage(ListShardsRequest request, List<ShardInfo> into) {
        return kinesis.listShards(request).thenCompose((ListShardsResponse page) -> {
            page.shards().forEach(s -> into.add(new ShardInfo(s.shardId(), s.parentShardId(), s.adjacentParentShardId())));
            if (page.nextToken() == null) {
                return CompletableFuture.completedFuture(null);
            }
            return listPage(ListShardsRequest.builder().nextToken(page.nextToken()).build(), into);
        });
    }

    /** Stops reading every shard; exchanges in the routes go on. */
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

    /** Writes final checkpoints and releases the shards; waits up to {@code timeout}. */
    public void finish(Duration timeout) {
        stopReading();
        CompletableFuture<?>[] finishing = workers.values().stream().map(ShardWorker::finish)
                .toArray(CompletableFuture[]::new);
        try {
            CompletableFuture.allOf(finishing).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            LOG.warn("Final checkpoints of {} not all written: {}", settings.stream(), ShardWorker.unwrap(e).toString());
        }
    }

    /** The executor the workers run on (null before {@link #start}). */
    public ScheduledExecutorService executor() {
        return executor;
    }

    public List<ShardSnapshot> snapshots() {
        return workers.values().stream().map(ShardWorker::snapshot)
                .sorted(Comparator.comparing(ShardSnapshot::shardId)).toList();
    }
}
