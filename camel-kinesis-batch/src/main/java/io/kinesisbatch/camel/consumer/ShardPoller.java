package io.kinesisbatch.camel.consumer;

import io.kinesisbatch.camel.aws.AsyncFailures;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import io.kinesisbatch.camel.checkpoint.SequencePosition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.kinesis.model.ExpiredIteratorException;

/**
 * The read loop of one shard: one GetRecords call at a time, at least 200 ms after the previous one and
 * {@code pollDelay} after one that found the shard caught up; the records go to the {@link ShardDispatcher} and a
 * dispatch round follows. An expired iterator is renewed after the last record handed out; other AWS errors are
 * retried with backoff. Polls only while {@code reading} says the worker is in its reading state. Answers are handled
 * on the executor; the monitor is never held while calling out.
 */
final class ShardPoller {

    private static final Logger LOG = LoggerFactory.getLogger(ShardWorker.class);

    private final String shardId;
    private final ShardReader reader;
    private final ShardDispatcher dispatcher;
    private final ScheduledExecutorService executor;
    private final BooleanSupplier reading;
    private final ShardErrors errors;
    private final PollPacer pacer;
    private boolean active;
    private boolean closed;
    private boolean caughtUp;
    private volatile long millisBehindLatest = -1;
    private volatile Instant lastSuccessfulPoll;

    ShardPoller(String shardId, ConsumerSettings settings, ShardReader reader, ShardDispatcher dispatcher,
                ScheduledExecutorService executor, BooleanSupplier reading, ShardErrors errors) {
        this.shardId = shardId;
        this.reader = reader;
        this.dispatcher = dispatcher;
        this.executor = executor;
        this.reading = reading;
        this.errors = errors;
        this.pacer = new PollPacer(settings.pollDelay(), ConsumerSettings.MIN_CALL_SPACING);
    }

    /** Polls as soon as the pacing allows: {@code pollDelay} when the last answer found the shard caught up. */
    void pollNext() {
        long delay;
        synchronized (this) {
            delay = pacer.delayNanos(System.nanoTime(), caughtUp);
        }
        request(delay);
    }

    /** The last answer had no next iterator: the shard is closed and every record of it was queued. */
    synchronized boolean isClosed() {
        return closed;
    }

    long millisBehindLatest() {
        return millisBehindLatest;
    }

    Instant lastSuccessfulPoll() {
        return lastSuccessfulPoll;
    }

    private void request(long delayNanos) {
        if (!reading.getAsBoolean()) {
            return;
        }
        synchronized (this) {
            if (active) {
                return;
            }
            active = true;
        }
        executor.schedule(this::poll, delayNanos, TimeUnit.NANOSECONDS);
    }

    private void poll() {
        if (!reading.getAsBoolean()) {
            idle();
            return;
        }
        long spacing;
        synchronized (this) {
            spacing = pacer.delayNanos(System.nanoTime(), false);
            if (spacing <= 0) {
                pacer.called(System.nanoTime());
            }
        }
        if (spacing > 0) {
            executor.schedule(this::poll, spacing, TimeUnit.NANOSECONDS);
        } else {
            reader.fetch().whenCompleteAsync(this::onFetch, executor);
        }
    }

    private void onFetch(ShardReader.Fetch fetch, Throwable error) {
        if (error != null) {
            recover(AsyncFailures.unwrap(error));
            return;
        }
        errors.clear();
        lastSuccessfulPoll = Instant.now();
        millisBehindLatest = fetch.millisBehindLatest();
        if (reading.getAsBoolean()) {
            dispatcher.add(fetch.records(), fetch.millisBehindLatest());
        }
        synchronized (this) {
            active = false;
            closed = fetch.closed();
            caughtUp = fetch.records().isEmpty() || fetch.millisBehindLatest() == 0;
        }
        dispatcher.dispatch();
    }

    private void recover(Throwable cause) {
        CompletableFuture<Void> next;
        if (cause instanceof ExpiredIteratorException) {
            SequencePosition after = dispatcher.lastHandedOut();
            LOG.info("Iterator of shard {} expired: renewing after {}", shardId, ShardWorker.describe(after));
            next = reader.renew(after);
        } else {
            next = CompletableFuture.failedFuture(cause);
        }
        next.whenCompleteAsync((renewed, failure) -> {
            idle();
            request(failure == null ? 0 : errors.failed("reading", failure).toNanos());
        }, executor);
    }

    private synchronized void idle() {
        active = false;
    }
}
