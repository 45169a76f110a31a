package io.kinesisbatch.camel.consumer;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

import io.kinesisbatch.camel.KinesisBatchConfiguration;
import io.kinesisbatch.camel.checkpoint.InMemoryCheckpointStore;
import io.kinesisbatch.camel.checkpoint.SequencePosition;
import io.kinesisbatch.camel.checkpoint.ShardCheckpoint;
import io.kinesisbatch.camel.checkpoint.ShardClaim;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kinesis.KinesisAsyncClient;
import software.amazon.awssdk.services.kinesis.model.GetRecordsRequest;
import software.amazon.awssdk.services.kinesis.model.GetRecordsResponse;
import software.amazon.awssdk.services.kinesis.model.GetShardIteratorRequest;
import software.amazon.awssdk.services.kinesis.model.GetShardIteratorResponse;
import software.amazon.awssdk.services.kinesis.model.Record;

import static org.assertj.core.api.Assertions.assertThat;

/** One shard worker against a scripted Kinesis client, the in-memory store and a sink the test controls. */
class ShardWorkerTest {

    private static final String STREAM = "orders";
    private static final String SHARD = "shardId-000000000000";

    private final ScheduledExecutorService executor = Executors.newScheduledThreadPool(2);
    private final GatedStore store = new GatedStore();

    /** The in-memory store, whose checkpoint writes can be held back to see what the worker does meanwhile. */
    static final class GatedStore extends InMemoryCheckpointStore {
        final List<SequencePosition> checkpointWrites = new CopyOnWriteArrayList<>();
        volatile CompletableFuture<Void> gate = CompletableFuture.completedFuture(null);

        @Override
        public CompletionStage<Boolean> checkpoint(ShardClaim claim, SequencePosition position) {
            checkpointWrites.add(position);
            return gate.thenCompose(open -> super.checkpoint(claim, position));
        }
    }

    @AfterEach
    void shutdown() {
        executor.shutdownNow();
    }

    /** Answers GetRecords from a script: each call takes the next page; an empty script means caught up. */
    static final class ScriptedKinesis implements KinesisAsyncClient {
        final Queue<List<Record>> pages = new ConcurrentLinkedQueue<>();
        final List<Long> callNanos = new CopyOnWriteArrayList<>();
        volatile boolean closeAfterScript;

        @Override
        public CompletableFuture<GetShardIteratorResponse> getShardIterator(GetShardIteratorRequest request) {
            return CompletableFuture.completedFuture(GetShardIteratorResponse.builder().shardIterator("it").build());
        }

        @Override
        public CompletableFuture<GetRecordsResponse> getRecords(GetRecordsRequest request) {
            callNanos.add(System.nanoTime());
            List<Record> page = pages.poll();
            boolean end = page == null && closeAfterScript;
            return CompletableFuture.completedFuture(GetRecordsResponse.builder()
                    .records(page == null ? List.of() : page)
                    .millisBehindLatest(page == null ? 0L : 1000L)
                    .nextShardIterator(end ? null : "it")
                    .build());
        }

        @Override
        public String serviceName() {
            return "kinesis";
        }

        @Override
        public void close() {
        }
    }

    private static List<Record> records(int from, int count) {
        List<Record> page = new ArrayList<>();
        for (int i = from; i < from + count; i++) {
            page.add(Record.builder().sequenceNumber(Integer.toString(1000 + i)).partitionKey("k" + i)
                    .data(SdkBytes.fromUtf8String("r" + i)).approximateArrivalTimestamp(Instant.now()).build());
        }
        return page;
    }

    private ShardWorker worker(ScriptedKinesis kinesis, RecordSink sink, Consumer<String> onShardEnd, String options) {
        KinesisBatchConfiguration c = new KinesisBatchConfiguration();
        c.setStreamName(STREAM);
        c.setWorkerId("w1");
        c.setPollDelay(0);
        c.setCheckpointInterval(options.contains("noTimer") ? 3_600_000 : 50);
        if (options.contains("limit=4")) {
            c.setCheckpointLimit(4);
        }
        ConsumerSettings settings = ConsumerSettings.from(c);
        ShardClaim claim = store.takeover(STREAM, SHARD, "w1", null, 0).toCompletableFuture().join().orElseThrow();
        return new ShardWorker(claim, false, settings, new ShardReader(kinesis, settings.stream(), SHARD, 100), store,
                sink, executor, onShardEnd);
    }

