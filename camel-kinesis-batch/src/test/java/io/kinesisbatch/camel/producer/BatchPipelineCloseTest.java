package io.kinesisbatch.camel.producer;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import io.kinesisbatch.camel.FakeKinesis;
import io.kinesisbatch.camel.KinesisBatchException;
import io.kinesisbatch.camel.KinesisBatchProducerStoppedException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** What the pipeline does with records handed over after its close gave up waiting for them. */
class BatchPipelineCloseTest {

    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
    private final ExecutorService routing = Executors.newSingleThreadExecutor();
    private final FakeKinesis kinesis = new FakeKinesis();

    @AfterEach
    void stop() {
        scheduler.shutdownNow();
        routing.shutdownNow();
    }

    @Test
    void recordsHandedOverAfterTheShutdownTimeoutFailAtOnceUnsent() throws Exception {
        Accumulator accumulator = new Accumulator(10, 1_000_000, 0, 4, Long.MAX_VALUE);
        BatchPipeline pipeline = new BatchPipeline(accumulator, new KinesisGateway(kinesis, kinesis, "s"),
                new Backoff(Backoff.Strategy.CONSTANT, 1, 1, () -> 0.5), 3, scheduler, routing,
                new CompletionRunner(routing, 1, scheduler, 2, TimeUnit.MILLISECONDS, System::nanoTime),
                new ProducerStats(), System::nanoTime);
        // a caller reserved room before the stop, and hands its record over only after close gave up waiting
        assertThat(accumulator.reserve(1, 1, false)).isEqualTo(Accumulator.Reservation.OK);
        assertThat(pipeline.close(50)).as("nothing was handed over yet").isZero();

        CompletableFuture<KinesisBatchException> outcome = new CompletableFuture<>();
        pipeline.submit(List.of(new BufferedRecord(new RecordDraft(new byte[]{ 1 }, "k", null),
                new RecordListener() {
                    @Override
                    public Runnable succeeded(String shardId, String sequenceNumber) {
                        outcome.complete(null);
                        return null;
                    }

                    @Override
                    public Runnable failed(KinesisBatchException error) {
                        outcome.complete(error);
                        return null;
                    }
                })));

        assertThat(outcome).as("failed at once, on the caller's thread").isDone();
        assertThat(outcome.get()).isInstanceOf(KinesisBatchProducerStoppedException.class)
                .hasMessageContaining("endpoint for stream s is stopped");
        assertThat(kinesis.requests()).as("nothing sent on clients the endpoint closes next").isEmpty();
        assertThat(accumulator.snapshot().bufferedRecords()).as("its room was given back").isZero();
    }
}
