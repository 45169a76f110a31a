package io.kinesisbatch.camel.producer;

import java.util.ArrayList;
import java.util.List;

import io.kinesisbatch.camel.KinesisBatchException;
import io.kinesisbatch.camel.KinesisBatchRecordRejectedException;
import io.kinesisbatch.camel.KinesisBatchRequestFailedException;
import io.kinesisbatch.camel.KinesisBatchRetriesExhaustedException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.kinesis.model.PutRecordsResponse;
import software.amazon.awssdk.services.kinesis.model.PutRecordsResultEntry;

/**
 * Sorts the reply to one PutRecords call: each record of it is written, to be retried, failed for good, or (an
 * aggregate that landed elsewhere than predicted) held for a placement check; and what the reply tells the per-shard
 * limits is tallied. It decides; the {@link BatchPipeline} then acts, in its order (limits, outcomes, tracking,
 * checks, retries). Holds no state of its own between replies: each {@link Sorted} is confined to the thread
 * handling its reply.
 */
final class ReplySorter {

    private static final Logger LOG = LoggerFactory.getLogger(ReplySorter.class);

    /** What one reply came to, filled by {@link #sort}. */
    static final class Sorted {
        /** The records to send again, in their order. */
        final List<BufferedRecord> retry = new ArrayList<>();
        /** Per shard, the reply's entries; null without per-shard limits. */
        final ShardTally tally;
        /** Written aggregates to check before they are done; null when none. */
        MisplacedAggregates checks;

        Sorted(boolean tallyShards) {
            this.tally = tallyShards ? new ShardTally() : null;
        }
    }

    private final ProducerStats stats;
    private final String stream;
    private final int maxRetries;
    private final BatchShaper shaper;
    private final BatchPipeline.Context context;

    ReplySorter(BatchShaper shaper, BatchPipeline.Context context) {
        this.stats = context.stats();
        this.stream = context.stream();
        this.maxRetries = context.maxRetries();
        this.shaper = shaper;
        this.context = context;
    }

    /**
     * Sorts the reply ({@code response}, or the call's {@code error}) to {@code batch}: outcomes into {@code done},
     * the rest into {@code into}.
     */
    void sort(OutgoingBatch batch, PutRecordsResponse response, Throwable error, RecordOutcomes done, Sorted into) {
        List<BufferedRecord> records = batch.sent();
        ShardTally tally = into.tally;
        try {
            int entries = batch.entryCount();
            Failure callFailure = error != null ? Failure.ofCall(error)
                    : response.records().size() != entries ? Failure.malformedReply(entries, response.records().size())
                            : null;
            if (callFailure != null) {
                stats.callFailed(callFailure);
                LOG.debug("PutRecords of {} records to {} failed: {}", entries, stream, callFailure.describe());
                for (BufferedRecord r : records) {
                    failed(r, callFailure, into.retry, done);
                }
                for (int i = 0; tally != null && callFailure.throttled() && i < entries; i++) {
                    tally.throttled(batch, i);
                }
            } else {
                stats.callSucceeded();
                for (int i = 0; i < entries; i++) {
                    PutRecordsResultEntry result = response.records().get(i);
                    Failure failure = Failure.ofEntry(result);
                    if (tally != null) {
                        if (failure == null) {
                            tally.accepted(batch, i, result.shardId());
                        } else if (failure.throttled()) {
                            tally.throttled(batch, i);
                        }
                    }
                    if (failure != null) {
                        for (int j = 0; j < batch.recordCount(i); j++) {
                            failed(batch.record(i, j), failure, into.retry, done);
                        }
                    } else if (shaper.needsPlacementCheck(batch, i, result.shardId())) {
                        into.checks = into.checks == null ? new MisplacedAggregates(batch, context) : into.checks;
                        into.checks.add(i, result);
                    } else {
                        done.succeedEntry(batch, i, result);
                    }
                }
            }
        } catch (RuntimeException e) {
            LOG.error("Unexpected error handling a PutRecords reply for {}; failing its records", stream, e);
            for (BufferedRecord r : records) {
                done.fail(r, new KinesisBatchException("Unexpected error handling the PutRecords reply: " + e, e));
            }
            into.retry.clear();
            into.checks = null;
        }
    }

    private void failed(BufferedRecord r, Failure failure, List<BufferedRecord> retry, RecordOutcomes done) {
        if (failure.throttled()) {
            stats.recordThrottled();
        }
        if (r.isDone()) {
            return;
        }
        if (!failure.retryable()) {
            done.fail(r, failure.wholeCall()
                    ? new KinesisBatchRequestFailedException("PutRecords to Kinesis stream " + stream
                                                             + " failed and retrying cannot help: "
                                                             + failure.describe(),
                            failure.errorCode(), failure.cause())
                    : new KinesisBatchRecordRejectedException(
                            "Kinesis stream " + stream + " rejected the record: " + failure.describe(),
                            failure.errorCode(), null));
        } else if (r.attempts() > maxRetries) {
            done.fail(r,
                    new KinesisBatchRetriesExhaustedException("Record not written to Kinesis stream " + stream
                                                              + " after " + r.attempts() + " attempts (maxRetries="
                                                              + maxRetries + "); last error: " + failure.describe(),
                            failure.errorCode(), failure.cause()));
        } else {
            stats.recordRetried();
            retry.add(r);
        }
    }
}
