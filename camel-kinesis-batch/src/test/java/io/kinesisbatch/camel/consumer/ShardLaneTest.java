package io.kinesisbatch.camel.consumer;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.kinesisbatch.camel.FakeKinesis;
import io.kinesisbatch.camel.KinesisBatchConfiguration;
import io.kinesisbatch.camel.checkpoint.InMemoryCheckpointStore;
import io.kinesisbatch.camel.checkpoint.SequencePosition;
import io.kinesisbatch.camel.checkpoint.ShardCheckpoint;
import io.kinesisbatch.camel.checkpoint.ShardClaim;
import io.kinesisbatch.camel.shardmap.HashKeyRange;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static io.kinesisbatch.camel.Polling.await;
import static org.assertj.core.api.Assertions.assertThat;

/** One shard lane against a scripted Kinesis client, the in-memory store and a sink the test controls. */
class ShardLaneTest {

    private static final String STREAM = "orders";
    private static final String SHARD = "shardId-000000000000";

    private final ScheduledExecutorService executor = Executors.newScheduledThreadPool(2);
    private final AtomicInteger routeThreadCount = new AtomicInteger();
    private final ScheduledExecutorService routeExecutor = Executors.newScheduledThreadPool(2,
            task -> new Thread(task, "route-" + routeThreadCount.incrementAndGet()));
    private final GatedStore store = new GatedStore();

    /** The in-memory store, whose checkpoint writes can be held back to see what the worker does meanwhile. */
    static final class GatedStore extends InMemoryCheckpointStore {
        final List<SequencePosition> checkpointWrites = new CopyOnWriteArrayList<>();
        volatile CompletableFuture<Void> gate = CompletableFuture.completedFuture(null);

        volatile CompletableFuture<Void> handOverAnswer = CompletableFuture.completedFuture(null);
        volatile boolean handOverSent;

        @Override
        public CompletionStage<Boolean> checkpoint(ShardClaim claim, SequencePosition position) {
            checkpointWrites.add(position);
            return gate.thenCompose(open -> super.checkpoint(claim, position));
        }

        /** Hands over at once; the answer waits for {@code handOverAnswer}. */
        @Override
        public CompletionStage<Boolean> handOver(ShardClaim claim, String to) {
            CompletionStage<Boolean> done = super.handOver(claim, to);
            handOverSent = true;
            return handOverAnswer.thenCompose(open -> done);
        }
    }

    @AfterEach
    void shutdown() {
        executor.shutdownNow();
        routeExecutor.shutdownNow();
    }

    /** The lane's owner: records what the lane told it. */
    static final class Owner implements ShardLane.Owner {
        final Queue<String> ended = new ConcurrentLinkedQueue<>();
        final Queue<String> gone = new ConcurrentLinkedQueue<>();
        /** Whether each gone lane said it handed its shard over (asked on the lane, as the supervisor does). */
        final Queue<Boolean> handedOver = new ConcurrentLinkedQueue<>();
        /** The state each gone lane's snapshot showed then (the meters count a LOST one as a lease loss). */
        final Queue<String> goneAs = new ConcurrentLinkedQueue<>();

        @Override
        public void ended(ShardLane lane) {
            ended.add(lane.shardId());
        }

        @Override
        public void gone(ShardLane lane) {
            handedOver.add(lane.handedOver());
            goneAs.add(lane.snapshot().state());
            gone.add(lane.shardId());
        }
    }

    private final Owner owner = new Owner();

    private ShardLane worker(FakeKinesis kinesis, RecordSink sink, String options) {
        return lane(kinesis, sink, options, store);
    }

    private ShardLane lane(FakeKinesis kinesis, RecordSink sink, String options, InMemoryCheckpointStore store) {
        return lane(kinesis, sink, options, store, executor);
    }

    private ShardLane lane(FakeKinesis kinesis, RecordSink sink, String options, InMemoryCheckpointStore store,
                           ScheduledExecutorService lanePool) {
        KinesisBatchConfiguration c = new KinesisBatchConfiguration();
        c.setStreamName(STREAM);
        c.setWorkerId("w1");
        c.setPollDelay(number(options, "poll", 0));
        c.setCheckpointInterval(options.contains("noTimer") ? 3_600_000 : number(options, "interval", 50));
        c.setCheckpointLimit((int) number(options, "limit", c.getCheckpointLimit()));
        c.setLeaseDuration(number(options, "lease", c.getLeaseDuration()));
        ConsumerSettings settings = ConsumerSettings.from(c);
        ShardClaim claim = store.takeover(STREAM, SHARD, "w1", null, 0).toCompletableFuture().join().orElseThrow();
        return new ShardLane(claim, false, settings,
                new ShardReader(kinesis, settings.stream(), SHARD, 100, HashKeyRange.ALL),
                new LaneStores(store, store), sink, lanePool, routeExecutor, owner);
    }

