package io.kinesisbatch.camel.consumer;

import java.time.Instant;
import java.util.concurrent.ThreadLocalRandom;

import io.kinesisbatch.camel.aws.AsyncFailures;
import io.kinesisbatch.camel.producer.Backoff;

/**
 * What the health check and JMX show of one shard, and the delays of its retries: AWS failures in a row (each sets the
 * backoff before the retry, with full jitter), the last successful poll, and the exchange that has kept failing
 * longest. No I/O and no locks: confined to the lane of its shard, which publishes {@link ShardSnapshot}s of it.
 */
final class ShardHealth {

    /** Retry of a failed AWS call (throttling, network, service errors): up to 1 s, doubling to 30 s, full jitter. */
    static final Backoff AWS_RETRY = new Backoff(Backoff.Strategy.EXPONENTIAL, 1_000, 30_000,
            () -> ThreadLocalRandom.current().nextDouble());
    /** Redelivery of a failed exchange: up to 1 s, doubling to 30 s, full jitter. */
    static final Backoff REDELIVERY = AWS_RETRY;

    private final Instant startedAt = Instant.now();
    private int failuresInARow;
    private String lastError;
    private Instant failingSince;
    private Instant lastSuccessfulPoll;
    private long millisBehindLatest = -1;
    private String redeliveringSequence;
    private Instant redeliveringSince;
    private String subscription;

    /** A call failed: remembers it and tells how many milliseconds to wait before retrying. */
    long failed(Throwable error) {
        Throwable cause = AsyncFailures.unwrap(error);
        lastError = cause.getClass().getSimpleName() + ": " + cause.getMessage();
        if (failuresInARow++ == 0) {
            failingSince = Instant.now();
        }
        return AWS_RETRY.delayMillis(failuresInARow);
    }

    int failuresInARow() {
        return failuresInARow;
    }

    /** A call other than GetRecords succeeded: the next failure starts the backoff again. */
    void succeeded() {
        failuresInARow = 0;
    }

    /** GetRecords succeeded: the shard is healthy again. */
    void polled(long behind) {
        failuresInARow = 0;
        lastError = null;
        failingSince = null;
        lastSuccessfulPoll = Instant.now();
        millisBehindLatest = behind;
    }

    /** The exchange starting at {@code firstSequence} failed: the oldest such failure is what health shows. */
    void exchangeFailed(String firstSequence) {
        if (redeliveringSequence == null) {
            redeliveringSequence = firstSequence;
            redeliveringSince = Instant.now();
        }
    }

    /** The exchange starting at {@code firstSequence} succeeded (or is no longer redelivered). */
    void exchangeDone(String firstSequence) {
        if (firstSequence.equals(redeliveringSequence)) {
            redeliveringSequence = null;
            redeliveringSince = null;
        }
    }

    /** Enhanced fan-out: the state of the shard's subscription, for health and JMX. */
    void subscription(String state) {
        subscription = state;
    }

    ShardSnapshot snapshot(String shardId, String state, String checkpoint, int inFlight, int awaitingCheckpoint) {
        return new ShardSnapshot(shardId, state, millisBehindLatest, lastSuccessfulPoll, checkpoint, inFlight,
                lastError, failingSince, startedAt, redeliveringSequence, redeliveringSince, awaitingCheckpoint,
                subscription);
    }
}
