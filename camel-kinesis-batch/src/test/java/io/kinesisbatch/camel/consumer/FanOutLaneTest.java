package io.kinesisbatch.camel.consumer;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

import io.kinesisbatch.camel.KinesisBatchConfiguration;
import io.kinesisbatch.camel.checkpoint.InMemoryCheckpointStore;
import io.kinesisbatch.camel.checkpoint.SequencePosition;
import io.kinesisbatch.camel.checkpoint.ShardClaim;
import io.kinesisbatch.camel.shardmap.HashKeyRange;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.kinesis.model.ResourceInUseException;
import software.amazon.awssdk.services.kinesis.model.ShardIteratorType;
import software.amazon.awssdk.services.kinesis.model.SubscribeToShardEventStream;

import static io.kinesisbatch.camel.consumer.ScriptedSubscriptions.Script;
import static io.kinesisbatch.camel.consumer.ScriptedSubscriptions.event;
import static io.kinesisbatch.camel.consumer.ScriptedSubscriptions.shardEnd;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * One shard lane reading with enhanced fan-out from a scripted publisher: the same window, checkpoints and shard end
 * as polling, one event requested at a time, resubscriptions from the continuation, at most one subscribe a second.
 */
class FanOutLaneTest {

    private static final String STREAM = "orders";
    private static final String SHARD = "shardId-000000000000";
    private static final String ARN = "arn:aws:kinesis:us-east-1:000000000000:stream/orders/consumer/app:1";

    private static final String LANE_THREAD = "lane";

    private final ScheduledExecutorService executor = Executors.newScheduledThreadPool(2,
            r -> new Thread(r, LANE_THREAD));
    private final ScheduledExecutorService routeExecutor = Executors.newScheduledThreadPool(2);
    private final InMemoryCheckpointStore store = new InMemoryCheckpointStore();
    private final ShardLaneTest.Owner owner = new ShardLaneTest.Owner();
    private final ScriptedSubscriptions publisher = new ScriptedSubscriptions();
    private final List<String> handedOut = new CopyOnWriteArrayList<>();
    private final List<String> probes = new CopyOnWriteArrayList<>();
    /** The GetRecords end probe: records what it was asked; the shard is open unless {@link #closedAfter} says. */
    private volatile String closedAfter;
    private final ShardEndProbe probe = after -> {
        probes.add(after);
        return CompletableFuture.completedFuture(after.equals(closedAfter));
    };

    @AfterEach
    void shutdown() {
        executor.shutdownNow();
        routeExecutor.shutdownNow();
    }

    private ShardLane lane(int checkpointLimit, RecordSink sink) {
        KinesisBatchConfiguration c = new KinesisBatchConfiguration();
        c.setStreamName(STREAM);
        c.setWorkerId("w1");
        c.setCheckpointInterval(50);
        c.setCheckpointLimit(checkpointLimit);
        ConsumerSettings settings = ConsumerSettings.from(c);
        long counter = store.get(STREAM, SHARD) == null ? 0 : store.get(STREAM, SHARD).leaseCounter();
        ShardClaim claim = store.takeover(STREAM, SHARD, "w1", null, counter).toCompletableFuture().join()
                .orElseThrow();
        return new ShardLane(claim, false, settings, FanOutReading.factory(publisher, ARN, HashKeyRange.ALL, probe,
                Duration.ofMillis(100)),
                new LaneStores(store, store), sink, executor, routeExecutor, owner);
    }

    /** A sink that records each exchange's first sequence number and completes it at once. */
    private RecordSink completing() {
        return (shard, records, behind, attempt, done) -> {
            records.forEach(r -> handedOut.add(r.sequenceNumber()));
            done.accept(true);
        };
    }