    /**
     * A suspend and a resume (a route policy, say): two lane events, each reading every answer that came so far, so
     * none waits unread when the test goes on.
     */
    private static void readEveryAnswerSoFar(ShardLane lane) {
        lane.suspend();
        await().until(() -> "SUSPENDED".equals(lane.snapshot().state()));
        lane.resume();
        await().until(() -> "READING".equals(lane.snapshot().state()));
    }

    /** The number after {@code name=} in the test's options, or {@code otherwise}. */
    private static long number(String options, String name, long otherwise) {
        Matcher m = Pattern.compile("\\b" + name + "=(\\d+)").matcher(options);
        return m.find() ? Long.parseLong(m.group(1)) : otherwise;
    }

    /**
     * A lease taken while the consumer stops: the supervisor may stop the lane before its start event runs. The lane
     * then never reads and gives its lease back, instead of reading a shard nobody will stop.
     */
    @Test
    void aLaneStoppedBeforeItsStartNeverReadsAndGivesItsLeaseBack() throws Exception {
        FakeKinesis kinesis = new FakeKinesis();
        kinesis.page(FakeKinesis.records(0, 5));
        List<String> handedOut = new CopyOnWriteArrayList<>();
        ShardLane lane = worker(kinesis, (shard, recs, behind, attempt, done) -> {
            handedOut.add(recs.get(0).sequenceNumber());
            done.accept(true);
        }, "");
        CompletableFuture<Void> stopped = lane.stop();
        lane.start();
        stopped.get(5, TimeUnit.SECONDS);
        Thread.sleep(300);
        assertThat(kinesis.getRecordsCalls()).as("no GetRecords after the stop").isEmpty();
        assertThat(handedOut).isEmpty();
        assertThat(store.get(STREAM, SHARD).owner()).as("lease given back").isNull();
    }

    @Test
    void getRecordsCallsOfOneShardAreAtLeast200MsApartEvenWithoutPollDelay() throws Exception {
        FakeKinesis kinesis = new FakeKinesis();
        ShardLane worker = worker(kinesis, (shard, recs, behind, attempt, done) -> done.accept(true), "");
        worker.start();
        Thread.sleep(1300);
        worker.suspend();

        List<Long> calls = new ArrayList<>(kinesis.getRecordsCalls());
        assertThat(calls.size()).isBetween(2, 7);
        for (int i = 1; i < calls.size(); i++) {
            assertThat(calls.get(i) - calls.get(i - 1)).isGreaterThanOrEqualTo(Duration.ofMillis(199).toNanos());
        }
    }

    @Test
    void readingPausesWhileTheWindowIsFullAndTheCheckpointFollowsCompletions() throws Exception {
        FakeKinesis kinesis = new FakeKinesis();
        kinesis.page(FakeKinesis.records(0, 10));
        List<Consumer<Boolean>> open = new CopyOnWriteArrayList<>();
        List<String> handedOut = new CopyOnWriteArrayList<>();
        ShardLane worker = worker(kinesis, (shard, recs, behind, attempt, done) -> {
            handedOut.add(recs.get(0).sequenceNumber());
            open.add(done);
        }, "limit=4");
        worker.start();

        await().until(() -> handedOut.size() == 4);
        Thread.sleep(300);
        assertThat(handedOut).as("window of 4").containsExactly("1000", "1001", "1002", "1003");
        assertThat(kinesis.getRecordsCalls()).as("no poll while records wait for the window").hasSize(1);

        open.get(1).accept(true); // out of order: the checkpoint cannot move yet
        Thread.sleep(200);
        assertThat(worker.snapshot().checkpoint()).isNull();
        open.get(0).accept(true);
        await().until(() -> "1001".equals(worker.snapshot().checkpoint()));
        await().until(() -> handedOut.size() == 6);
        assertThat(handedOut).containsExactly("1000", "1001", "1002", "1003", "1004", "1005");
        worker.suspend();
    }

    /**
     * The window ({@code checkpointLimit}) bounds the records in flight ahead of the checkpoint, not ahead of the one
     * written: the writes follow {@code checkpointInterval} (an hour here), however many records complete meanwhile,
     * and a slow store never holds up reading. The final write at stop is unchanged.
     */
    @Test
    void checkpointWritesFollowTheIntervalNotTheWindow() throws Exception {
        FakeKinesis kinesis = new FakeKinesis();
        kinesis.page(FakeKinesis.records(0, 10));
        List<String> handedOut = new CopyOnWriteArrayList<>();
        ShardLane lane = worker(kinesis, (shard, recs, behind, attempt, done) -> {
            handedOut.add(recs.get(0).sequenceNumber());
            done.accept(true); // every exchange completes at once
        }, "limit=4 noTimer");
        lane.start();

        await().until(() -> handedOut.size() == 10);
        Thread.sleep(300);
        assertThat(store.checkpointWrites).as("no write before the interval, whatever completed").isEmpty();
        assertThat(store.get(STREAM, SHARD).position()).isNull();
        // the checkpoint lag the meters and health show: completed, not yet written
        await().until(() -> lane.snapshot().recordsAwaitingCheckpoint() == 10);

        lane.stop().get(5, TimeUnit.SECONDS);
        assertThat(store.checkpointWrites).as("the final write").containsExactly(SequencePosition.of("1009"));
        assertThat(store.get(STREAM, SHARD).position()).isEqualTo(SequencePosition.of("1009"));
        assertThat(lane.snapshot().recordsAwaitingCheckpoint()).as("all written").isZero();
    }

