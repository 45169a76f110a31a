package io.kinesisbatch.itest.lease;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import io.kinesisbatch.camel.checkpoint.CheckpointAttributes;
import io.kinesisbatch.camel.checkpoint.DynamoDbCheckpointStore;
import io.kinesisbatch.camel.checkpoint.SequencePosition;
import io.kinesisbatch.camel.checkpoint.ShardClaim;
import io.kinesisbatch.itest.consumer.ConsumerItBase;
import io.kinesisbatch.itest.consumer.ConsumerItSupport.Received;
import io.kinesisbatch.itest.consumer.ConsumerItSupport;
import io.kinesisbatch.itest.lease.LeaseItSupport.KillableStore;
import io.kinesisbatch.itest.support.AwsPeers;
import io.kinesisbatch.itest.support.CheckpointTable;
import io.kinesisbatch.itest.support.Streams;
import org.apache.camel.CamelContext;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import static io.kinesisbatch.itest.consumer.ConsumerItSupport.put;
import static io.kinesisbatch.itest.lease.LeaseItSupport.FAST;
import static io.kinesisbatch.itest.lease.LeaseItSupport.owners;
import static io.kinesisbatch.itest.support.Polling.await;
import static org.assertj.core.api.Assertions.assertThat;

/** Consumers that die or stall: their leases are taken, nothing is lost, and a fenced worker writes nothing. */
class LeaseFailoverIT extends ConsumerItBase {

    private static final String TABLE = "it-lease-failover-" + System.nanoTime();
    private static final int CHECKPOINT_LIMIT = 50;

    @Test
    void theShardsOfAKilledConsumerAreTakenWithinLeaseDurationPlusRebalanceAndDuplicatesStayBounded()
            throws Exception {
        String stream = Streams.create(6);
        Queue<Received> received = ConsumerItSupport.queue();
        KillableStore victimStore = new KillableStore(TABLE);
        AtomicBoolean victimDead = new AtomicBoolean();
        java.util.concurrent.atomic.AtomicInteger victimCount = new java.util.concurrent.atomic.AtomicInteger();
        String options = FAST + "&checkpointTable=" + TABLE + "&checkpointLimit=" + CHECKPOINT_LIMIT;
        List<CamelContext> all = new ArrayList<>();
        all.add(consume(AwsPeers.get().uri(stream, options + "&workerId=k1&checkpointStore=#victimStore"), e -> {
            if (!victimDead.get()) { // a dead process hands nothing more to anybody
                received.add(Received.of(e.getMessage()));
                victimCount.incrementAndGet();
            }
        }, 5, Map.of("victimStore", victimStore)));
        all.add(consume(AwsPeers.get().uri(stream, options + "&workerId=k2"),
                e -> received.add(Received.of(e.getMessage()))));
        all.add(consume(AwsPeers.get().uri(stream, options + "&workerId=k3"),
                e -> received.add(Received.of(e.getMessage()))));
        await("2 shards each").atMost(Duration.ofSeconds(30))
                .until(() -> owners(TABLE, stream).equals(Map.of("k1", 2, "k2", 2, "k3", 2)));
        await("every shard read by one consumer").atMost(Duration.ofSeconds(10))
                .until(() -> LeaseItSupport.reading(all) == 6);

        List<String> written = new ArrayList<>(put(stream, "before", 300));
        int recent;
        try (LeaseItSupport.CountSampler victimSamples = new LeaseItSupport.CountSampler(victimCount::get)) {
            await("some records read by every consumer").atMost(Duration.ofSeconds(30))
                    .until(() -> received.size() >= 150);
            victimDead.set(true);
            victimStore.kill();
            recent = victimCount.get()
                     - victimSamples.at(System.nanoTime() - LeaseItSupport.LAST_WRITE_WITHIN.toNanos());
        }
        long killedAt = System.nanoTime();
        written.addAll(put(stream, "during", 200));

        await("k1's shards taken").atMost(Duration.ofSeconds(15)).until(() -> !owners(TABLE, stream).containsKey("k1"));
        Duration takeover = Duration.ofNanos(System.nanoTime() - killedAt);
        assertThat(takeover).as("leaseDuration + rebalanceInterval + margin").isLessThan(Duration.ofSeconds(3 + 1 + 3));
        written.addAll(put(stream, "after", 100));

        await("every record at least once").atMost(Duration.ofSeconds(60))
                .until(() -> ConsumerItSupport.texts(received).containsAll(written));
        Thread.sleep(500);
        List<String> texts = ConsumerItSupport.texts(received);
        int duplicates = texts.size() - new HashSet<>(texts).size();
        // what k1 completed after its last checkpoint write (one every checkpointInterval), plus what it had in flight
        assertThat(duplicates).as("duplicates <= what k1 processed in its last %d ms + checkpointLimit x its 2 shards",
                LeaseItSupport.LAST_WRITE_WITHIN.toMillis()).isLessThanOrEqualTo(recent + CHECKPOINT_LIMIT * 2);
    }

