package io.kinesisbatch.camel.consumer;

import java.time.Instant;

import io.kinesisbatch.camel.aggregation.CorruptAggregateException;
import io.kinesisbatch.camel.checkpoint.SequencePosition;

/**
 * One record as the consumer hands it to the route: a plain Kinesis record, a raw one ({@code deaggregate=false}), or a
 * user record de-aggregated from a KPL aggregate. Its position orders it in the shard's window and checkpoints.
 *
 * @param position        (sequence number, sub-sequence number): the sub-sequence is the user record's index inside
 *                        its aggregate, 0 for a plain record
 * @param partitionKey    its own partition key (a user record's, not the aggregate's)
 * @param explicitHashKey a user record's explicit hash key, or null (Kinesis does not return a plain record's)
 * @param data            the record's data
 * @param arrival         when Kinesis accepted the (outer) record
 * @param aggregated      it came out of a KPL aggregate: its exchange carries the sub-sequence number
 * @param corrupt         non-null for an aggregate whose protobuf is invalid behind a good MD5: it fails like a failing
 *                        record and never reaches the route ({@code data} is then the raw record)
 */
public record ShardRecord(SequencePosition position, String partitionKey, String explicitHashKey, byte[] data,
                          Instant arrival, boolean aggregated, CorruptAggregateException corrupt) {

    /** The Kinesis record's sequence number (shared by the user records of one aggregate). */
    public String sequenceNumber() {
        return position.sequenceNumber();
    }

    /** The index inside its aggregate; 0 for a plain record. */
    public long subSequenceNumber() {
        return position.subSequence();
    }

    @Override
    public String toString() {
        return "ShardRecord[" + position + ", partitionKey=" + partitionKey + ", " + data.length + " bytes"
               + (aggregated ? ", aggregated" : "") + (corrupt != null ? ", corrupt" : "") + "]";
    }
}