    /** A busy shard writes about once per {@code checkpointInterval}, not per record nor per half window. */
    @Test
    void aBusyShardWritesItsCheckpointOncePerInterval() throws Exception {
        FakeKinesis kinesis = new FakeKinesis();
        for (int page = 0; page < 8; page++) {
            kinesis.page(FakeKinesis.records(page * 50, 50)); // a GetRecords every 200 ms for 1.6 s
        }
        AtomicInteger completed = new AtomicInteger();
        ShardLane lane = worker(kinesis, (shard, recs, behind, attempt, done) -> {
            completed.incrementAndGet();
            done.accept(true);
        }, "limit=4 interval=500");
        lane.start();

        await().until(() -> completed.get() == 400);
        lane.stop().get(5, TimeUnit.SECONDS);
        assertThat(store.checkpointWrites).as("400 records with a window of 4, over about 1.6 s: 3 timed writes or so,"
                                              + " plus the final one")
                .hasSizeBetween(2, 6);
        assertThat(store.get(STREAM, SHARD).position()).isEqualTo(SequencePosition.of("1399"));
    }

    /**
     * The route's answers wake the lane in batches: each exchange completing on the route thread does not cost a lane
     * event (a thread wake-up) of its own. A busy shard's lane reads them at its next event, or when a quarter of the
     * window has been answered, and nothing is lost: every record is handed out once, in order, and checkpointed.
     */
    @Test
    void answersWakeTheLaneInBatchesNotOncePerExchange() throws Exception {
        AtomicInteger laneTasks = new AtomicInteger();
        ScheduledExecutorService countingPool = new ScheduledThreadPoolExecutor(2) {
            @Override
            public void execute(Runnable command) {
                laneTasks.incrementAndGet();
                super.execute(command);
            }
        };
        try {
            FakeKinesis kinesis = new FakeKinesis();
            kinesis.page(FakeKinesis.records(0, 2000)); // fills the window (1024): refilled as answers come
            kinesis.page(FakeKinesis.records(2000, 1000)); // fits the window: answers read at the next fetch
            List<String> handedOut = new CopyOnWriteArrayList<>();
            ShardLane lane = lane(kinesis, (shard, recs, behind, attempt, done) -> {
                handedOut.add(recs.get(0).sequenceNumber());
                done.accept(true); // on the route thread, at once
            }, "noTimer poll=5000", store, countingPool); // caught up: no idle fetch to count for 5 s
            lane.start();

            await().until(() -> handedOut.size() == 3000);
            lane.stop().get(5, TimeUnit.SECONDS);
            assertThat(handedOut).as("each once, in order").isEqualTo(
                    FakeKinesis.records(0, 3000).stream().map(r -> r.sequenceNumber()).toList());
            assertThat(store.get(STREAM, SHARD).position()).isEqualTo(SequencePosition.of("3999"));
            // about 10 now (fetches, quarter windows, start and stop); about 100 before, on a fast machine
            assertThat(laneTasks.get()).as("lane wake-ups for 3,000 exchanges").isLessThan(50);
        } finally {
            countingPool.shutdownNow();
        }
    }

    /**
     * An asynchronous route answers out of order: the oldest exchange holds the full window up while all the others
     * complete. Its own completion must wake the lane at once (the route has nothing else to work on), not wait for a
     * quarter window of answers or the lane's next timer.
     */
    @Test
    void theAnswerThatFreesAFullWindowWakesTheLaneAtOnce() throws Exception {
        FakeKinesis kinesis = new FakeKinesis();
        kinesis.page(FakeKinesis.records(0, 1500)); // more than the window of 1024
        List<String> handedOut = new CopyOnWriteArrayList<>();
        CompletableFuture<Consumer<Boolean>> oldest = new CompletableFuture<>();
        ShardLane lane = worker(kinesis, (shard, recs, behind, attempt, done) -> {
            handedOut.add(recs.get(0).sequenceNumber());
            if (handedOut.size() == 1) {
                oldest.complete(done); // answered later, from another thread
            } else {
                done.accept(true);
            }
        }, "noTimer");
        lane.start();

        await().until(() -> handedOut.size() == 1024);
        Thread.sleep(300);
        assertThat(handedOut).as("the window is full while its oldest exchange is open").hasSize(1024);
        readEveryAnswerSoFar(lane);
        oldest.get().accept(true); // the one answer unread: far from a quarter window
        // the lane's next event of its own would be its renewal, 10 s away
        await("the rest handed out").atMost(Duration.ofSeconds(2)).until(() -> handedOut.size() == 1500);
        lane.stop().get(5, TimeUnit.SECONDS);
        assertThat(store.get(STREAM, SHARD).position()).isEqualTo(SequencePosition.of("2499"));
    }

