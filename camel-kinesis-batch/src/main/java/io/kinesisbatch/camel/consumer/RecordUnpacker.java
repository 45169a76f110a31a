package io.kinesisbatch.camel.consumer;

import java.time.Instant;
import java.util.Collection;
import java.util.List;

import io.kinesisbatch.camel.aggregation.AggregateDecoder;
import io.kinesisbatch.camel.aggregation.CorruptAggregateException;
import io.kinesisbatch.camel.aggregation.DeaggregatedRecord;
import io.kinesisbatch.camel.aggregation.Deaggregator;
import io.kinesisbatch.camel.aggregation.UserRecord;
import io.kinesisbatch.camel.checkpoint.SequencePosition;
import io.kinesisbatch.camel.shardmap.HashKeyRange;
import software.amazon.awssdk.services.kinesis.model.Record;

/**
 * Turns the Kinesis records of one shard, in fetch order, into the records the route receives:
 * <ul>
 * <li>{@code deaggregate=true}: a KPL aggregate becomes its user records at (sequence, i); a plain record stays one at
 * (sequence, 0); an aggregate with a user record outside the shard's hash key range is dropped whole with a WARN
 * (KCL's rule); a corrupt aggregate becomes one record marked {@link ShardRecord#corrupt() corrupt}, which fails like
 * a failing record.</li>
 * <li>{@code deaggregate=false}: every record as it is, at (sequence, 0).</li>
 * </ul>
 * The shard resumes {@code AT_SEQUENCE_NUMBER} of a checkpoint inside an aggregate, so the first record read may be
 * the checkpointed one: the user records at or below the checkpoint are skipped. A raw record
 * ({@code deaggregate=false}) at a checkpoint inside it (written while de-aggregating) is handed over whole, just
 * after that checkpoint. Confined to its lane; no I/O besides the WARN.
 */
final class RecordUnpacker {

    private final String shardId;
    private final boolean deaggregate;
    private final HashKeyRange shardRange;
    private SequencePosition resumeAfter;

    /**
     * @param resumeAfter the checkpoint the shard resumed from (null: none); positions at or below it are skipped
     */
    RecordUnpacker(String shardId, boolean deaggregate, HashKeyRange shardRange, SequencePosition resumeAfter) {
        this.shardId = shardId;
        this.deaggregate = deaggregate;
        this.shardRange = shardRange;
        this.resumeAfter = resumeAfter;
    }

    /**
     * Adds what {@code record} gives to the end of {@code out} (nothing for a record at or below the checkpoint the
     * shard resumed from) and returns the position the shard has been read to.
     */
    SequencePosition unpackInto(Record record, Collection<ShardRecord> out) {
        String sequence = record.sequenceNumber();
        byte[] data = record.data().asByteArray();
        Instant arrival = record.approximateArrivalTimestamp();
        if (!deaggregate) {
            return raw(record, SequencePosition.ofRecord(sequence), data, arrival, out);
        }
        if (!AggregateDecoder.startsWithMagic(data)) { // a plain record: what the de-aggregator would make of it
            SequencePosition at = SequencePosition.ofRecord(sequence);
            return one(at, new ShardRecord(at, record.partitionKey(), null, data, arrival, false, null), out);
        }
        DeaggregatedRecord read;
        try {
            read = Deaggregator.deaggregate(sequence, record.partitionKey(), data, shardRange);
        } catch (CorruptAggregateException e) {
            SequencePosition at = SequencePosition.of(sequence);
            return one(at, new ShardRecord(at, record.partitionKey(), null, data, arrival, false, e), out);
        }
        if (read.outcome() == DeaggregatedRecord.Outcome.OUTSIDE_SHARD_RANGE) {
            ShardLane.LOG.warn(
                    "Shard {}: dropped the KPL aggregate at sequence number {} ({} user records): the hash key"
                               + " {} of one of its user records lies outside the shard's range {}. It was written"
                               + " before a reshard; its producer is expected to have sent those records again",
                    shardId, sequence, read.aggregatedCount(), read.misplacedHashKey(), shardRange);
        }
        List<UserRecord> users = resumeAfter == null ? read.userRecords() : read.userRecordsAfter(resumeAfter);
        for (UserRecord u : users) {
            out.add(new ShardRecord(u.position(), u.partitionKey(), u.explicitHashKey(), u.data(), arrival,
                    u.aggregated(), null));
        }
        SequencePosition reached = read.lastPosition();
        passed(reached);
        return reached;
    }

    private SequencePosition raw(Record record, SequencePosition at, byte[] data, Instant arrival,
                                 Collection<ShardRecord> out) {
        if (!at.isAfter(resumeAfter)) {
            if (!at.sequenceNumber().equals(resumeAfter.sequenceNumber()) || resumeAfter.subSequence() == 0) {
                return resumeAfter; // completed before the restart
            }
            // resumed inside an aggregate that was being de-aggregated: the record is handed over whole, once more
            at = SequencePosition.of(at.sequenceNumber(), resumeAfter.subSequence() + 1);
        }
        return one(at, new ShardRecord(at, record.partitionKey(), null, data, arrival, false, null), out);
    }

    private SequencePosition one(SequencePosition at, ShardRecord shardRecord, Collection<ShardRecord> out) {
        if (!at.isAfter(resumeAfter)) {
            return resumeAfter; // completed (or skipped) before the restart
        }
        passed(at);
        out.add(shardRecord);
        return at;
    }

    /** Once the shard is read past the checkpoint it resumed from, nothing more needs comparing with it. */
    private void passed(SequencePosition reached) {
        if (resumeAfter != null && reached.isAfter(resumeAfter)) {
            resumeAfter = null;
        }
    }
}