    @Test
    void aPausedWorkerWhoseLeaseWasTakenCannotMoveTheCheckpoint() throws Exception {
        String stream = Streams.create(1);
        String shard = Streams.shards(stream).get(0).shardId();
        CountDownLatch paused = new CountDownLatch(1);
        CountDownLatch resume = new CountDownLatch(1);
        CamelContext p1 = consume(AwsPeers.get().uri(stream, FAST + "&checkpointTable=" + TABLE + "&workerId=p1"),
                e -> {
                    paused.countDown();
                    resume.await(60, TimeUnit.SECONDS);
                }, 5, Map.of());
        put(stream, "paused", 20);
        assertThat(paused.await(30, TimeUnit.SECONDS)).isTrue();

        // another worker takes the lease while p1's exchange hangs (its heartbeat runs on: take it by steal)
        DynamoDbCheckpointStore store = LeaseItSupport.store(TABLE);
        ShardClaim taken = null;
        while (taken == null) {
            Map<String, AttributeValue> row = CheckpointTable.row(TABLE, stream, shard);
            taken = store
                    .takeover(stream, shard, "p2", "p1",
                            Long.parseLong(row.get(CheckpointAttributes.LEASE_COUNTER).n()))
                    .toCompletableFuture().join().orElse(null);
        }
        SequencePosition mine = SequencePosition.of("1", 0);
        assertThat(store.checkpoint(taken, mine).toCompletableFuture().join()).isTrue();

        resume.countDown(); // p1's exchanges complete: it must find the lease lost and write nothing
        await("p1 stopped the shard").atMost(Duration.ofSeconds(10))
                .until(() -> ConsumerItSupport.consumer(p1, ROUTE).snapshots().isEmpty());
        Thread.sleep(500); // checkpoint intervals and a heartbeat of p1
        ShardClaim held = store.renew(taken).toCompletableFuture().join().orElseThrow(); // p2 is alive
        Thread.sleep(500);
        Map<String, AttributeValue> row = CheckpointTable.row(TABLE, stream, shard);
        assertThat(row.get(CheckpointAttributes.OWNER).s()).isEqualTo("p2");
        assertThat(row.get(CheckpointAttributes.SEQUENCE).s()).isEqualTo("1");
        assertThat(Long.parseLong(row.get(CheckpointAttributes.LEASE_COUNTER).n())).isEqualTo(held.leaseCounter());
    }

    /**
     * A synchronous route whose one exchange takes three lease durations: the route runs off the shard's lane, so the
     * lease is renewed meanwhile and a second consumer on the same table never takes the shard.
     */
    @Test
    void aSynchronousRouteSlowerThanTheLeaseDurationKeepsItsLease() throws Exception {
        String stream = Streams.create(1);
        String shard = Streams.shards(stream).get(0).shardId();
        String options = "leaseDuration=2s&rebalanceInterval=500ms&checkpointInterval=200ms&pollDelay=200ms"
                         + "&checkpointTable=" + TABLE;
        Queue<Received> slowReceived = ConsumerItSupport.queue();
        Queue<Received> otherReceived = ConsumerItSupport.queue();
        CountDownLatch inSlowExchange = new CountDownLatch(1);
        consume(AwsPeers.get().uri(stream, options + "&workerId=slow1"), e -> {
            Received r = Received.of(e.getMessage());
            if (r.text().equals("slow-0")) {
                inSlowExchange.countDown();
                Thread.sleep(6_000); // a synchronous route busy with one exchange for three lease durations
            }
            slowReceived.add(r);
        });
        List<String> written = put(stream, "slow", 5);
        assertThat(inSlowExchange.await(30, TimeUnit.SECONDS)).isTrue();
        consume(AwsPeers.get().uri(stream, options + "&workerId=slow2"),
                e -> otherReceived.add(Received.of(e.getMessage())));

        long counter = Long
                .parseLong(CheckpointTable.row(TABLE, stream, shard).get(CheckpointAttributes.LEASE_COUNTER).n());
        Thread.sleep(4_500); // two lease durations, and rebalances of slow2 every 500 ms
        Map<String, AttributeValue> row = CheckpointTable.row(TABLE, stream, shard);
        assertThat(row.get(CheckpointAttributes.OWNER).s()).as("the lease is kept").isEqualTo("slow1");
        assertThat(Long.parseLong(row.get(CheckpointAttributes.LEASE_COUNTER).n()))
                .as("renewed while the route was busy")
                .isGreaterThanOrEqualTo(counter + 4);

        await("every record read by slow1").atMost(Duration.ofSeconds(30))
                .until(() -> ConsumerItSupport.texts(slowReceived).containsAll(written));
        Thread.sleep(500);
        assertThat(ConsumerItSupport.texts(slowReceived)).as("each once, in order").containsExactlyElementsOf(written);
        assertThat(otherReceived).as("the second consumer never took the shard").isEmpty();
        assertThat(CheckpointTable.row(TABLE, stream, shard).get(CheckpointAttributes.OWNER).s()).isEqualTo("slow1");
    }
}
