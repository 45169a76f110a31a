package io.kinesisbatch.camel.aggregation;

import io.kinesisbatch.camel.checkpoint.SequencePosition;

/**
 * One record as the route sees it after de-aggregation: its position in the shard (the Kinesis record's sequence
 * number plus its sub-sequence number, 0 for a plain record), its keys and its data.
 *
 * @param position        where it sits in the shard; the consumer's in-flight window and checkpoints order by it
 * @param partitionKey    its own partition key (a user record's, not the aggregate's)
 * @param explicitHashKey its explicit hash key inside an aggregate, or null (Kinesis does not return the explicit hash
 *                        key of a plain record)
 * @param data            its data: copied out of an aggregate; a plain record's is the Kinesis record's own array
 * @param aggregated      true when it came out of a KPL aggregate (then it has a sub-sequence number header)
 * @param lastInRecord    true for the last user record of its Kinesis record: once it is done, so is the Kinesis
 *                        record
 */
public record UserRecord(SequencePosition position, String partitionKey, String explicitHashKey, byte[] data,
                         boolean aggregated, boolean lastInRecord) {

    /** The user record's index inside its aggregate (0 for a plain record). */
    public long subSequenceNumber() {
        return position.subSequence();
    }

    @Override
    public String toString() {
        return "UserRecord[" + position + ", partitionKey=" + partitionKey + ", " + data.length + " bytes"
               + (aggregated ? ", aggregated" : "") + "]";
    }
}
