package io.kinesisbatch.camel.producer;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

import io.kinesisbatch.camel.KinesisBatchProducerStoppedException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.kinesis.model.PutRecordsResponse;

/**
 * Moves accepted records through the {@link Accumulator} into PutRecords calls and back to their listeners: sends the
 * batches that are ready, has each reply sorted into written, to retry and failed ({@link ReplySorter}), and schedules
 * retries of only the entries that failed. Handling a reply never blocks, and never waits for a route (a route
 * blocked for buffer room must not stop the very reply that frees it): on the endpoint's own client a reply is
 * handled where the call completes, the SDK's response pool (see {@link KinesisGateway#completesOffIoThreads()}; the SDK falls back to its
 * I/O thread only when that pool is full, and a call that completes as it is sent is handled by the sender); on a
 * user's client, whose futures may complete on an I/O thread, on the {@code replies} executor. So replies may be
 * handled on several threads at once. The exchanges a reply completes are handed to {@code routing} together.
 * <p>
 * The accumulator tracks every accepted record until its final outcome (queued, sent, or waiting for a retry), so
 * {@link #close} can fail whatever is left and no exchange is ever left waiting.
 */
public final class BatchPipeline {

    private static final Logger LOG = LoggerFactory.getLogger(BatchPipeline.class);

    private final Accumulator accumulator;
    private final KinesisGateway gateway;
    private final Backoff backoff;
    private final Executor replies;
    private final CompletionRunner routing;
    private final ProducerStats stats;
    private final LongSupplier clock;
    private final BatchShaper shaper;
    private final ReplySorter sorter;
    /** Null without per-shard limits. */
    private final ShardPrediction shardPrediction;

    private final BatchTimer timer;
    private final RetryTimer retries;

    /**
     * @param replies     where replies are handled when the client's own completion thread may not be used; must run
     *                    every task it is given (see {@link #safe(Executor)})
     * @param routing     where exchanges complete (routes continue)
     * @param clock       monotonic nanos ({@code System::nanoTime})
     */
    public BatchPipeline(Accumulator accumulator, KinesisGateway gateway, Backoff backoff, int maxRetries,
                         ScheduledExecutorService scheduler, Executor replies, CompletionRunner routing,
                         ProducerStats stats, LongSupplier clock) {
        this(accumulator, gateway, backoff, maxRetries, scheduler, replies, routing, stats, clock, BatchShaper.PLAIN,
                null);
    }

    /** @param shaper what entries a cut batch becomes (KPL aggregation), and whether a written one must go again */
    public BatchPipeline(Accumulator accumulator, KinesisGateway gateway, Backoff backoff, int maxRetries,
                         ScheduledExecutorService scheduler, Executor replies, CompletionRunner routing,
                         ProducerStats stats, LongSupplier clock, BatchShaper shaper) {
        this(accumulator, gateway, backoff, maxRetries, scheduler, replies, routing, stats, clock, shaper, null);
    }

    /**
     * @param shaper          what entries a cut batch becomes (KPL aggregation), and whether a written one must go
     *                        again
     * @param shardPrediction the shards of records queued per shard ({@code shardRateLimit}); null without
     */
    BatchPipeline(Accumulator accumulator, KinesisGateway gateway, Backoff backoff, int maxRetries,
                  ScheduledExecutorService scheduler, Executor replies, CompletionRunner routing,
                  ProducerStats stats, LongSupplier clock, BatchShaper shaper, ShardPrediction shardPrediction) {
        this.shaper = shaper;
        this.shardPrediction = accumulator.limitsShards() ? shardPrediction : null;
        this.sorter = new ReplySorter(shaper,
                new Context(accumulator, clock, this::pump, stats, gateway.stream(), maxRetries));
        this.accumulator = accumulator;
        this.gateway = gateway;
        this.backoff = backoff;
        this.replies = replies;
        this.routing = routing;
        this.stats = stats;
        this.clock = clock;
        this.timer = new BatchTimer(accumulator, scheduler, clock, this::pump);
        this.retries = new RetryTimer(scheduler, clock, group -> accumulator.requeue(group, clock.getAsLong()),
                this::pump);
    }

    /** An executor that runs a task on the calling thread rather than lose it when the pool refuses (shut down). */
    public static Executor safe(Executor pool) {
        return task -> {
            try {
                pool.execute(task);
            } catch (RejectedExecutionException e) {
                task.run();
            }
        };
    }

    /** Hands over records whose room was already reserved in the accumulator. */
    public void submit(List<BufferedRecord> records) {
        if (shardPrediction != null) {
            shardPrediction.predict(records);
        }
        List<List<BufferedRecord>> batches = accumulator.appendAndDrain(records, clock.getAsLong());
        if (batches == null) {
            refuseAfterStop(records);
            return;
        }
        for (List<BufferedRecord> batch : batches) {
            send(batch);
        }
        timer.arm();
    }

    /**
     * Records handed over after {@link #close} gave up waiting (their caller reserved room before it): the endpoint's
     * clients may be closed, so they fail at once, unsent.
     */
    private void refuseAfterStop(List<BufferedRecord> records) {
        RecordOutcomes done = outcomes(records.size());
        for (BufferedRecord r : records) {
            done.fail(r, new KinesisBatchProducerStoppedException("kinesis-batch endpoint for stream "
                                                                  + gateway.stream()
                                                                  + " is stopped; the record was not sent",
                    null, null));
        }
        done.release();
    }

    /** Sends every batch that is ready and may go, and arms the timer for the next one. Any thread may call it. */
    public void pump() {
        for (List<BufferedRecord> batch : accumulator.drain(clock.getAsLong())) {
            send(batch);
        }
        timer.arm();
    }