    /**
     * The oldest exchange is answered while the route runner is still busy with the last one of a full window, and
     * that last one answers on the runner's own thread: neither answer finds the runner with nothing left to give, and
     * two answers are far from a quarter window. The runner itself wakes the lane once it has given the route all it
     * had; without that the shard waits for the lane's next timer.
     */
    @Test
    void aRunnerThatRunsDryWithAFullWindowAnsweredWakesTheLane() throws Exception {
        FakeKinesis kinesis = new FakeKinesis();
        kinesis.page(FakeKinesis.records(0, 40)); // window of 16 (a quarter is 4)
        List<String> handedOut = new CopyOnWriteArrayList<>();
        CompletableFuture<Consumer<Boolean>> oldest = new CompletableFuture<>();
        CountDownLatch lastMayFinish = new CountDownLatch(1);
        ShardLane lane = worker(kinesis, (shard, recs, behind, attempt, done) -> {
            String seq = recs.get(0).sequenceNumber();
            handedOut.add(seq);
            if (seq.equals("1000")) {
                oldest.complete(done); // answered later, from the test's thread
                return;
            }
            if (seq.equals("1015")) {
                try {
                    lastMayFinish.await(); // the runner is busy with it meanwhile
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            done.accept(true);
        }, "noTimer limit=16");
        lane.start();

        await().until(() -> handedOut.size() == 16);
        readEveryAnswerSoFar(lane);
        oldest.get().accept(true);
        lastMayFinish.countDown();
        await("the rest handed out").atMost(Duration.ofSeconds(2)).until(() -> handedOut.size() == 40);
        lane.stop().get(5, TimeUnit.SECONDS);
        assertThat(store.get(STREAM, SHARD).position()).isEqualTo(SequencePosition.of("1039"));
    }

    /**
     * Health shows a shard redelivering a record until that record goes through. Its success must reach the lane at
     * once, although a single answer is far from a quarter window: a recovered shard must not stay DOWN until the
     * lane's next fetch (5 s away here) or timer.
     */
    @Test
    void aRedeliverySucceedingClearsTheRedeliveringRecordAtOnce() throws Exception {
        FakeKinesis kinesis = new FakeKinesis();
        kinesis.page(FakeKinesis.records(0, 3));
        AtomicInteger attemptsOfFirst = new AtomicInteger();
        ShardLane lane = worker(kinesis, (shard, recs, behind, attempt, done) -> {
            done.accept(!recs.get(0).sequenceNumber().equals("1000") || attemptsOfFirst.incrementAndGet() > 1);
        }, "noTimer poll=5000");
        lane.start();

        await().until(() -> attemptsOfFirst.get() == 2); // failed once, redelivered (after up to 1 s), succeeded
        await("the redelivering record cleared").atMost(Duration.ofSeconds(2))
                .until(() -> lane.snapshot().redeliveringSequence() == null && lane.snapshot().recordsInFlight() == 0);
        lane.stop().get(5, TimeUnit.SECONDS);
    }

    @Test
    void aFailedExchangeIsRedeliveredAndHoldsTheCheckpoint() throws Exception {
        FakeKinesis kinesis = new FakeKinesis();
        kinesis.page(FakeKinesis.records(0, 3));
        AtomicInteger attemptsOfFirst = new AtomicInteger();
        List<Object> storedAtRedelivery = new CopyOnWriteArrayList<>();
        ShardLane worker = worker(kinesis, (shard, recs, behind, attempt, done) -> {
            if (recs.get(0).sequenceNumber().equals("1000") && attemptsOfFirst.incrementAndGet() == 1) {
                assertThat(attempt).isEqualTo(1);
                done.accept(false);
            } else {
                if (recs.get(0).sequenceNumber().equals("1000")) {
                    storedAtRedelivery.add(String.valueOf(store.get(STREAM, SHARD).position()) + "@" + attempt);
                }
                done.accept(true);
            }
        }, "");
        worker.start();

        await().until(() -> !storedAtRedelivery.isEmpty()); // redelivered after a random delay of up to 1 s
        assertThat(storedAtRedelivery).as("the checkpoint waited for it (the later records had completed)")
                .containsExactly("null@2");
        await().until(() -> SequencePosition.of("1002").equals(store.get(STREAM, SHARD).position()));
        worker.suspend();
    }

    @Test
    void aClosedShardIsDrainedThenMarkedShardEnd() throws Exception {
        FakeKinesis kinesis = new FakeKinesis();
        kinesis.page(FakeKinesis.records(0, 5));
        kinesis.endAfterPages();
        ShardLane worker = worker(kinesis, (shard, recs, behind, attempt, done) -> done.accept(true), "");
        worker.start();

        await().until(() -> !owner.ended.isEmpty());
        ShardCheckpoint row = store.get(STREAM, SHARD);
        assertThat(row.shardEnd()).isTrue();
        assertThat(row.position()).isEqualTo(SequencePosition.of("1004"));
        await().until(() -> worker.snapshot().state().equals("STOPPED"));
        assertThat(owner.ended).containsExactly(SHARD);
        assertThat(owner.gone).as("a finished shard leaves health and JMX").containsExactly(SHARD);
        assertThat(owner.handedOver).as("finished, not handed over").containsExactly(false);
        assertThat(owner.goneAs).containsExactly("STOPPED");
    }

    @Test
    void aWorkerWhoseShardWasClaimedByAnotherStopsAndNeverWritesAgain() throws Exception {
        List<Consumer<Boolean>> open = new CopyOnWriteArrayList<>();
        ShardLane worker = startWithTwoRecordsInTheRoute(open);

        store.takeover(STREAM, SHARD, "w2", "w1", store.get(STREAM, SHARD).leaseCounter()).toCompletableFuture().join()
                .orElseThrow();
        open.forEach(done -> done.accept(true));
        await().until(() -> worker.snapshot().state().equals("LOST"));
        worker.stop().join();
        assertThat(store.get(STREAM, SHARD).owner()).isEqualTo("w2");
        assertThat(store.get(STREAM, SHARD).position()).isNull();
        assertThat(owner.goneAs).as("what the owner sees when the lane is gone").containsExactly("LOST");
    }

    @Test
    void aFailedRenewalStopsTheLaneAtOnceWhileItsExchangesAreStillInTheRoute() throws Exception {
        List<Consumer<Boolean>> open = new CopyOnWriteArrayList<>();
        ShardLane worker = startWithTwoRecordsInTheRoute(open, "lease=300");
        long first = store.get(STREAM, SHARD).leaseCounter();
        await().until(() -> store.get(STREAM, SHARD).leaseCounter() > first); // renewed by its own tick (every 100 ms)
        long counter = store.get(STREAM, SHARD).leaseCounter();

        store.takeover(STREAM, SHARD, "w2", "w1", counter).toCompletableFuture().join().orElseThrow();
        await().until(() -> worker.snapshot().state().equals("LOST"));
        assertThat(worker.holdsLease()).isFalse();
        open.forEach(done -> done.accept(true)); // the route finishes them late: nothing is written
        worker.stop().join();
        assertThat(store.get(STREAM, SHARD).owner()).isEqualTo("w2");
        assertThat(store.get(STREAM, SHARD).position()).isNull();
    }

    @Test
    void aLaneAskedToHandOverDrainsWritesItsFinalCheckpointAndHandsTheShardOver() throws Exception {
        List<Consumer<Boolean>> open = new CopyOnWriteArrayList<>();
        // the drain waits up to a lease duration: long enough here for the steps below on a loaded machine
        ShardLane worker = startWithTwoRecordsInTheRoute(open, "lease=1500");
        askForHandoff("w2");
        await().until(() -> worker.snapshot().state().equals("DRAINING")); // learnt at its next renewal
        long draining = store.get(STREAM, SHARD).leaseCounter();
        await().until(() -> store.get(STREAM, SHARD).leaseCounter() > draining); // renewed while it drains
        assertThat(worker.holdsLease()).isTrue();

        open.forEach(done -> done.accept(true));
        await().until(() -> worker.snapshot().state().equals("STOPPED"));
        ShardCheckpoint row = store.get(STREAM, SHARD);
        assertThat(row.owner()).isEqualTo("w2");
        assertThat(row.position()).isEqualTo(SequencePosition.of("1001", 0));
        assertThat(open).hasSize(2); // nothing more was handed out
        assertThat(owner.gone).containsExactly(SHARD);
        assertThat(owner.handedOver).as("counted as a handoff by the meters").containsExactly(true);
    }

    /**
     * The lease table shows the peer as owner while the lane's hand-over answer is still on its way (the coordinator's
     * tick saw the row first): the hand-over, not a loss. The lane ends once, handed over, and says nothing of a loss.
     */
    @Test
    void aLaneWhoseHandOverIsOutTakesTheNewOwnerForItsOwnDoingNotALoss() throws Exception {
        List<Consumer<Boolean>> open = new CopyOnWriteArrayList<>();
        ShardLane lane = startWithTwoRecordsInTheRoute(open, "lease=300");
        CompletableFuture<Void> answer = new CompletableFuture<>();
        store.handOverAnswer = answer;
        askForHandoff("w2");
        await().until(() -> lane.snapshot().state().equals("DRAINING"));
        open.forEach(done -> done.accept(true));
        await().until(() -> store.handOverSent);
        assertThat(store.get(STREAM, SHARD).owner()).isEqualTo("w2");

        lane.lose(); // what the supervisor does when a tick sees w2 in the row of a shard it still reads
        Thread.sleep(200);
        assertThat(lane.snapshot().state()).as("still waiting for its hand-over's answer, not LOST")
                .isEqualTo("DRAINING");
        answer.complete(null);
        await().until(() -> lane.snapshot().state().equals("STOPPED"));
        Thread.sleep(100);
        assertThat(owner.gone).as("ended once").containsExactly(SHARD);
    }

    /**
     * Suspended, a lane keeps its lease and ignores a peer's handoff request (docs/consumer.md); the request stays in
     * the row and is honoured once the route resumes.
     */
    @Test
    void aHandoffRequestWhileSuspendedIsIgnoredUntilTheResume() throws Exception {
        List<Consumer<Boolean>> open = new CopyOnWriteArrayList<>();
        ShardLane lane = startWithTwoRecordsInTheRoute(open, "lease=300");
        lane.suspend();
        await().until(() -> lane.snapshot().state().equals("SUSPENDED"));
        askForHandoff("w2");
        long asked = store.get(STREAM, SHARD).leaseCounter();
        await().until(() -> store.get(STREAM, SHARD).leaseCounter() >= asked + 3); // renewals (each tells of the request)
        assertThat(lane.snapshot().state()).isEqualTo("SUSPENDED");
        assertThat(lane.holdsLease()).isTrue();
        assertThat(store.get(STREAM, SHARD).owner()).isEqualTo("w1");

        lane.resume();
        await().until(() -> lane.snapshot().state().equals("DRAINING"));
        open.forEach(done -> done.accept(true));
        await().until(() -> lane.snapshot().state().equals("STOPPED"));
        assertThat(store.get(STREAM, SHARD).owner()).isEqualTo("w2");
        assertThat(store.get(STREAM, SHARD).position()).isEqualTo(SequencePosition.of("1001"));
    }

    /** A peer asks for the shard (again when a renewal moved the counter between reading it and asking). */
    private void askForHandoff(String peer) throws InterruptedException {
        await().until(() -> store.requestHandoff(STREAM, SHARD, peer, "w1", store.get(STREAM, SHARD).leaseCounter())
                .toCompletableFuture().join());
    }

    /** A worker whose two records are in the route; {@code open} receives their completion callbacks. */
    private ShardLane startWithTwoRecordsInTheRoute(List<Consumer<Boolean>> open) throws InterruptedException {
        return startWithTwoRecordsInTheRoute(open, "");
    }

    private ShardLane startWithTwoRecordsInTheRoute(List<Consumer<Boolean>> open, String options)
            throws InterruptedException {
        FakeKinesis kinesis = new FakeKinesis();
        kinesis.page(FakeKinesis.records(0, 2));
        ShardLane worker = worker(kinesis, (shard, recs, behind, attempt, done) -> open.add(done), options);
        worker.start();
        await().until(() -> open.size() == 2);
        return worker;
    }

    /** Defect 7 of issue 14: an exception (here an Error) while handing records out must not wedge the shard. */
    @Test
    void anErrorThrownWhileHandingOutDoesNotWedgeTheShard() throws Exception {
        FakeKinesis kinesis = new FakeKinesis();
        kinesis.page(FakeKinesis.records(0, 3));
        AtomicInteger calls = new AtomicInteger();
        List<String> delivered = new CopyOnWriteArrayList<>();
        ShardLane worker = worker(kinesis, (shard, recs, behind, attempt, done) -> {
            if (calls.incrementAndGet() == 1) {
                throw new AssertionError("boom in the route's hand-out");
            }
            delivered.add(recs.get(0).sequenceNumber());
            done.accept(true);
        }, "");
        worker.start();
        await().until(() -> delivered.contains("1002"));
        await().until(() -> SequencePosition.of("1002").equals(store.get(STREAM, SHARD).position()));
        worker.suspend();
    }

    /** Defect 5 of issue 14: suspend stops fetching and keeps the window and the lease; resume goes on from there. */
    @Test
    void suspendStopsFetchingAndKeepsTheWindowAndResumeGoesOnWithoutReadingAgain() throws Exception {
        FakeKinesis kinesis = new FakeKinesis();
        kinesis.page(FakeKinesis.records(0, 6));
        List<Consumer<Boolean>> open = new CopyOnWriteArrayList<>();
        List<String> handedOut = new CopyOnWriteArrayList<>();
        ShardLane lane = worker(kinesis, (shard, recs, behind, attempt, done) -> {
            handedOut.add(recs.get(0).sequenceNumber());
            open.add(done);
        }, "limit=4");
        lane.start();
        await().until(() -> handedOut.size() == 4);

        lane.suspend();
        await().until(() -> lane.snapshot().state().equals("SUSPENDED"));
        int calls = kinesis.getRecordsCalls().size();
        open.forEach(done -> done.accept(true)); // the exchanges in the route finish while suspended
        await().until(() -> "1003".equals(lane.snapshot().checkpoint())); // and are checkpointed
        Thread.sleep(500);
        assertThat(handedOut).as("nothing handed out while suspended").hasSize(4);
        assertThat(kinesis.getRecordsCalls()).as("no GetRecords while suspended").hasSize(calls);
        assertThat(store.get(STREAM, SHARD).owner()).as("the lease is kept").isEqualTo("w1");
        assertThat(lane.holdsLease()).isTrue();

        lane.resume();
        await().until(() -> handedOut.size() == 6);
        assertThat(handedOut).as("resumed where it stopped, nothing twice")
                .containsExactly("1000", "1001", "1002", "1003", "1004", "1005");
    }

    /** Defect 2 of issue 14: one store write of a shard at a time, however long one takes; renewals queue behind it. */
    @Test
    void aSlowCheckpointWriteIsNeverOvertakenByTheNextWriteOfTheShard() throws Exception {
        ConcurrencyStore slow = new ConcurrencyStore();
        FakeKinesis kinesis = new FakeKinesis();
        kinesis.page(FakeKinesis.records(0, 4));
        ShardLane lane = lane(kinesis, (shard, recs, behind, attempt, done) -> done.accept(true), "lease=300", slow);
        lane.start();
        await().until(() -> slow.checkpoints.get() >= 1);
        Thread.sleep(700); // several renewal ticks (every 100 ms) and checkpoint ticks (every 50 ms) pass
        assertThat(slow.maxOut.get()).as("writes of one shard strictly one at a time").isEqualTo(1);
        assertThat(slow.checkpoints.get()).isEqualTo(1);

        slow.gate.complete(null); // the slow write lands; the next ones follow, one at a time
        await().until(() -> slow.renewals.get() >= 2);
        assertThat(slow.maxOut.get()).isEqualTo(1);
        await().until(() -> SequencePosition.of("1003").equals(slow.get(STREAM, SHARD).position()));
    }

    /** Defect 3 of issue 14: each shard renews its own lease, so one stuck renewal holds up no other shard. */
    @Test
    void aStuckRenewalOfOneShardDoesNotStopTheRenewalsOfAnother() throws Exception {
        InMemoryCheckpointStore shared = new InMemoryCheckpointStore() {
            @Override
            public CompletionStage<java.util.Optional<ShardClaim>> renew(ShardClaim claim) {
                return claim.shardId().equals(SHARD) ? new CompletableFuture<>() : super.renew(claim);
            }
        };
        KinesisBatchConfiguration c = new KinesisBatchConfiguration();
        c.setStreamName(STREAM);
        c.setLeaseDuration(300);
        ConsumerSettings settings = ConsumerSettings.from(c);
        List<ShardLane> lanes = new ArrayList<>();
        for (String shard : List.of(SHARD, "shardId-000000000001")) {
            ShardClaim claim = shared.takeover(STREAM, shard, "w1", null, 0).toCompletableFuture().join().orElseThrow();
            lanes.add(new ShardLane(claim, false, settings,
                    new ShardReader(new FakeKinesis(), settings.stream(), shard, 100, HashKeyRange.ALL),
                    new LaneStores(shared, shared),
                    (shardId, recs, behind, attempt, done) -> done.accept(true), executor, routeExecutor, owner));
        }
        lanes.forEach(ShardLane::start);
        long other = shared.get(STREAM, "shardId-000000000001").leaseCounter();
        await().until(() -> shared.get(STREAM, "shardId-000000000001").leaseCounter() >= other + 3);
        assertThat(lanes.get(1).holdsLease()).isTrue();
    }

    @Test
    void aShardStuckOnOneFailingExchangeShowsItsSequenceNumber() throws Exception {
        FakeKinesis kinesis = new FakeKinesis();
        kinesis.page(FakeKinesis.records(0, 2));
        ShardLane lane = worker(kinesis,
                (shard, recs, behind, attempt, done) -> done.accept(!recs.get(0).sequenceNumber().equals("1000")), "");
        lane.start();
        await().until(() -> "1000".equals(lane.snapshot().redeliveringSequence()));
        assertThat(lane.snapshot().redeliveringSince()).isNotNull();
        assertThat(lane.snapshot().checkpoint()).isNull();
    }

    /**
     * A synchronous route whose one exchange runs longer than leaseDuration: the lane never runs route code, so its
     * renewal ticks go on meanwhile and the lease is kept; the next exchange still waits for the slow one (order).
     */
    @Test
    void aRouteCallLongerThanTheLeaseDurationDoesNotHoldUpTheRenewals() throws Exception {
        FakeKinesis kinesis = new FakeKinesis();
        kinesis.page(FakeKinesis.records(0, 2));
        CompletableFuture<Void> routeMayFinish = new CompletableFuture<>();
        List<String> handedOut = new CopyOnWriteArrayList<>();
        List<String> routeThreads = new CopyOnWriteArrayList<>();
        ShardLane lane = worker(kinesis, (shard, recs, behind, attempt, done) -> {
            handedOut.add(recs.get(0).sequenceNumber());
            routeThreads.add(Thread.currentThread().getName());
            if (recs.get(0).sequenceNumber().equals("1000")) {
                routeMayFinish.join(); // a synchronous route busy with one exchange, on the caller's thread
            }
            done.accept(true);
        }, "lease=300");
        lane.start();
        await().until(() -> handedOut.size() == 1);
        long counter = store.get(STREAM, SHARD).leaseCounter();
        Thread.sleep(900); // three lease durations; renewals are due every 100 ms
        assertThat(store.get(STREAM, SHARD).leaseCounter()).as("renewed while the route was busy")
                .isGreaterThanOrEqualTo(counter + 3);
        assertThat(lane.holdsLease()).isTrue();
        assertThat(handedOut).as("the next exchange waits for the slow one").containsExactly("1000");

        routeMayFinish.complete(null);
        await().until(() -> "1001".equals(lane.snapshot().checkpoint()));
        assertThat(handedOut).containsExactly("1000", "1001");
        assertThat(routeThreads).as("the route is called on the route pool, never on the lane")
                .allMatch(name -> name.startsWith("route-"));
    }

    /** Completions of a synchronous route reach the lane at once, not after the next (long) route call. */
    @Test
    void completionsBeforeALongRouteCallAreCheckpointedWhileItRuns() throws Exception {
        FakeKinesis kinesis = new FakeKinesis();
        kinesis.page(FakeKinesis.records(0, 3));
        CompletableFuture<Void> routeMayFinish = new CompletableFuture<>();
        ShardLane lane = worker(kinesis, (shard, recs, behind, attempt, done) -> {
            if (recs.get(0).sequenceNumber().equals("1002")) {
                routeMayFinish.join();
            }
            done.accept(true);
        }, "");
        lane.start();
        await().until(() -> "1001".equals(lane.snapshot().checkpoint())); // written while 1002 is still in the route
        routeMayFinish.complete(null);
        await().until(() -> "1002".equals(lane.snapshot().checkpoint()));
    }

    /** Suspend takes effect between two exchanges of a synchronous route, even when the lane queued more for it. */
    @Test
    void suspendingWhileASynchronousExchangeRunsHandsOutNothingMoreAfterIt() throws Exception {
        FakeKinesis kinesis = new FakeKinesis();
        kinesis.page(FakeKinesis.records(0, 4));
        CompletableFuture<Void> routeMayFinish = new CompletableFuture<>();
        List<String> handedOut = new CopyOnWriteArrayList<>();
        ShardLane lane = worker(kinesis, (shard, recs, behind, attempt, done) -> {
            handedOut.add(recs.get(0).sequenceNumber());
            routeMayFinish.join();
            done.accept(true);
        }, "");
        lane.start();
        await().until(() -> handedOut.size() == 1);
        Thread.sleep(100);
        lane.suspend();
        await().until(() -> lane.snapshot().state().equals("SUSPENDED"));
        routeMayFinish.complete(null);
        await().until(() -> "1000".equals(lane.snapshot().checkpoint()));
        Thread.sleep(300);
        assertThat(handedOut).as("nothing new after the suspend").containsExactly("1000");

        lane.resume();
        await().until(() -> handedOut.size() == 4);
        assertThat(handedOut).containsExactly("1000", "1001", "1002", "1003");
        await().until(() -> "1003".equals(lane.snapshot().checkpoint()));
    }

    /** The in-memory store, whose first checkpoint write is held until {@code gate}; counts the calls out at once. */
    static final class ConcurrencyStore extends InMemoryCheckpointStore {
        final CompletableFuture<Void> gate = new CompletableFuture<>();
        final AtomicInteger out = new AtomicInteger();
        final AtomicInteger maxOut = new AtomicInteger();
        final AtomicInteger checkpoints = new AtomicInteger();
        final AtomicInteger renewals = new AtomicInteger();

        private <T> CompletionStage<T> counted(java.util.function.Supplier<CompletionStage<T>> call, boolean hold) {
            maxOut.accumulateAndGet(out.incrementAndGet(), Math::max);
            CompletableFuture<Void> before = hold ? gate : CompletableFuture.completedFuture(null);
            return before.thenCompose(open -> call.get()).whenComplete((r, e) -> out.decrementAndGet());
        }

        @Override
        public CompletionStage<Boolean> checkpoint(ShardClaim claim, SequencePosition position) {
            boolean first = checkpoints.incrementAndGet() == 1;
            return counted(() -> super.checkpoint(claim, position), first);
        }

        @Override
        public CompletionStage<java.util.Optional<ShardClaim>> renew(ShardClaim claim) {
            renewals.incrementAndGet();
            return counted(() -> super.renew(claim), false);
        }
    }
}
