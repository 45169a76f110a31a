package io.kinesisbatch.itest.consumer;

import java.math.BigInteger;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.kinesisbatch.camel.KinesisBatchConsumer;
import io.kinesisbatch.itest.consumer.ConsumerItSupport.Received;
import io.kinesisbatch.itest.support.CheckpointTable;
import io.kinesisbatch.itest.support.Streams;
import org.apache.camel.AsyncCallback;
import org.apache.camel.AsyncProcessor;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.support.AsyncProcessorSupport;
import org.apache.camel.support.service.ServiceHelper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.kinesis.model.Shard;

import static io.kinesisbatch.itest.support.Polling.await;
import static io.kinesisbatch.itest.consumer.ConsumerItSupport.put;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The shard lanes against kinesis-mock and DynamoDB Local: a route suspended and resumed the way Camel's route
 * policies do it (with exchanges in flight), and a double split with the lease clean-up running.
 */
class ConsumerLaneIT extends ConsumerItBase {

    private final ScheduledExecutorService slow = Executors.newScheduledThreadPool(4);

    @AfterEach
    void stopSlow() {
        slow.shutdownNow();
    }

    /** Exchanges that complete 200 ms later on another thread, counting how many run at once per text. */
    private AsyncProcessor slowRoute(Queue<Received> received, Map<String, AtomicInteger> running,
                                     AtomicInteger concurrentDuplicates) {
        return new AsyncProcessorSupport() {
            @Override
            public boolean process(Exchange exchange, AsyncCallback callback) {
                Received r = Received.of(exchange.getMessage());
                received.add(r);
                if (running.computeIfAbsent(r.text(), t -> new AtomicInteger()).incrementAndGet() > 1) {
                    concurrentDuplicates.incrementAndGet();
                }
                slow.schedule(() -> {
                    running.get(r.text()).decrementAndGet();
                    callback.done(false);
                }, 200, TimeUnit.MILLISECONDS);
                return false;
            }
        };
    }

    /** Defect 5 of issue 14: resume must go on where suspend stopped, not re-read while the originals still run. */
    @Test
    void aRouteSuspendedAndResumedWithExchangesInFlightReadsNothingTwiceAndKeepsOrder() throws Exception {
        String table = "it-lane-suspend-" + System.nanoTime();
        String stream = Streams.create(1);
        List<String> written = put(stream, "r", 120);
        Queue<Received> received = ConsumerItSupport.queue();
        Map<String, AtomicInteger> running = new java.util.concurrent.ConcurrentHashMap<>();
        AtomicInteger concurrentDuplicates = new AtomicInteger();
        CamelContext context = consume(peers.uri(stream, quickOptions(table) + "&checkpointLimit=30"),
                slowRoute(received, running, concurrentDuplicates), 20, Map.of());
        KinesisBatchConsumer consumer = ConsumerItSupport.consumer(context, ROUTE);
        await("some records in the route").atMost(Duration.ofSeconds(30)).until(() -> received.size() >= 20);

        ServiceHelper.suspendService(consumer); // as a route policy does: exchanges still in flight
        int atSuspend = received.size();
        Thread.sleep(1500);
        assertThat(received.size()).as("at most the window handed out by then").isLessThanOrEqualTo(atSuspend + 30);
        assertThat(consumer.snapshots()).as("the lease is kept while suspended").hasSize(1)
                .allSatisfy(s -> assertThat(s.state()).isEqualTo("SUSPENDED"));
        int whileSuspended = received.size();
        Thread.sleep(500);
        assertThat(received.size()).as("nothing handed out while suspended").isEqualTo(whileSuspended);

        ServiceHelper.resumeService(consumer);
        await("every record").atMost(Duration.ofSeconds(60)).until(() -> received.size() >= written.size());
        Thread.sleep(1000);
        assertThat(ConsumerItSupport.texts(received)).as("each record exactly once")
                .containsExactlyElementsOf(written);
        assertThat(concurrentDuplicates.get()).isZero();
        List<BigInteger> order = received.stream().map(r -> new BigInteger(r.sequenceNumber())).toList();
        assertThat(order).as("shard order kept").isSorted();
    }

    /**
     * Defect 1 of issue 14: P splits into C1 and C2, then C1 into D1 and D2; the clean-up deletes P's row, later C1's.
     * P must not be read again (it has no row and C1 has none either).
     */
    @Test
    void aDoubleSplitWithTheCleanUpRunningNeverReadsTheGrandparentAgain() throws Exception {
        String table = "it-lane-split-" + System.nanoTime();
        String stream = Streams.create(1);
        String p = Streams.shards(stream).get(0).shardId();
        List<String> all = new ArrayList<>(put(stream, "p", 30));
        Queue<Received> received = ConsumerItSupport.queue();
        consume(peers.uri(stream, quickOptions(table) + "&rebalanceInterval=1s"),
                e -> received.add(Received.of(e.getMessage())));
        await("P's records").atMost(Duration.ofSeconds(30)).until(() -> received.size() >= 30);

        BigInteger half = BigInteger.ONE.shiftLeft(127);
        peers.kinesis().splitShard(b -> b.streamName(stream).shardToSplit(p).newStartingHashKey(half.toString()))
                .join();
        Streams.awaitActive(stream);
        String c1 = childStartingAt(stream, p, BigInteger.ZERO);
        all.addAll(put(stream, "c", 30));
        await("P's row cleaned up").atMost(Duration.ofSeconds(60))
                .until(() -> CheckpointTable.row(table, stream, p) == null);

        peers.kinesis().splitShard(b -> b.streamName(stream).shardToSplit(c1)
                .newStartingHashKey(half.shiftRight(1).toString())).join();
        Streams.awaitActive(stream);
        all.addAll(put(stream, "d", 30));
        await("C1's row cleaned up").atMost(Duration.ofSeconds(60))
                .until(() -> CheckpointTable.row(table, stream, c1) == null);
        await("every record").atMost(Duration.ofSeconds(60)).until(() -> received.size() >= all.size());
        Thread.sleep(4000); // several rebalances with neither P's nor C1's row in the table

        assertThat(ConsumerItSupport.texts(received)).as("nothing read twice, P included")
                .containsExactlyInAnyOrderElementsOf(all);
        assertThat(CheckpointTable.row(table, stream, p)).as("P not claimed again").isNull();
    }

    private static String childStartingAt(String stream, String parent, BigInteger startingHashKey) {
        return Streams.shards(stream).stream()
                .filter(s -> parent.equals(s.parentShardId()))
                .filter(s -> new BigInteger(s.hashKeyRange().startingHashKey()).equals(startingHashKey))
                .map(Shard::shardId).findFirst().orElseThrow();
    }
}
