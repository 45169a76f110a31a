package io.kinesisbatch.camel.producer.aggregation;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;

import io.kinesisbatch.camel.FakeKinesis;
import io.kinesisbatch.camel.KinesisBatchRecordRejectedException;
import io.kinesisbatch.camel.aggregation.AggregateDecoder;
import io.kinesisbatch.camel.aggregation.SubRecord;
import io.kinesisbatch.camel.producer.Accumulator;
import io.kinesisbatch.camel.producer.Backoff;
import io.kinesisbatch.camel.producer.BatchPipeline;
import io.kinesisbatch.camel.producer.BatchShaper;
import io.kinesisbatch.camel.producer.BufferedRecord;
import io.kinesisbatch.camel.producer.CompletionRunner;
import io.kinesisbatch.camel.producer.KinesisGateway;
import io.kinesisbatch.camel.producer.ProducerStats;
import io.kinesisbatch.camel.producer.RecordDraft;
import io.kinesisbatch.camel.shardmap.HashKeys;
import io.kinesisbatch.camel.shardmap.ShardMap;
import io.kinesisbatch.camel.shardmap.ShardMapCache;
import io.kinesisbatch.camel.shardmap.TestShards;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.kinesis.model.PutRecordsRequest;
import software.amazon.awssdk.services.kinesis.model.PutRecordsRequestEntry;
import software.amazon.awssdk.services.kinesis.model.PutRecordsResponse;
import software.amazon.awssdk.services.kinesis.model.PutRecordsResultEntry;
import software.amazon.awssdk.services.kinesis.model.Shard;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The pipeline with aggregation, against a fake Kinesis whose shards are a {@link ShardMap} the test changes: every
 * message completes alone (aggregate's shard and sequence number, its own sub-sequence number, or its own error), a
 * failed aggregate entry retries all its messages, and an aggregate that landed on a shard not holding all its
 * messages' hash keys is sent again, re-grouped.
 */
class AggregatedPipelineTest {

    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
    private final ExecutorService routing = Executors.newSingleThreadExecutor();
    private final FakeKinesis kinesis = new FakeKinesis();
    /** Where the fake Kinesis really puts records (the stream's shards now). */
    private final AtomicReference<ShardMap> truth = new AtomicReference<>(
            ShardMap.ofListedShards(TestShards.oneShard()));

    @AfterEach
    void stop() {
        scheduler.shutdownNow();
        routing.shutdownNow();
    }

    private BatchPipeline pipeline(Accumulator accumulator, BatchShaper shaper) {
        return new BatchPipeline(accumulator, new KinesisGateway(kinesis, kinesis, "s"),
                new Backoff(Backoff.Strategy.CONSTANT, 1, 1, () -> 0.5), 3, scheduler, routing,
                new CompletionRunner(routing, 1, scheduler, 2, TimeUnit.MILLISECONDS, System::nanoTime),
                new ProducerStats(), System::nanoTime, shaper);
    }

    /** Writes every entry to the shard {@link #truth} holds its explicit hash key (else its key's MD5) in. */
    private PutRecordsResponse land(PutRecordsRequest request, Function<Integer, String> errorOf) {
        List<PutRecordsResultEntry> results = new ArrayList<>();
        for (int i = 0; i < request.records().size(); i++) {
            PutRecordsRequestEntry e = request.records().get(i);
            String code = errorOf.apply(i);
            if (code != null) {
                results.add(PutRecordsResultEntry.builder().errorCode(code).errorMessage("injected " + code).build());
                continue;
            }
            BigInteger hashKey = HashKeys.effective(e.partitionKey(), e.explicitHashKey());
            results.add(PutRecordsResultEntry.builder().shardId(truth.get().shardFor(hashKey).orElseThrow().shardId())
                    .sequenceNumber(String.valueOf(1000 + i)).build());
        }
        return PutRecordsResponse.builder().records(results).build();
    }

    /**
     * A shard map listing one shard while the stream (the fake's {@link #truth}) was split in two; the next listing
     * shows the split.
     */
    private ShardMapCache staleMapOfASplitStream() throws Exception {
        List<List<Shard>> listings = new ArrayList<>(List.of(TestShards.oneShard(), TestShards.split()));
        ShardMapCache maps = new ShardMapCache("s",
                () -> CompletableFuture.completedFuture(listings.size() > 1 ? listings.remove(0) : listings.get(0)),
                System::nanoTime);
        maps.refreshStartedAfter(System.nanoTime()).get(5, TimeUnit.SECONDS);
        truth.set(ShardMap.ofListedShards(TestShards.split()));
        return maps;
    }

    private static void submit(BatchPipeline pipeline, Accumulator accumulator, List<BufferedRecord> records) {
        assertThat(accumulator.reserve(records.size() * 100L, records.size(), false))
                .isEqualTo(Accumulator.Reservation.OK);
        pipeline.submit(records);
    }

    @Test
    void everyMessageCompletesWithTheAggregatesPositionAndItsOwnSubSequenceNumber() throws Exception {
        kinesis.then(r -> land(r, i -> null));
        Accumulator accumulator = new Accumulator(6, 1 << 20, 0, 1, Long.MAX_VALUE);
        BatchPipeline pipeline = pipeline(accumulator, new AggregatingShaper(AggregationMode.PARTITION_KEY, 51200,
                500, 5 << 20, null, System::nanoTime));
        Outcomes outcomes = new Outcomes(6);
        List<BufferedRecord> records = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            records.add(new BufferedRecord(new RecordDraft(("m" + i).getBytes(), i < 5 ? "a" : "b", null),
                    outcomes.listener("m" + i)));
        }
        submit(pipeline, accumulator, records);
        outcomes.await();

        assertThat(kinesis.requests()).hasSize(1);
        assertThat(kinesis.requests().get(0).records()).hasSize(2);
        for (int i = 0; i < 5; i++) {
            assertThat(outcomes.byName.get("m" + i)).isEqualTo("shard-0/1000/" + i);
        }
        assertThat(outcomes.byName.get("m5")).isEqualTo("shard-0/1001/-1"); // alone: plain
    }

    @Test
    void aFailedAggregateRetriesAllItsMessagesAndARejectedOneFailsEachAlone() throws Exception {
        truth.set(ShardMap.ofListedShards(TestShards.oneShard()));
        kinesis.then(r -> land(r, i -> i == 0 ? "ProvisionedThroughputExceededException" : "InvalidArgumentException"))
                .then(r -> land(r, i -> null));
        Accumulator accumulator = new Accumulator(6, 1 << 20, 0, 1, Long.MAX_VALUE);
        BatchPipeline pipeline = pipeline(accumulator, new AggregatingShaper(AggregationMode.PARTITION_KEY, 51200,
                500, 5 << 20, null, System::nanoTime));
        Outcomes outcomes = new Outcomes(6);
        List<BufferedRecord> records = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            records.add(new BufferedRecord(new RecordDraft(("m" + i).getBytes(), i % 2 == 0 ? "a" : "b", null),
                    outcomes.listener("m" + i)));
        }
        submit(pipeline, accumulator, records);
        outcomes.await();

        assertThat(kinesis.requests()).hasSize(2);
        // the throttled aggregate of "a" went again, whole: its three messages in one entry
        List<PutRecordsRequestEntry> again = kinesis.requests().get(1).records();
        assertThat(again).hasSize(1);
        assertThat(AggregateDecoder.decode(again.get(0).data().asByteArray()).orElseThrow())
                .extracting(SubRecord::partitionKey).containsExactly("a", "a", "a");
        assertThat(outcomes.byName.get("m2")).asString().endsWith("/1");
        for (String rejected : List.of("m1", "m3", "m5")) {
            assertThat(outcomes.byName.get(rejected)).isInstanceOf(KinesisBatchRecordRejectedException.class);
        }
    }

    @Test
    void anAggregateThatLandedOnAShardNotHoldingAllItsKeysIsSentAgainRegrouped() throws Exception {
        // the producer lists one shard; the stream was split meanwhile: its aggregate of keys from both halves lands
        // on one child (its first key's), whose consumer would drop it whole
        ShardMapCache maps = staleMapOfASplitStream();
        kinesis.then(r -> land(r, i -> null)).then(r -> land(r, i -> null));
        Accumulator accumulator = new Accumulator(6, 1 << 20, 0, 1, Long.MAX_VALUE);
        BatchPipeline pipeline = pipeline(accumulator, new AggregatingShaper(AggregationMode.SHARD, 51200, 500,
                5 << 20, maps, System::nanoTime));
        Outcomes outcomes = new Outcomes(4);
        List<BufferedRecord> records = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            records.add(new BufferedRecord(new RecordDraft(new byte[10], TestShards.keyIn(i < 2, i), null),
                    outcomes.listener("m" + i)));
        }
        submit(pipeline, accumulator, records);
        outcomes.await();

        assertThat(kinesis.requests()).hasSize(2);
        assertThat(kinesis.requests().get(0).records()).hasSize(1); // all four predicted to shard-0
        assertThat(kinesis.requests().get(1).records()).hasSize(2); // re-grouped by the new map: one per child
        assertThat(outcomes.byName.get("m0")).asString().startsWith("shard-1/");
        assertThat(outcomes.byName.get("m3")).asString().startsWith("shard-2/");
    }

    @Test
    void anAggregateThatLandedElsewhereButWhoseShardHoldsAllItsKeysIsDone() throws Exception {
        ShardMapCache maps = staleMapOfASplitStream();
        kinesis.then(r -> land(r, i -> null));
        Accumulator accumulator = new Accumulator(3, 1 << 20, 0, 1, Long.MAX_VALUE);
        BatchPipeline pipeline = pipeline(accumulator, new AggregatingShaper(AggregationMode.SHARD, 51200, 500,
                5 << 20, maps, System::nanoTime));
        Outcomes outcomes = new Outcomes(3);
        List<BufferedRecord> records = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            records.add(new BufferedRecord(new RecordDraft(new byte[10], TestShards.keyIn(false, i), null),
                    outcomes.listener("m" + i)));
        }
        submit(pipeline, accumulator, records);
        outcomes.await();

        assertThat(kinesis.requests()).hasSize(1);
        assertThat(outcomes.byName.values()).allSatisfy(o -> assertThat(o).asString().startsWith("shard-2/1000/"));
    }
}
