package io.kinesisbatch.camel.producer;

import java.util.ArrayList;
import java.util.List;

import io.kinesisbatch.camel.KinesisBatchException;
import software.amazon.awssdk.services.kinesis.model.PutRecordsResultEntry;

/**
 * Records reaching their final outcome while one reply (or one check) is handled: each is told its outcome once
 * (whoever marks it done first), and at {@link #release()} their buffer room is given back and the exchanges they
 * complete are handed to {@code routing}, in one go. Confined to the thread handling that reply.
 */
final class RecordOutcomes {

    private final Accumulator accumulator;
    private final CompletionRunner routing;
    private final ProducerStats stats;
    private long bytes;
    private int records;
    /** Of those, written (counted in the stats once per release). */
    private int sent;
    private List<Runnable> completions;

    /** @param expected how many records may reach their outcome (room for their completions) */
    RecordOutcomes(Accumulator accumulator, CompletionRunner routing, ProducerStats stats, int expected) {
        this.accumulator = accumulator;
        this.routing = routing;
        this.stats = stats;
        this.completions = new ArrayList<>(expected);
    }

    /** Every record of a written entry succeeds, with its position inside the aggregate when it is one. */
    void succeedEntry(OutgoingBatch batch, int entry, PutRecordsResultEntry result) {
        boolean aggregated = batch.aggregate(entry) != null;
        for (int j = 0; j < batch.recordCount(entry); j++) {
            succeed(batch.record(entry, j), result.shardId(), result.sequenceNumber(), aggregated ? j : -1);
        }
    }

    /** @param subSequenceNumber the record's index inside its aggregate; negative when it was written plain */
    void succeed(BufferedRecord r, String shardId, String sequenceNumber, long subSequenceNumber) {
        if (finish(r)) {
            sent++;
            completes(subSequenceNumber < 0 ? r.listener().succeeded(shardId, sequenceNumber)
                    : r.listener().succeeded(shardId, sequenceNumber, subSequenceNumber));
        }
    }

    /** True when this gave the record its outcome (it was not done yet). */
    boolean fail(BufferedRecord r, KinesisBatchException error) {
        if (finish(r)) {
            stats.recordFailed();
            completes(r.listener().failed(error));
            return true;
        }
        return false;
    }

    /** True for whoever reaches the record's final outcome first. */
    private boolean finish(BufferedRecord r) {
        if (!r.markDone()) {
            return false;
        }
        bytes += r.size();
        records++;
        return true;
    }

    private void completes(Runnable completion) {
        if (completion != null) {
            completions.add(completion);
        }
    }

    void release() {
        if (sent > 0) {
            stats.recordsSent(sent);
            sent = 0;
        }
        if (records > 0) {
            accumulator.release(bytes, records);
            bytes = 0;
            records = 0;
        }
        if (!completions.isEmpty()) {
            List<Runnable> ready = completions;
            completions = new ArrayList<>();
            routing.runAll(ready);
        }
    }
}
