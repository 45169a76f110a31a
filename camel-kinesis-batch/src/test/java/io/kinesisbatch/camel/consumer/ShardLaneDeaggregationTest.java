package io.kinesisbatch.camel.consumer;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

import io.kinesisbatch.camel.FakeKinesis;
import io.kinesisbatch.camel.KinesisBatchConfiguration;
import io.kinesisbatch.camel.checkpoint.InMemoryCheckpointStore;
import io.kinesisbatch.camel.checkpoint.SequencePosition;
import io.kinesisbatch.camel.checkpoint.ShardCheckpoint;
import io.kinesisbatch.camel.checkpoint.ShardClaim;
import io.kinesisbatch.camel.shardmap.HashKeyRange;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.kinesis.model.ShardIteratorType;

import static io.kinesisbatch.camel.Polling.await;
import static io.kinesisbatch.camel.consumer.TestAggregates.aggregate;
import static io.kinesisbatch.camel.consumer.TestAggregates.corrupt;
import static io.kinesisbatch.camel.consumer.TestAggregates.plain;
import static org.assertj.core.api.Assertions.assertThat;

/** A lane reading KPL aggregates: what it hands out, where its checkpoints land, where it resumes. */
class ShardLaneDeaggregationTest {

    private static final String STREAM = "orders";
    private static final String SHARD = "shardId-000000000000";

    private final ScheduledExecutorService executor = Executors.newScheduledThreadPool(2);
    private final ScheduledExecutorService routeExecutor = Executors.newScheduledThreadPool(2);
    private final InMemoryCheckpointStore store = new InMemoryCheckpointStore();
    private final ShardLaneTest.Owner owner = new ShardLaneTest.Owner();

    @AfterEach
    void shutdown() {
        executor.shutdownNow();
        routeExecutor.shutdownNow();
    }

    private ShardLane lane(FakeKinesis kinesis, RecordSink sink, int maxPerExchange) {
        KinesisBatchConfiguration c = new KinesisBatchConfiguration();
        c.setStreamName(STREAM);
        c.setWorkerId("w1");
        c.setPollDelay(0);
        c.setCheckpointInterval(50);
        c.setMaxRecordsPerExchange(maxPerExchange);
        ConsumerSettings settings = ConsumerSettings.from(c);
        ShardCheckpoint row = store.get(STREAM, SHARD);
        ShardClaim claim = store.takeover(STREAM, SHARD, "w1", null, row == null ? 0 : row.leaseCounter())
                .toCompletableFuture().join().orElseThrow();
        return new ShardLane(claim, false, settings,
                new ShardReader(kinesis, settings.stream(), SHARD, 100, HashKeyRange.ALL), new LaneStores(store, store),
                sink, executor, routeExecutor, owner);
    }

    private static String describe(ShardRecord r) {
        return r.position() + "=" + new String(r.data(), StandardCharsets.UTF_8);
    }

    @Test
    void userRecordsAreHandedOutOneByOneInOrderAndTheCheckpointLandsOnASubSequence() throws Exception {
        FakeKinesis kinesis = new FakeKinesis();
        kinesis.page(List.of(plain("1000", "p", "first"), aggregate("1001", "a", 3), plain("1002", "p", "last")));
        List<String> handedOut = new CopyOnWriteArrayList<>();
        ShardLane lane = lane(kinesis, (shard, recs, behind, attempt, done) -> {
            handedOut.add(describe(recs.get(0)));
            // the second user record stays in the route: the checkpoint stops right below it
            done.accept(!describe(recs.get(0)).equals("1001/1=a-1"));
        }, 1);
        lane.start();

        await().until(() -> handedOut.size() >= 5);
        assertThat(handedOut.subList(0, 5)).containsExactly("1000=first", "1001=a-0", "1001/1=a-1", "1001/2=a-2",
                "1002=last");
        await().until(() -> SequencePosition.of("1001", 0).equals(store.get(STREAM, SHARD).position()));
        lane.suspend();
    }

