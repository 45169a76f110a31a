package io.kinesisbatch.camel.aggregation;

import io.kinesisbatch.camel.checkpoint.SequencePosition;
import java.math.BigInteger;
import java.util.List;

/**
 * What one Kinesis record holds for the route, from {@link Deaggregator}: its user records, or none when the record
 * is an aggregate that KCL's hash-range rule drops. Immutable.
 */
public final class DeaggregatedRecord {

    /** How the record was read. */
    public enum Outcome {
        /** Not in the aggregated format: one user record, the record itself. */
        PLAIN,
        /** A KPL aggregate: its user records, in order (possibly none: an aggregate may hold zero records). */
        AGGREGATE,
        /** A KPL aggregate with a user record whose hash key lies outside the shard's range: dropped whole. */
        OUTSIDE_SHARD_RANGE
    }

    private final Outcome outcome;
    private final String sequenceNumber;
    private final List<UserRecord> userRecords;
    private final int aggregatedCount;
    private final BigInteger misplacedHashKey;

    DeaggregatedRecord(Outcome outcome, String sequenceNumber, List<UserRecord> userRecords, int aggregatedCount,
                       BigInteger misplacedHashKey) {
        this.outcome = outcome;
        this.sequenceNumber = sequenceNumber;
        this.userRecords = List.copyOf(userRecords);
        this.aggregatedCount = aggregatedCount;
        this.misplacedHashKey = misplacedHashKey;
    }

    public Outcome outcome() {
        return outcome;
    }

    public String sequenceNumber() {
        return sequenceNumber;
    }

    /** The user records to deliver, in sub-sequence order; empty when dropped. */
    public List<UserRecord> userRecords() {
        return userRecords;
    }

    /**
     * The user records after a checkpoint: a shard reopened AT_SEQUENCE_NUMBER of the checkpoint's sequence number
     * reads the checkpointed Kinesis record again, and the user records at or below the checkpoint were done already.
     * A null checkpoint skips nothing.
     */
    public List<UserRecord> userRecordsAfter(SequencePosition checkpoint) {
        if (checkpoint == null) {
            return userRecords;
        }
        return userRecords.stream().filter(r -> r.position().isAfter(checkpoint)).toList();
    }

    /**
     * The position that marks this whole Kinesis record done: its last user record's, or (sequence number, 0) when it
     * yields none (dropped, or an empty aggregate), so the consumer can still move its checkpoint past it.
     */
    public SequencePosition lastPosition() {
        return userRecords.isEmpty()
                ? SequencePosition.of(sequenceNumber)
                : userRecords.get(userRecords.size() - 1).position();
    }

    /** User records in the aggregate, delivered or not (0 for a plain record). */
    public int aggregatedCount() {
        return aggregatedCount;
    }

    /** For {@link Outcome#OUTSIDE_SHARD_RANGE}: the first hash key found outside the shard's range, else null. */
    public BigInteger misplacedHashKey() {
        return misplacedHashKey;
    }

    @Override
    public String toString() {
        return "DeaggregatedRecord[" + outcome + ", " + sequenceNumber + ", " + userRecords.size() + " user records]";
    }
}