    private static void await(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("condition not met in time").isLessThan(deadline);
            Thread.sleep(10);
        }
    }

    private static List<String> sequences(int from, int count) {
        return java.util.stream.IntStream.range(from, from + count).mapToObj(i -> Integer.toString(1000 + i))
                .toList();
    }

    @Test
    void everyRecordOnceInOrderThenTheShardEndsAndItsChildrenMayStart() throws Exception {
        publisher.scripts.add(Script.open(event(0, 5, "1004"), event(5, 5, "1009"), shardEnd("shardId-2")));
        ShardLane lane = lane(1024, completing());
        lane.start();

        await(() -> !owner.ended.isEmpty());
        assertThat(handedOut).containsExactlyElementsOf(sequences(0, 10));
        assertThat(store.get(STREAM, SHARD).shardEnd()).isTrue();
        assertThat(publisher.requests).hasSize(1);
        assertThat(publisher.requests.get(0).startingPosition().type()).isEqualTo(ShardIteratorType.TRIM_HORIZON);
        assertThat(publisher.requests.get(0).consumerARN()).isEqualTo(ARN);
        assertThat(publisher.last().cancelled).as("a finished lane leaves no stream open").isTrue();
    }

    @Test
    void resourceInUseIsRetriedWithBackoffAndSubscribesGoAtMostOnceASecond() throws Exception {
        ResourceInUseException inUse = ResourceInUseException.builder().message("another subscription").build();
        publisher.scripts.add(Script.rejected(inUse));
        publisher.scripts.add(Script.rejected(inUse));
        publisher.scripts.add(Script.open(event(0, 3, "1002")));
        ShardLane lane = lane(1024, completing());
        lane.start();

        await(() -> publisher.requests.size() == 2);
        assertThat(lane.snapshot().lastError()).contains("ResourceInUseException");
        assertThat(lane.snapshot().state()).isEqualTo("STARTING");
        await(() -> handedOut.size() == 3);
        assertThat(handedOut).containsExactlyElementsOf(sequences(0, 3));
        assertThat(lane.snapshot().state()).isEqualTo("READING");
        assertThat(lane.snapshot().subscription()).isEqualTo("STREAMING");
        List<Long> at = publisher.subscribeNanos;
        for (int i = 1; i < at.size(); i++) {
            assertThat(at.get(i) - at.get(i - 1)).isGreaterThanOrEqualTo(Duration.ofMillis(999).toNanos());
        }
        lane.stop().get(5, TimeUnit.SECONDS);
    }

    @Test
    void aSubscriptionThatFailsMidStreamOrEndsResumesAfterItsLastContinuationWithoutRepeats() throws Exception {
        publisher.scripts.add(Script.open(event(0, 3, "1002"), event(3, 2, "1004"))
                .thenFail(SdkClientException.create("connection reset")));
        publisher.scripts.add(Script.open(event(5, 2, "1006")).thenComplete()); // the ~5 minute end
        publisher.scripts.add(Script.open(event(7, 3, "1009")));
        ShardLane lane = lane(1024, completing());
        lane.start();

        await(() -> handedOut.size() == 10);
        assertThat(handedOut).containsExactlyElementsOf(sequences(0, 10));
        assertThat(publisher.requests).hasSize(3);
        assertThat(publisher.requests.get(1).startingPosition().type())
                .isEqualTo(ShardIteratorType.AFTER_SEQUENCE_NUMBER);
        assertThat(publisher.requests.get(1).startingPosition().sequenceNumber()).isEqualTo("1004");
        assertThat(publisher.requests.get(2).startingPosition().sequenceNumber()).isEqualTo("1006");
        await(() -> SequencePosition.of("1009").equals(store.get(STREAM, SHARD).position()));
        lane.stop().get(5, TimeUnit.SECONDS);
        assertThat(publisher.last().cancelled).as("stop cancels the subscription").isTrue();
    }

    @Test
    void losingTheLeaseCancelsTheSubscriptionAndNothingIsSubscribedAgain() throws Exception {
        publisher.scripts.add(Script.open(event(0, 2, "1001")));
        ShardLane lane = lane(1024, completing());
        lane.start();
        await(() -> handedOut.size() == 2);

        lane.lose();
        await(() -> publisher.last().cancelled);
        await(() -> !owner.gone.isEmpty());
        publisher.last().push(event(2, 2, "1003")); // late events of the cancelled stream
        Thread.sleep(1500);
        assertThat(handedOut).hasSize(2);
        assertThat(publisher.requests).hasSize(1);
        assertThat(lane.snapshot().state()).isEqualTo("LOST");
        assertThat(lane.snapshot().subscription()).isEqualTo("CANCELLED");
    }

    @Test
    void noEventIsRequestedWhileTheWindowIsFull() throws Exception {
        publisher.scripts.add(Script.open(event(0, 10, "1009"), event(10, 2, "1011")));
        List<Consumer<Boolean>> open = new CopyOnWriteArrayList<>();
        ShardLane lane = lane(4, (shard, records, behind, attempt, done) -> {
            records.forEach(r -> handedOut.add(r.sequenceNumber()));
            open.add(done);
        });
        lane.start();

        await(() -> handedOut.size() == 4);
        Thread.sleep(500);
        assertThat(handedOut).containsExactlyElementsOf(sequences(0, 4));
        assertThat(publisher.last().requests).as("only the first event was asked for").isEqualTo(1);

        for (int i = 0; i < 12; i++) { // complete one by one as they come: the rest of the event, then the next
            int n = i;
            await(() -> open.size() > n);
            open.get(n).accept(true);
        }
        await(() -> handedOut.size() == 12);
        assertThat(handedOut).containsExactlyElementsOf(sequences(0, 12));
        assertThat(publisher.last().requests).as("the next event only once the first went out").isEqualTo(3);
        lane.stop().get(5, TimeUnit.SECONDS);
    }

    /**
     * An event of a type the SDK does not know answers the lane's request like an empty one: the lane asks for the
     * next, never the publisher's thread (calls on a Subscription must be serial, and the lane makes its own), and
     * reading goes on on the same subscription.
     */
    @Test
    void anEventOfATypeTheSdkDoesNotKnowIsSkippedAndTheLaneAsksForTheNext() throws Exception {
        publisher.scripts.add(Script.open());
        ShardLane lane = lane(1024, completing());
        lane.start();
        await(() -> !publisher.opened.isEmpty() && publisher.last().requests == 1);

        publisher.last().push(SubscribeToShardEventStream.UNKNOWN); // on this thread, as from the SDK's event loop
        await(() -> publisher.last().requests == 2);
        publisher.last().push(event(0, 3, "1002"));
        await(() -> handedOut.size() == 3);

        assertThat(handedOut).containsExactlyElementsOf(sequences(0, 3));
        assertThat(publisher.last().requestThreads).as("every request made by the lane").containsOnly(LANE_THREAD);
        assertThat(publisher.requests).as("the same subscription goes on").hasSize(1);
        assertThat(lane.snapshot().subscription()).isEqualTo("STREAMING");
        lane.stop().get(5, TimeUnit.SECONDS);
    }

    @Test
    void aCaughtUpSubscriptionWhoseShardClosedWithoutSayingSoEndsOnceGetRecordsConfirmsIt() throws Exception {
        publisher.scripts.add(Script.open(event(0, 3, "1002"), event(3, 0, "1002")));
        ShardLane lane = lane(1024, completing());
        lane.start();
        await(() -> handedOut.size() == 3);
        Thread.sleep(300);
        assertThat(owner.ended).as("the probe finds the shard open").isEmpty();

        closedAfter = "1002"; // the shard closed: GetRecords after 1002 finds nothing and no next iterator
        int asked = probes.size();
        publisher.last().push(event(3, 0, "1002")); // kinesis-mock's empty event, continuation unchanged
        await(() -> !owner.ended.isEmpty());
        assertThat(probes.size()).isGreaterThan(asked);
        assertThat(probes).containsOnly("1002");
        assertThat(store.get(STREAM, SHARD).shardEnd()).isTrue();
        assertThat(store.get(STREAM, SHARD).position()).isEqualTo(SequencePosition.of("1002"));
        assertThat(publisher.last().cancelled).isTrue();
    }

    @Test
    void aStreamThatOpensOnlyAfterTheLaneStoppedIsCancelledEvenWithTheLanesPoolGone() throws Exception {
        publisher.scripts.add(Script.deferred());
        ShardLane lane = lane(1024, completing());
        lane.start();
        await(() -> publisher.requests.size() == 1);
        lane.stop().get(5, TimeUnit.SECONDS); // still SUBSCRIBING: nothing to cancel yet
        executor.shutdownNow(); // the consumer stopped: no lane event runs any more

        publisher.openDeferred();
        assertThat(publisher.last().cancelled).as("not left open, holding the shard").isTrue();
    }

    @Test
    void aShardWithACheckpointSubscribesAtItsSequenceNumber() throws Exception {
        ShardClaim claim = store.takeover(STREAM, SHARD, "w0", null, 0).toCompletableFuture().join().orElseThrow();
        store.checkpoint(claim, SequencePosition.of("1004")).toCompletableFuture().join();
        store.release(claim).toCompletableFuture().join();
        publisher.scripts.add(Script.open(event(4, 3, "1006")));
        ShardLane lane = lane(1024, completing());
        lane.start();

        await(() -> handedOut.size() == 2);
        Thread.sleep(200);
        assertThat(handedOut).as("the checkpointed record is read again and skipped").containsExactly("1005", "1006");
        assertThat(publisher.requests.get(0).startingPosition().type())
                .isEqualTo(ShardIteratorType.AT_SEQUENCE_NUMBER);
        assertThat(publisher.requests.get(0).startingPosition().sequenceNumber()).isEqualTo("1004");
        lane.stop().get(5, TimeUnit.SECONDS);
    }
}
