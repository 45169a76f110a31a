package io.kinesisbatch.camel.consumer;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import io.kinesisbatch.camel.FakeKinesis;
import io.kinesisbatch.camel.KinesisBatchConfiguration;
import io.kinesisbatch.camel.checkpoint.InMemoryCheckpointStore;
import io.kinesisbatch.camel.checkpoint.ShardClaim;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.kinesis.model.ListShardsRequest;
import software.amazon.awssdk.services.kinesis.model.ListShardsResponse;
import software.amazon.awssdk.services.kinesis.model.Shard;

import static org.assertj.core.api.Assertions.assertThat;

/** The supervisor against a one-shard stream, the in-memory store and lanes on real pools. */
class ShardSupervisorTest {

    private static final String STREAM = "orders";
    private static final String SHARD = "shardId-000000000000";

    private static final String ARN = "arn:aws:kinesis:us-east-1:000000000000:stream/orders/consumer/app:1";

    private final java.util.Map<String, ScheduledExecutorService> pools = new java.util.concurrent.ConcurrentHashMap<>();
    private final ExecutorService starter = Executors.newSingleThreadExecutor();

    @AfterEach
    void shutdown() {
        pools.values().forEach(ScheduledExecutorService::shutdownNow);
        starter.shutdownNow();
    }

    private static ConsumerSettings settings() {
        KinesisBatchConfiguration c = new KinesisBatchConfiguration();
        c.setStreamName(STREAM);
        c.setWorkerId("w1");
        return ConsumerSettings.from(c);
    }

    /** A supervisor of worker w1 on one listed shard. */
    private static ShardSupervisor supervisor(InMemoryCheckpointStore store, RecordSink sink) {
        return new ShardSupervisor(new FakeKinesis().shards(SHARD), store, store, settings(), sink);
    }

    /** The same, reading with enhanced fan-out from {@code publisher}. */
    private static ShardSupervisor fanOutSupervisor(InMemoryCheckpointStore store, RecordSink sink,
                                                    ScriptedSubscriptions publisher) {
        return new ShardSupervisor(new FakeKinesis().shards(SHARD), new LaneStores(store, store), settings(), sink,
                publisher, ARN);
    }

    /** Starts it on pools the test shuts down. */
    private void start(ShardSupervisor supervisor) throws Exception {
        supervisor.start((suffix, threads) -> {
            ScheduledExecutorService pool = Executors.newScheduledThreadPool(threads);
            pools.put(suffix, pool);
            return pool;
        });
    }

    /** A store whose takeovers answer only once {@code takeovers} completes. */
    static final class SlowTakeovers extends InMemoryCheckpointStore {
        final CompletableFuture<Void> takeovers = new CompletableFuture<>();
        volatile long answeredAt;

        @Override
        public CompletionStage<Optional<ShardClaim>> takeover(String streamId, String shardId, String owner,
                                                              String expectedOwner, long expectedCounter) {
            return takeovers.thenCompose(open -> {
                answeredAt = System.nanoTime();
                return super.takeover(streamId, shardId, owner, expectedOwner, expectedCounter);
            });
        }
    }

    /**
     * A stop while a rebalance is taking a lease: finish waits for that rebalance, so whatever it took is either a lane
     * that finish stops and waits for, or given back, by the time finish returns; never a lease left behind.
     */
    @Test
    void finishWaitsForTheRebalanceRunningAndWhatItTook() throws Exception {
        SlowTakeovers store = new SlowTakeovers();
        ShardSupervisor supervisor = supervisor(store, (shard, records, behind, attempt, done) -> done.accept(true));
        CompletableFuture<Void> started = CompletableFuture.runAsync(() -> {
            try {
                start(supervisor);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }, starter);
        Thread.sleep(300); // the first rebalance waits for its takeover

        CompletableFuture<Long> finished = CompletableFuture.supplyAsync(() -> {
            supervisor.finish(Duration.ofSeconds(10));
            return System.nanoTime();
        });
        Thread.sleep(300);
        store.takeovers.complete(null);
        long finishedAt = finished.get(10, TimeUnit.SECONDS);
        started.get(10, TimeUnit.SECONDS);

        assertThat(store.answeredAt).as("the takeover answered").isPositive();
        assertThat(finishedAt).as("finish returned after the rebalance it stopped").isGreaterThan(store.answeredAt);
        assertThat(store.get(STREAM, SHARD).owner()).as("the lease taken during the stop is given back").isNull();
        assertThat(supervisor.snapshots()).isEmpty();
    }

    /** A store whose releases never answer: the final writes of a stop are still out when the stop is interrupted. */
    static final class HangingReleases extends InMemoryCheckpointStore {
        @Override
        public CompletionStage<Void> release(ShardClaim claim) {
            return new CompletableFuture<>();
        }
    }

    /**
     * Camel interrupts its shutdown thread when the graceful timeout passes: finish gives up waiting for the final
     * writes, and the thread still carries the interrupt, so the rest of Camel's stop sees it.
     */
    @Test
    void finishInterruptedWhileWaitingForTheFinalWritesKeepsTheInterrupt() throws Exception {
        HangingReleases store = new HangingReleases();
        ShardSupervisor supervisor = supervisor(store, (shard, records, behind, attempt, done) -> done.accept(true));
        start(supervisor);
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10))
                .until(() -> !supervisor.snapshots().isEmpty());

