package io.kinesisbatch.itest.consumer;

import java.math.BigInteger;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

import io.kinesisbatch.camel.checkpoint.CheckpointAttributes;
import io.kinesisbatch.camel.checkpoint.InMemoryCheckpointStore;
import io.kinesisbatch.camel.checkpoint.SequencePosition;
import io.kinesisbatch.itest.consumer.ConsumerItSupport.Received;
import io.kinesisbatch.itest.support.Streams;
import org.apache.camel.CamelContext;
import org.apache.camel.Message;
import org.apache.camel.health.HealthCheck;
import org.apache.camel.health.HealthCheckHelper;
import org.junit.jupiter.api.Test;

import static io.kinesisbatch.itest.consumer.ConsumerItSupport.lastSequencePerShard;
import static io.kinesisbatch.itest.consumer.ConsumerItSupport.put;
import static io.kinesisbatch.itest.consumer.ConsumerItSupport.texts;
import static io.kinesisbatch.itest.support.CheckpointTable.checkpoints;
import static io.kinesisbatch.itest.support.Polling.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The consumer against kinesis-mock and DynamoDB Local: a stream read in full with one checkpoint row per shard at its
 * last record; a failing record redelivered while the checkpoint waits for it; start positions; List mode.
 */
class ConsumerIT extends ConsumerItBase {

    private static final String TABLE = "it-consumer-" + System.nanoTime();
    private static final String FAST = quickOptions(TABLE);

    @Test
    void readsAPrefilledStreamInFullAndCheckpointsEveryShardAtItsLastRecord() throws Exception {
        String stream = Streams.create(4);
        List<String> written = put(stream, "full", 400);
        Map<String, String> lastPerShard = lastSequencePerShard(Streams.readAll(stream));
        assertThat(lastPerShard).hasSize(4);

        Queue<Received> received = ConsumerItSupport.queue();
        CamelContext context = consume(peers.uri(stream, FAST), e -> received.add(Received.of(e.getMessage())));

        await("400 records").atMost(Duration.ofSeconds(60)).until(() -> received.size() >= 400);
        await("checkpoints at each shard's last record").atMost(Duration.ofSeconds(20))
                .until(() -> checkpoints(TABLE, stream).equals(lastPerShard));
        assertThat(texts(received)).containsExactlyInAnyOrderElementsOf(written);
        // within a shard, records reach the route in sequence order
        received.stream().collect(Collectors.groupingBy(Received::shardId)).values().forEach(
                shard -> assertThat(shard.stream().map(r -> new BigInteger(r.sequenceNumber())).toList()).isSorted());
        assertThat(received).allSatisfy(r -> assertThat(r.partitionKey()).isEqualTo(r.text()));

        // readiness from the workers' snapshots: UP, with each shard's checkpoint
        HealthCheck.Result health = HealthCheckHelper.invokeReadiness(context).stream()
                .filter(r -> r.getCheck().getId().equals("consumer:" + ROUTE)).findFirst()
                .orElseThrow(() -> new AssertionError("no consumer check among " + HealthCheckHelper.invoke(context)
                        .stream().map(r -> r.getCheck().getGroup() + "/" + r.getCheck().getId()).toList()));
        assertThat(health.getState()).isEqualTo(HealthCheck.State.UP);
        lastPerShard.forEach((shard, last) -> assertThat(health.getDetails()).containsEntry(
                "shard." + shard + ".checkpoint", last));
    }

