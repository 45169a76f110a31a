package io.kinesisbatch.camel.producer;

import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;

import io.kinesisbatch.camel.KinesisBatchRetriesExhaustedException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.kinesis.model.PutRecordsResultEntry;

/**
 * Written aggregates of one reply that landed on another shard than predicted (the shard map changed): held (tracked
 * by the accumulator, so a stop still fails them) until the {@link BatchShaper} says whether the landing shard's
 * range holds all their records. Those it does are done where they are; the others are put back in the queue, to be
 * sent again re-grouped, as a consumer applying KCL's hash-range rule drops such an aggregate whole.
 */
final class MisplacedAggregates {

    private static final Logger LOG = LoggerFactory.getLogger(MisplacedAggregates.class);

    private final OutgoingBatch batch;
    private final BatchPipeline.Context pipeline;
    private final List<Integer> entries = new ArrayList<>();
    private final List<PutRecordsResultEntry> results = new ArrayList<>();
    private final List<String> landed = new ArrayList<>();
    private final List<BufferedRecord> held = new ArrayList<>();

    MisplacedAggregates(OutgoingBatch batch, BatchPipeline.Context pipeline) {
        this.batch = batch;
        this.pipeline = pipeline;
    }

    void add(int entry, PutRecordsResultEntry result) {
        entries.add(entry);
        results.add(result);
        landed.add(result.shardId());
        for (int j = 0; j < batch.recordCount(entry); j++) {
            held.add(batch.record(entry, j));
        }
    }

    /** Holds the records and asks where they may stay; the answer is handled on whichever thread gives it. */
    void check(BatchShaper shaper, IntFunction<RecordOutcomes> outcomes) {
        pipeline.accumulator().hold(held);
        shaper.readableWhereLanded(batch, entries, landed).whenComplete((readable, error) -> {
            RecordOutcomes done = outcomes.apply(held.size());
            try {
                for (int k = 0; k < entries.size(); k++) {
                    if (error == null && Boolean.TRUE.equals(readable.get(k))) {
                        done.succeedEntry(batch, entries.get(k), results.get(k));
                    } else {
                        resend(entries.get(k), landed.get(k), done);
                    }
                }
            } finally {
                done.release();
                pipeline.accumulator().requeue(held, pipeline.clock().getAsLong());
                pipeline.pump().run();
            }
        });
    }

    private void resend(int entry, String shard, RecordOutcomes done) {
        LOG.info("Kinesis stream {}: an aggregate of {} records landed on shard {} (the shard map changed), whose "
                 + "hash key range does not hold them all; sending them again, re-grouped",
                pipeline.stream(), batch.recordCount(entry), shard);
        for (int j = 0; j < batch.recordCount(entry); j++) {
            BufferedRecord r = batch.record(entry, j);
            if (r.attempts() > pipeline.maxRetries()) {
                done.fail(r, new KinesisBatchRetriesExhaustedException("Record not written readably to Kinesis stream "
                                                                       + pipeline.stream() + " after " + r.attempts()
                                                                       + " attempts (maxRetries="
                                                                       + pipeline.maxRetries()
                                                                       + "): its aggregate landed on shard " + shard
                                                                       + ", whose range does not hold all its keys",
                        null, null));
            } else {
                pipeline.stats().recordRetried();
            }
        }
    }
}