        java.util.concurrent.atomic.AtomicBoolean interruptedAfter = new java.util.concurrent.atomic.AtomicBoolean();
        Thread stopping = new Thread(() -> {
            supervisor.finish(Duration.ofSeconds(30));
            interruptedAfter.set(Thread.currentThread().isInterrupted());
        });
        stopping.start();
        Thread.sleep(300);
        stopping.interrupt();
        stopping.join(5_000);
        assertThat(stopping.isAlive()).as("finish gave up waiting").isFalse();
        assertThat(interruptedAfter).as("the interrupt is kept for Camel's shutdown").isTrue();
    }

    /**
     * A newer lease of a shard replaces its running lane, which loses the shard: the sink hears of that lane's end
     * too (the meters count it as a lease loss), not only of lanes still in the supervisor's map.
     */
    @Test
    void aLaneReplacedByANewerLeaseIsReportedGoneAsLost() throws Exception {
        InMemoryCheckpointStore store = new InMemoryCheckpointStore();
        java.util.Queue<String> gone = new java.util.concurrent.ConcurrentLinkedQueue<>();
        RecordSink sink = new RecordSink() {
            @Override
            public void send(String shardId, List<ShardRecord> records, long behind, int attempt,
                             java.util.function.Consumer<Boolean> done) {
                done.accept(true);
            }

            @Override
            public void shardGone(ShardLane lane, boolean handedOver) {
                gone.add(lane.snapshot().state());
            }
        };
        ShardSupervisor supervisor = supervisor(store, sink);
        start(supervisor);
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10))
                .until(() -> !supervisor.snapshots().isEmpty());

        long counter = store.get(STREAM, SHARD).leaseCounter();
        ShardClaim newer = store.takeover(STREAM, SHARD, "w1", "w1", counter).toCompletableFuture().join()
                .orElseThrow();
        supervisor.acquired(newer, false);
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> !gone.isEmpty());
        assertThat(gone).containsExactly("LOST");
        supervisor.finish(Duration.ofSeconds(5));
    }

    /**
     * The stop gives up on a lane that can no longer run its events (its pool gone): a subscription of that lane that
     * opens only afterwards is cancelled the moment it opens, not left holding the shard for up to 5 minutes.
     */
    @Test
    void aSubscriptionThatOpensAfterTheStopGaveUpOnItsLaneIsCancelledAsItOpens() throws Exception {
        ScriptedSubscriptions publisher = new ScriptedSubscriptions();
        publisher.scripts.add(ScriptedSubscriptions.Script.deferred());
        ShardSupervisor supervisor = fanOutSupervisor(new InMemoryCheckpointStore(),
                (shard, records, behind, attempt, done) -> done.accept(true), publisher);
        start(supervisor);
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> publisher.requests.size() == 1);

        pools.get("").shutdownNow(); // the lanes' pool: the lane never handles its stop
        supervisor.finish(Duration.ofMillis(300));
        publisher.openDeferred();
        assertThat(publisher.last().cancelled).as("cancelled as it opened").isTrue();
        assertThat(publisher.last().requests).as("nothing asked of it").isZero();
    }

    /** The same with a subscription already streaming when the stop gives up on its lane: cancelled, once. */
    @Test
    void aSubscriptionStillOpenWhenTheStopGivesUpOnItsLaneIsCancelled() throws Exception {
        ScriptedSubscriptions publisher = new ScriptedSubscriptions();
        publisher.scripts.add(ScriptedSubscriptions.Script.open(ScriptedSubscriptions.event(0, 2, "1001")));
        java.util.concurrent.atomic.AtomicInteger read = new java.util.concurrent.atomic.AtomicInteger();
        ShardSupervisor supervisor = fanOutSupervisor(new InMemoryCheckpointStore(), (shard, records, behind, attempt,
                                                                                      done) -> {
            read.addAndGet(records.size());
            done.accept(true);
        }, publisher);
        start(supervisor);
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> read.get() == 2);

        pools.get("").shutdownNow();
        supervisor.finish(Duration.ofMillis(300));
        assertThat(publisher.last().cancels).as("cancelled once").hasValue(1);
    }

    /** A stop that goes well: the lane cancels its subscription, and only the lane (never twice). */
    @Test
    void aStoppedLaneCancelsItsSubscriptionOnce() throws Exception {
        ScriptedSubscriptions publisher = new ScriptedSubscriptions();
        publisher.scripts.add(ScriptedSubscriptions.Script.open(ScriptedSubscriptions.event(0, 2, "1001")));
        InMemoryCheckpointStore store = new InMemoryCheckpointStore();
        ShardSupervisor supervisor = fanOutSupervisor(store, (shard, records, behind, attempt, done) -> done.accept(
                true), publisher);
        start(supervisor);
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10))
                .until(() -> !publisher.opened.isEmpty() && publisher.last().requests >= 2);

        supervisor.finish(Duration.ofSeconds(5));
        assertThat(publisher.last().cancels).hasValue(1);
        assertThat(store.get(STREAM, SHARD).owner()).as("released").isNull();
    }
}