    private void send(List<BufferedRecord> cut) {
        OutgoingBatch batch = shape(cut);
        stats.callStarted();
        for (BufferedRecord r : batch.sent()) {
            r.attempted();
        }
        CompletableFuture<PutRecordsResponse> call;
        long started = clock.getAsLong();
        try {
            call = gateway.putRecords(batch);
        } catch (RuntimeException e) {
            call = CompletableFuture.failedFuture(e);
        }
        if (gateway.completesOffIoThreads() && !call.isDone()) {
            // the reply is handled where the SDK completes it, on its response pool: one thread hand-off less per call
            call.whenComplete((response, error) -> finishCall(batch, started, response, error));
        } else {
            call.whenCompleteAsync((response, error) -> finishCall(batch, started, response, error), replies);
        }
    }

    /** The entries of the call; records packed out of it go back to the head of the queue. */
    private OutgoingBatch shape(List<BufferedRecord> cut) {
        OutgoingBatch batch;
        try {
            batch = shaper.shape(cut);
        } catch (RuntimeException e) {
            LOG.error("Packing a batch for Kinesis stream {} failed; sending its records plain", gateway.stream(), e);
            return OutgoingBatch.plain(cut);
        }
        if (shardPrediction != null && shaper != BatchShaper.PLAIN) {
            // messages were cut by their bytes alone: each aggregate counts one record and its own size, charged
            // under the accumulator's lock before the left-over messages go back to the queue
            accumulator.packed(cut, batch, clock.getAsLong());
        } else if (!batch.leftOver().isEmpty()) {
            accumulator.trimmed(cut, batch.sent(), batch.leftOver(), clock.getAsLong());
        }
        return batch;
    }

    private void finishCall(OutgoingBatch batch, long started, PutRecordsResponse response, Throwable error) {
        stats.callEnded(clock.getAsLong() - started);
        List<BufferedRecord> records = batch.sent();
        RecordOutcomes done = outcomes(records.size());
        ReplySorter.Sorted sorted = new ReplySorter.Sorted(shardPrediction != null);
        try {
            sorter.sort(batch, response, error, done, sorted);
        } finally {
            ShardTally tally = sorted.tally;
            if (tally != null) {
                // before the exchanges complete: what their routes see next (health, JMX) includes this reply
                accumulator.onShards(q -> q.onReply(tally.entriesByShard()));
                if (tally.stale()) {
                    shardPrediction.mapIsStale();
                }
            }
            done.release();
            // the retry group is tracked before its requeue can be scheduled (and run)
            accumulator.callFinished(records, sorted.retry);
            if (sorted.checks != null) {
                sorted.checks.check(shaper, this::outcomes);
            }
            scheduleRetry(sorted.retry);
            pump();
        }
    }

    /** The failed entries of one call go back together (keeping their order) after one backoff delay. */
    private void scheduleRetry(List<BufferedRecord> retry) {
        if (retry.isEmpty()) {
            return;
        }
        int retryNumber = 1;
        for (BufferedRecord r : retry) {
            retryNumber = Math.max(retryNumber, r.attempts());
        }
        retries.later(retry, backoff.delayMillis(retryNumber));
    }

    /** Records reaching their outcome in one go (one reply, one check, one stop). */
    private RecordOutcomes outcomes(int expected) {
        return new RecordOutcomes(accumulator, routing, stats, expected);
    }

    /** What a {@link MisplacedAggregates} check needs of the pipeline. */
    record Context(Accumulator accumulator, LongSupplier clock, Runnable pump, ProducerStats stats, String stream,
                   int maxRetries) {
    }

    /**
     * Stops taking records, sends everything buffered at once, and waits up to {@code timeoutMillis} for all of it to
     * be acknowledged. Whatever is still outstanding then fails with a {@link KinesisBatchProducerStoppedException},
     * and so do records {@link #submit submitted} after this returns, unsent (the endpoint closes its clients next).
     *
     * @return how many records were failed that way
     */
    public int close(long timeoutMillis) {
        accumulator.close();
        pump();
        boolean drained;
        try {
            drained = accumulator.awaitEmpty(timeoutMillis, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            drained = false;
        }
        // a caller that reserved room before close may hand its records over after the timeout: refused from now on
        List<BufferedRecord> left = accumulator.stop();
        if (left.isEmpty()) {
            return 0;
        }
        RecordOutcomes done = outcomes(left.size());
        int failed = 0;
        for (BufferedRecord r : left) {
            if (done.fail(r,
                    stopped("it was not acknowledged within the shutdown timeout of " + timeoutMillis + "ms"))) {
                failed++;
            }
        }
        done.release();
        return failed;
    }

    /**
     * The Camel context is stopping: from now on records go without waiting for {@code batchTimeout} (records are
     * still taken), and this waits up to {@code timeoutMillis} until every record held now has its outcome and the
     * exchanges it completes have been called back on the routing pool. Camel interrupts callers still waiting for an
     * exchange (a {@code ProducerTemplate}'s) soon after its routes stop, long before it stops endpoints.
     */
    public void sendAllAndAwaitHeld(long timeoutMillis) throws InterruptedException {
        accumulator.flushAll();
        List<BufferedRecord> held = accumulator.outstanding();
        pump();
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        while (System.nanoTime() - deadline < 0) {
            // done is not enough: a reply marks records done before it hands their completions to routing, and a
            // completion may be running without having called back yet; Camel interrupts callers not yet told
            held.removeIf(r -> r.isDone() && r.listener().told());
            if (held.isEmpty()) {
                return;
            }
            Thread.sleep(5);
        }
    }

    private KinesisBatchProducerStoppedException stopped(String why) {
        return new KinesisBatchProducerStoppedException(
                "Record for Kinesis stream " + gateway.stream() + " not written: " + why
                                                        + "; it may or may not have reached the stream",
                null, null);
    }
}