    @Test
    void aFailingRecordIsRedeliveredWithTheSameHeadersAndTheCheckpointWaitsForIt() throws Exception {
        String stream = Streams.create(1);
        put(stream, "fail", 20);
        String poisonSequence = Streams.readAll(stream).stream().filter(r -> r.text().equals("fail-5"))
                .findFirst().orElseThrow().sequenceNumber();

        AtomicInteger attempts = new AtomicInteger();
        Queue<Received> received = ConsumerItSupport.queue();
        Queue<String> checkpointsWhileFailing = new ConcurrentLinkedQueue<>();
        consume(peers.uri(stream, FAST), e -> {
            Received r = Received.of(e.getMessage());
            if (r.text().equals("fail-5")) {
                assertThat(r.sequenceNumber()).isEqualTo(poisonSequence);
                if (attempts.incrementAndGet() <= 3) {
                    String checkpoint = checkpoints(TABLE, stream).get(r.shardId());
                    if (checkpoint != null) {
                        checkpointsWhileFailing.add(checkpoint);
                    }
                    throw new IllegalStateException("failing on purpose, attempt " + attempts.get());
                }
            }
            received.add(r);
        });

        await("20 records").atMost(Duration.ofSeconds(40)).until(() -> received.size() >= 20);
        assertThat(attempts.get()).isEqualTo(4);
        assertThat(texts(received)).hasSize(20).doesNotHaveDuplicates();
        assertThat(checkpointsWhileFailing).allSatisfy(
                c -> assertThat(new BigInteger(c)).isLessThan(new BigInteger(poisonSequence)));
        String last = lastSequencePerShard(Streams.readAll(stream)).values().iterator().next();
        await("checkpoint after the redelivered record").atMost(Duration.ofSeconds(10))
                .until(() -> last.equals(checkpoints(TABLE, stream).values().stream().findFirst().orElse(null)));
    }

    @Test
    void latestReadsOnlyRecordsWrittenAfterTheStart() throws Exception {
        String stream = Streams.create(2);
        put(stream, "old", 30);
        Queue<Received> received = ConsumerItSupport.queue();
        CamelContext context = consume(peers.uri(stream, FAST + "&iteratorType=LATEST"),
                e -> received.add(Received.of(e.getMessage())));
        ConsumerItSupport.awaitReading(context, ROUTE, 2);

        List<String> fresh = put(stream, "new", 20);
        await("20 new records").atMost(Duration.ofSeconds(30)).until(() -> received.size() >= 20);
        Thread.sleep(500); // nothing old arrives late
        assertThat(texts(received)).containsExactlyInAnyOrderElementsOf(fresh);
    }

    @Test
    void atTimestampStartsAtTheFirstRecordWrittenFromThen() throws Exception {
        String stream = Streams.create(2);
        put(stream, "before", 30);
        Thread.sleep(1500);
        long from = System.currentTimeMillis();
        Thread.sleep(100);
        List<String> after = put(stream, "after", 20);

        Queue<Received> received = ConsumerItSupport.queue();
        consume(peers.uri(stream, FAST + "&iteratorType=AT_TIMESTAMP&messageTimestamp=" + from),
                e -> received.add(Received.of(e.getMessage())));
        await("20 records").atMost(Duration.ofSeconds(30)).until(() -> received.size() >= 20);
        Thread.sleep(500);
        assertThat(texts(received)).containsExactlyInAnyOrderElementsOf(after);
    }

    @Test
    void listModeCarriesUpToMaxRecordsPerExchangeOfOneShard() throws Exception {
        String stream = Streams.create(2);
        List<String> written = put(stream, "list", 200);

        Queue<Received> received = ConsumerItSupport.queue();
        Queue<Integer> sizes = new ConcurrentLinkedQueue<>();
        consume(peers.uri(stream, FAST + "&maxRecordsPerExchange=50"), e -> {
            @SuppressWarnings("unchecked")
            List<Message> records = e.getMessage().getBody(List.class);
            sizes.add(records.size());
            List<Received> batch = records.stream().map(Received::of).toList();
            assertThat(batch.stream().map(Received::shardId).distinct()).hasSize(1);
            received.addAll(batch);
        });

        await("200 records").atMost(Duration.ofSeconds(40)).until(() -> received.size() >= 200);
        assertThat(texts(received)).containsExactlyInAnyOrderElementsOf(written);
        assertThat(sizes).allSatisfy(n -> assertThat(n).isBetween(1, 50));
        assertThat(sizes.stream().mapToInt(Integer::intValue).max().orElse(0)).isGreaterThan(1);
        Map<String, String> lastPerShard = lastSequencePerShard(Streams.readAll(stream));
        await("checkpoints at the end").atMost(Duration.ofSeconds(10))
                .until(() -> checkpoints(TABLE, stream).equals(lastPerShard));
    }

