package io.kinesisbatch.camel.producer;

import java.util.concurrent.atomic.LongAdder;

/**
 * Counters of one producer, read by JMX and the health check without touching AWS. Records are counted per
 * PutRecords entry.
 */
public final class ProducerStats {

    private final LongAdder calls = new LongAdder();
    private final LongAdder sent = new LongAdder();
    private final LongAdder retried = new LongAdder();
    private final LongAdder failed = new LongAdder();
    private final LongAdder throttled = new LongAdder();
    private final LongAdder callsEnded = new LongAdder();
    private final LongAdder callNanos = new LongAdder();
    /**
     * The failure of the latest call that ended, if retrying cannot fix it; null after any other outcome. One field:
     * replies are handled on several threads at once, and the health check reads it in one go.
     */
    private volatile Failure fatalCallFailure;

    void callStarted() {
        calls.increment();
    }

    /** A call ended (answered or failed) {@code nanos} after it started. */
    void callEnded(long nanos) {
        callsEnded.increment();
        callNanos.add(nanos);
    }

    void callSucceeded() {
        if (fatalCallFailure != null) { // no write on the usual path
            fatalCallFailure = null;
        }
    }

    void callFailed(Failure failure) {
        fatalCallFailure = failure.retryable() ? null : failure;
    }

    void recordsSent(int records) {
        sent.add(records);
    }

    void recordRetried() {
        retried.increment();
    }

    void recordThrottled() {
        throttled.increment();
    }

    void recordFailed() {
        failed.increment();
    }

    /** PutRecords calls started. */
    public long calls() {
        return calls.sum();
    }

    /** PutRecords calls that ended, answered or failed. */
    public long callsEnded() {
        return callsEnded.sum();
    }

    /** Time the calls that ended took, all together, in nanoseconds. */
    public long callNanos() {
        return callNanos.sum();
    }

    /** Records acknowledged by Kinesis. */
    public long recordsSent() {
        return sent.sum();
    }

    /** Records sent again after a retryable failure (one count per resend). */
    public long recordsRetried() {
        return retried.sum();
    }

    /** Records whose exchange failed after they were handed over (rejected, retries exhausted, stopped). */
    public long recordsFailed() {
        return failed.sum();
    }

    /** Records that Kinesis throttled (per-entry or whole-call), retried or not. */
    public long recordsThrottled() {
        return throttled.sum();
    }

    /** The failure of the latest PutRecords call that ended, when retrying cannot fix it; else null (one read). */
    public Failure fatalCallFailure() {
        return fatalCallFailure;
    }
}