    @Test
    void aRestartInsideAnAggregateOpensAtItsRecordAndHandsOutOnlyTheUserRecordsAfterTheCheckpoint() throws Exception {
        ShardClaim first = store.takeover(STREAM, SHARD, "w0", null, 0).toCompletableFuture().join().orElseThrow();
        store.checkpoint(first, SequencePosition.of("1001", 1)).toCompletableFuture().join();
        store.release(first).toCompletableFuture().join();

        FakeKinesis kinesis = new FakeKinesis();
        kinesis.page(List.of(aggregate("1001", "a", 4), plain("1002", "p", "next")));
        List<String> handedOut = new CopyOnWriteArrayList<>();
        ShardLane lane = lane(kinesis, (shard, recs, behind, attempt, done) -> {
            recs.forEach(r -> handedOut.add(describe(r)));
            done.accept(true);
        }, 10);
        lane.start();

        await().until(() -> handedOut.size() == 3);
        assertThat(kinesis.iteratorRequests().get(0).shardIteratorType())
                .isEqualTo(ShardIteratorType.AT_SEQUENCE_NUMBER);
        assertThat(kinesis.iteratorRequests().get(0).startingSequenceNumber()).isEqualTo("1001");
        assertThat(handedOut).containsExactly("1001/2=a-2", "1001/3=a-3", "1002=next");
        await().until(() -> SequencePosition.of("1002").equals(store.get(STREAM, SHARD).position()));
        lane.suspend();
    }

    @Test
    void aCorruptAggregateGoesOutAloneAndTheCheckpointNeverPassesItWhileItFails() throws Exception {
        FakeKinesis kinesis = new FakeKinesis();
        kinesis.page(List.of(plain("1000", "p", "before"), corrupt("1001"), plain("1002", "p", "after")));
        List<List<String>> exchanges = new CopyOnWriteArrayList<>();
        ShardLane lane = lane(kinesis, (shard, recs, behind, attempt, done) -> {
            exchanges
                    .add(recs.stream().map(r -> r.sequenceNumber() + (r.corrupt() != null ? " corrupt" : "")).toList());
            done.accept(recs.get(0).corrupt() == null); // as the consumer does without skipFailedRecords
        }, 10);
        lane.start();

        await().until(() -> exchanges.size() >= 4); // the corrupt one is redelivered (first backoff: up to 1 s)
        assertThat(exchanges.subList(0, 3)).containsExactly(List.of("1000"), List.of("1001 corrupt"), List.of("1002"));
        assertThat(exchanges.get(3)).containsExactly("1001 corrupt");
        // written every 50 ms: the redelivery (full jitter, possibly within a few ms) may come before the first write;
        // a checkpoint never moves back, so reaching 1000 means it never passed the corrupt record
        await().until(() -> store.get(STREAM, SHARD).position() != null);
        assertThat(store.get(STREAM, SHARD).position()).isEqualTo(SequencePosition.of("1000"));
        lane.suspend();
    }

    @Test
    void aFailingUserRecordStaysReportedWhileALaterUserRecordOfItsAggregateSucceeds() throws Exception {
        FakeKinesis kinesis = new FakeKinesis();
        kinesis.page(List.of(aggregate("1001", "a", 2)));
        List<String> handedOut = new CopyOnWriteArrayList<>();
        List<java.util.function.Consumer<Boolean>> secondDone = new CopyOnWriteArrayList<>();
        ShardLane lane = lane(kinesis, (shard, recs, behind, attempt, done) -> {
            handedOut.add(describe(recs.get(0)));
            if (recs.get(0).subSequenceNumber() == 1) {
                secondDone.add(done); // a-1 succeeds later, while a-0 is being redelivered
            } else {
                done.accept(false); // a-0 keeps failing
            }
        }, 1);
        lane.start();

        await().until(() -> handedOut.stream().filter(h -> h.equals("1001=a-0")).count() >= 2 && !secondDone.isEmpty());
        assertThat(lane.snapshot().redeliveringSequence()).isEqualTo("1001");
        secondDone.get(0).accept(true);
        Thread.sleep(100); // long enough for the completion, well below a-0's next backoff (mostly)
        assertThat(lane.snapshot().redeliveringSequence()).as("a-1's success does not clear a-0's failure")
                .isEqualTo("1001");
        lane.suspend();
    }
}