    @Test
    void aStreamArnAndShardIdsReadExactlyTheListedShards() throws Exception {
        String stream = Streams.create(2);
        put(stream, "arn", 60);
        List<Streams.StreamRecord> all = Streams.readAll(stream);
        String chosen = all.get(0).shardId();
        List<String> expected = all.stream().filter(r -> r.shardId().equals(chosen)).map(Streams.StreamRecord::text)
                .toList();

        Queue<Received> received = ConsumerItSupport.queue();
        consume(peers.uri(Streams.arn(stream), FAST + "&shardIds=" + chosen),
                e -> received.add(Received.of(e.getMessage())));
        await(expected.size() + " records of " + chosen).atMost(Duration.ofSeconds(30))
                .until(() -> received.size() >= expected.size());
        Thread.sleep(1000); // nothing of the other shard arrives
        assertThat(texts(received)).containsExactlyElementsOf(expected);
        assertThat(received).allSatisfy(r -> assertThat(r.shardId()).isEqualTo(chosen));
        assertThat(ConsumerItSupport.rows(TABLE)).anySatisfy(row -> {
            assertThat(row.get(CheckpointAttributes.STREAM_ID).s()).isEqualTo(Streams.arn(stream));
            assertThat(row.get(CheckpointAttributes.SHARD_ID).s()).isEqualTo(chosen);
        });
    }

    @Test
    void aStreamThatDoesNotExistStopsTheRouteAtStartNamingIt() {
        String missing = "it-no-such-stream-" + System.nanoTime();
        assertThatThrownBy(() -> consume(peers.uri(missing, FAST), e -> {}))
                .satisfies(thrown -> assertThat(messages(thrown)).contains(missing));
    }

    @Test
    void aListedShardTheStreamDoesNotHaveStopsTheRouteAtStart() throws Exception {
        String stream = Streams.create(1);
        assertThatThrownBy(() -> consume(peers.uri(stream, FAST + "&shardIds=shardId-000000000099"), e -> {}))
                .satisfies(thrown -> assertThat(messages(thrown)).contains("does not have")
                        .contains("shardId-000000000099"));
    }

    /** The messages of a failure and its causes, one string: Camel wraps a route's start failure more than once. */
    private static String messages(Throwable thrown) {
        StringBuilder all = new StringBuilder();
        for (Throwable t = thrown; t != null; t = t.getCause()) {
            all.append(t.getMessage()).append('\n');
        }
        return all.toString();
    }

    @Test
    void aCheckpointStoreBeanReplacesTheTable() throws Exception {
        String stream = Streams.create(1);
        put(stream, "mem", 20);
        String last = lastSequencePerShard(Streams.readAll(stream)).values().iterator().next();
        String shard = Streams.shards(stream).get(0).shardId();

        InMemoryCheckpointStore store = new InMemoryCheckpointStore();
        Queue<Received> received = ConsumerItSupport.queue();
        consume(peers.uri(stream, FAST + "&checkpointStore=#memory"), e -> received.add(Received.of(e.getMessage())),
                20, Map.of("memory", store));
        await("20 records").atMost(Duration.ofSeconds(30)).until(() -> received.size() >= 20);
        await("checkpoint in memory").atMost(Duration.ofSeconds(10)).until(() -> store.get(stream, shard) != null
                                                                                 && SequencePosition.of(last).equals(
                                                                                         store.get(stream, shard)
                                                                                                 .position()));
        assertThat(checkpoints(TABLE, stream)).isEmpty();
    }

    @Test
    void withSkipFailedRecordsAFailedRecordIsAcknowledgedOnceAndTheCheckpointMovesOn() throws Exception {
        String stream = Streams.create(1);
        put(stream, "skip", 20);
        String last = lastSequencePerShard(Streams.readAll(stream)).values().iterator().next();

        AtomicInteger poisonAttempts = new AtomicInteger();
        Queue<Received> received = ConsumerItSupport.queue();
        consume(peers.uri(stream, FAST + "&skipFailedRecords=true"), e -> {
            Received r = Received.of(e.getMessage());
            received.add(r);
            if (r.text().equals("skip-7")) {
                poisonAttempts.incrementAndGet();
                throw new IllegalStateException("always failing on purpose");
            }
        });
        await("20 records").atMost(Duration.ofSeconds(30)).until(() -> received.size() >= 20);
        await("checkpoint past the failed record").atMost(Duration.ofSeconds(10))
                .until(() -> last.equals(checkpoints(TABLE, stream).values().stream().findFirst().orElse(null)));
        Thread.sleep(1500); // no redelivery comes (it would after 1 s)
        assertThat(poisonAttempts.get()).isEqualTo(1);
        assertThat(texts(received)).hasSize(20).doesNotHaveDuplicates();
    }
}