    private static void await(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("condition not met in time").isLessThan(deadline);
            Thread.sleep(10);
        }
    }

    @Test
    void getRecordsCallsOfOneShardAreAtLeast200MsApartEvenWithoutPollDelay() throws Exception {
        ScriptedKinesis kinesis = new ScriptedKinesis();
        ShardWorker worker = worker(kinesis, (shard, recs, behind, attempt, done) -> done.accept(true), s -> { }, "");
        worker.start();
        Thread.sleep(1300);
        worker.stopReading();

        List<Long> calls = new ArrayList<>(kinesis.callNanos);
        assertThat(calls.size()).isBetween(2, 7);
        for (int i = 1; i < calls.size(); i++) {
            assertThat(calls.get(i) - calls.get(i - 1)).isGreaterThanOrEqualTo(Duration.ofMillis(199).toNanos());
        }
    }

    @Test
    void readingPausesWhileTheWindowIsFullAndTheCheckpointFollowsCompletions() throws Exception {
        ScriptedKinesis kinesis = new ScriptedKinesis();
        kinesis.pages.add(records(0, 10));
        List<Consumer<Boolean>> open = new CopyOnWriteArrayList<>();
        List<String> handedOut = new CopyOnWriteArrayList<>();
        ShardWorker worker = worker(kinesis, (shard, recs, behind, attempt, done) -> {
            handedOut.add(recs.get(0).sequenceNumber());
            open.add(done);
        }, s -> { }, "limit=4");
        worker.start();

        await(() -> handedOut.size() == 4);
        Thread.sleep(300);
        assertThat(handedOut).as("window of 4").containsExactly("1000", "1001", "1002", "1003");
        assertThat(kinesis.callNanos).as("no poll while records wait for the window").hasSize(1);

        open.get(1).accept(true); // out of order: the checkpoint cannot move yet
        Thread.sleep(200);
        assertThat(worker.snapshot().checkpoint()).isNull();
        open.get(0).accept(true);
        await(() -> "1001".equals(worker.snapshot().checkpoint()));
        await(() -> handedOut.size() == 6);
        assertThat(handedOut).containsExactly("1000", "1001", "1002", "1003", "1004", "1005");
        worker.stopReading();
    }

    @Test
    void theWindowCountsRecordsAheadOfTheCheckpointTheStoreAcknowledged() throws Exception {
        ScriptedKinesis kinesis = new ScriptedKinesis();
        kinesis.pages.add(records(0, 10));
        List<String> handedOut = new CopyOnWriteArrayList<>();
        CompletableFuture<Void> gate = new CompletableFuture<>();
        store.gate = gate; // checkpoint writes wait until the test opens the gate
        ShardWorker worker = worker(kinesis, (shard, recs, behind, attempt, done) -> {
            handedOut.add(recs.get(0).sequenceNumber());
            done.accept(true); // every exchange completes at once
        }, s -> { }, "limit=4 noTimer");
        worker.start();

        await(() -> handedOut.size() == 4);
        await(() -> !store.checkpointWrites.isEmpty());
        Thread.sleep(300);
        assertThat(handedOut).as("all 4 completed, but a crash now would repeat them: no more until written")
                .hasSize(4);
        assertThat(store.checkpointWrites).as("one early write (half the window completed), no timer involved")
                .hasSize(1);

        gate.complete(null);
        await(() -> handedOut.size() == 10);
        // early writes go on while half the window (2) or more completed unwritten; how the last 10 records split into
        // writes depends on timing, so at most 1 record may be left for the checkpoint timer (an hour here)
        await(() -> {
            SequencePosition stored = store.get(STREAM, SHARD).position();
            return stored != null && !SequencePosition.of("1008").isAfter(stored);
        });
        assertThat(store.checkpointWrites.size()).as("a write per half window or so, not per record")
                .isBetween(3, 6);
        worker.finish().join();
        assertThat(store.get(STREAM, SHARD).position()).as("the final write").isEqualTo(SequencePosition.of("1009"));
    }

    @Test
    void aFailedExchangeIsRedeliveredAndHoldsTheCheckpoint() throws Exception {
        ScriptedKinesis kinesis = new ScriptedKinesis();
        kinesis.pages.add(records(0, 3));
        AtomicInteger attemptsOfFirst = new AtomicInteger();
        ShardWorker worker = worker(kinesis, (shard, recs, behind, attempt, done) -> {
            if (recs.get(0).sequenceNumber().equals("1000") && attemptsOfFirst.incrementAndGet() == 1) {
                assertThat(attempt).isEqualTo(1);
                done.accept(false);
            } else {
                done.accept(true);
            }
        }, s -> { }, "");
        worker.start();

        Thread.sleep(500); // the redelivery comes after 1 s
        assertThat(store.get(STREAM, SHARD).position()).isNull();
        await(() -> attemptsOfFirst.get() == 2);
        await(() -> SequencePosition.of("1002").equals(store.get(STREAM, SHARD).position()));
        worker.stopReading();
    }

    @Test
    void aClosedShardIsDrainedThenMarkedShardEnd() throws Exception {
        ScriptedKinesis kinesis = new ScriptedKinesis();
        kinesis.pages.add(records(0, 5));
        kinesis.closeAfterScript = true;
        Queue<String> ended = new ConcurrentLinkedQueue<>();
        ShardWorker worker = worker(kinesis, (shard, recs, behind, attempt, done) -> done.accept(true), ended::add, "");
        worker.start();

        await(() -> !ended.isEmpty());
        ShardCheckpoint row = store.get(STREAM, SHARD);
        assertThat(row.shardEnd()).isTrue();
        assertThat(row.position()).isEqualTo(SequencePosition.of("1004"));
        assertThat(worker.snapshot().state()).isEqualTo(ShardWorker.State.STOPPED);
        assertThat(ended).containsExactly(SHARD);
    }

    @Test
    void aWorkerWhoseShardWasClaimedByAnotherStopsAndNeverWritesAgain() throws Exception {
        List<Consumer<Boolean>> open = new CopyOnWriteArrayList<>();
        ShardWorker worker = startWithTwoRecordsInTheRoute(open);

        store.takeover(STREAM, SHARD, "w2", "w1", store.get(STREAM, SHARD).leaseCounter()).toCompletableFuture().join()
                .orElseThrow();
        open.forEach(done -> done.accept(true));
        await(() -> worker.snapshot().state() == ShardWorker.State.STOPPED);
        worker.finish().join();
        assertThat(store.get(STREAM, SHARD).owner()).isEqualTo("w2");
        assertThat(store.get(STREAM, SHARD).position()).isNull();
    }

    @Test
    void aFailedRenewalStopsTheWorkerAtOnceWhileItsExchangesAreStillInTheRoute() throws Exception {
        List<Consumer<Boolean>> open = new CopyOnWriteArrayList<>();
        ShardWorker worker = startWithTwoRecordsInTheRoute(open);
        assertThat(worker.renewLease().join()).isTrue();
        long counter = store.get(STREAM, SHARD).leaseCounter();

        store.takeover(STREAM, SHARD, "w2", "w1", counter).toCompletableFuture().join().orElseThrow();
        assertThat(worker.renewLease().join()).isFalse();
        assertThat(worker.snapshot().state()).isEqualTo(ShardWorker.State.STOPPED);
        assertThat(worker.holdsLease()).isFalse();
        open.forEach(done -> done.accept(true)); // the route finishes them late: nothing is written
        worker.finish().join();
        assertThat(store.get(STREAM, SHARD).owner()).isEqualTo("w2");
        assertThat(store.get(STREAM, SHARD).position()).isNull();
    }

    @Test
    void aWorkerAskedToHandOverDrainsWritesItsFinalCheckpointAndHandsTheShardOver() throws Exception {
        List<Consumer<Boolean>> open = new CopyOnWriteArrayList<>();
        ShardWorker worker = startWithTwoRecordsInTheRoute(open);
        long counter = store.get(STREAM, SHARD).leaseCounter();

        assertThat(store.requestHandoff(STREAM, SHARD, "w2", "w1", counter).toCompletableFuture().join()).isTrue();
        assertThat(worker.renewLease().join()).isTrue();
        await(() -> worker.snapshot().state() == ShardWorker.State.SHUTTING_DOWN);
        assertThat(worker.holdsLease()).isTrue(); // renewed while it drains

        open.forEach(done -> done.accept(true));
        await(() -> worker.snapshot().state() == ShardWorker.State.STOPPED);
        ShardCheckpoint row = store.get(STREAM, SHARD);
        assertThat(row.owner()).isEqualTo("w2");
        assertThat(worker.isHandedOver()).isTrue();
        assertThat(row.position()).isEqualTo(SequencePosition.of("1001", 0));
        assertThat(open).hasSize(2); // nothing more was handed out
    }

    /** A worker whose two records are in the route; {@code open} receives their completion callbacks. */
    private ShardWorker startWithTwoRecordsInTheRoute(List<Consumer<Boolean>> open) throws InterruptedException {
        ScriptedKinesis kinesis = new ScriptedKinesis();
        kinesis.pages.add(records(0, 2));
        ShardWorker worker = worker(kinesis, (shard, recs, behind, attempt, done) -> open.add(done), s -> { }, "");
        worker.start();
        await(() -> open.size() == 2);
        return worker;
    }
}
