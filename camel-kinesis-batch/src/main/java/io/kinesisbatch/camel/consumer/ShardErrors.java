package io.kinesisbatch.camel.consumer;

import io.kinesisbatch.camel.aws.AsyncFailures;
import java.time.Duration;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The AWS failures in a row of one shard's worker (reading, starting, writing its checkpoint): each is logged, sets
 * the delay before the retry ({@link Backoff#AWS_RETRY}) and the last error the health check shows. Thread-safe.
 */
final class ShardErrors {

    private static final Logger LOG = LoggerFactory.getLogger(ShardWorker.class);

    private final String shardId;
    private final StreamRef stream;
    private int inARow;
    private String last;

    ShardErrors(String shardId, StreamRef stream) {
        this.shardId = shardId;
        this.stream = stream;
    }

    /** Logs the failure of {@code doing} and tells how long to wait before retrying it. */
    Duration failed(String doing, Throwable error) {
        Throwable cause = AsyncFailures.unwrap(error);
        int failures;
        String text = cause.getClass().getSimpleName() + ": " + cause.getMessage();
        synchronized (this) {
            failures = ++inARow;
            last = text;
        }
        LOG.warn("Shard {} of {}: {} failed (failure {} in a row), retrying: {}", shardId, stream, doing, failures, text);
        return Backoff.AWS_RETRY.delay(failures);
    }

    /** A call succeeded: the next failure starts the backoff again. */
    synchronized void resetBackoff() {
        inARow = 0;
    }

    /** Reading succeeded: the shard is healthy again. */
    synchronized void clear() {
        inARow = 0;
        last = null;
    }

    /** The last failure, while the shard has not read successfully since; null when healthy. */
    synchronized String last() {
        return last;
    }
}
