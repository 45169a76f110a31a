package io.kinesisbatch.camel.producer;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import io.kinesisbatch.camel.FakeKinesis;
import io.kinesisbatch.camel.KinesisBatchException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Where a PutRecords reply is sorted: on the thread completing the call for the endpoint's own client, else on the
 * {@code replies} executor.
 */
class BatchPipelineRepliesTest {

    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
    private final ExecutorService replies = Executors.newSingleThreadExecutor(r -> new Thread(r, "replies"));
    private final ExecutorService routing = Executors.newSingleThreadExecutor(r -> new Thread(r, "routing"));

    @AfterEach
    void stop() {
        scheduler.shutdownNow();
        replies.shutdownNow();
        routing.shutdownNow();
    }

    @Test
    void onTheEndpointsOwnClientTheReplyIsSortedWhereTheCallCompletes() throws Exception {
        FakeKinesis own = new FakeKinesis();
        assertThat(threadSortingTheReply(new KinesisGateway(new FakeKinesis(), own, "s"), own))
                .isEqualTo(FakeKinesis.IO_THREAD);
        assertThat(own.requests()).hasSize(1);
    }

    @Test
    void onAUsersClientTheReplyIsSortedOnTheRepliesExecutor() throws Exception {
        FakeKinesis users = new FakeKinesis();
        assertThat(threadSortingTheReply(new KinesisGateway(users, null, "s"), users)).isEqualTo("replies");
    }

    /**
     * Sends one record and returns the name of the thread its listener was told on (the reply's sorting). The call is
     * held until {@code submit} has returned: a call that completes before its reply handler is attached is handled
     * by the sender, by design, and that race is not what these tests are about.
     */
    private String threadSortingTheReply(KinesisGateway gateway, FakeKinesis answering) throws Exception {
        Accumulator accumulator = new Accumulator(1, 1_000_000, 0, 4, Long.MAX_VALUE);
        BatchPipeline pipeline = new BatchPipeline(accumulator, gateway,
                new Backoff(Backoff.Strategy.CONSTANT, 1, 1, () -> 0.5), 0, scheduler, replies,
                new CompletionRunner(routing, 1, scheduler, 2, TimeUnit.MILLISECONDS, System::nanoTime),
                new ProducerStats(), System::nanoTime);
        CompletableFuture<String> sortedOn = new CompletableFuture<>();
        RecordListener listener = new RecordListener() {
            @Override
            public Runnable succeeded(String shardId, String sequenceNumber) {
                sortedOn.complete(Thread.currentThread().getName());
                return null;
            }

            @Override
            public Runnable failed(KinesisBatchException error) {
                sortedOn.completeExceptionally(error);
                return null;
            }
        };
        assertThat(accumulator.reserve(1, 1, false)).isEqualTo(Accumulator.Reservation.OK);
        answering.stall();
        pipeline.submit(List.of(new BufferedRecord(new RecordDraft(new byte[]{ 1 }, "k", null), listener)));
        answering.release();
        return sortedOn.get(10, TimeUnit.SECONDS);
    }
}
