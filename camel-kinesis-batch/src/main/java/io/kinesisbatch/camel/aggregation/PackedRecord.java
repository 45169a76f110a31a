package io.kinesisbatch.camel.aggregation;

import java.util.List;

/**
 * One Kinesis record out of an {@link AggregatePacker}: an aggregate of several messages, or one message sent plain
 * (alone in its group, or too big to aggregate). {@code messages} are the caller's handles in sub-sequence order:
 * message {@code i} of an aggregate completes with sub-sequence number {@code i}.
 *
 * @param aggregate the aggregate, or null when the record is plain
 * @param plain     the message sent plain, or null when the record is an aggregate
 * @param messages  the caller's handles of the messages inside, in order
 */
public record PackedRecord<M>(Aggregate aggregate, SubRecord plain, List<M> messages) {

    public PackedRecord {
        if ((aggregate == null) == (plain == null)) {
            throw new IllegalArgumentException("A packed record is either an aggregate or a plain record");
        }
        messages = List.copyOf(messages);
    }

    public boolean aggregated() {
        return aggregate != null;
    }

    public String partitionKey() {
        return aggregated() ? aggregate.partitionKey() : plain.partitionKey();
    }

    /** The aggregate's explicit hash key (see {@link AggregateBuilder}), or the plain message's own (may be null). */
    public String explicitHashKey() {
        return aggregated() ? aggregate.explicitHashKey() : plain.explicitHashKey();
    }

    public byte[] data() {
        return aggregated() ? aggregate.data() : plain.data();
    }

    /** Bytes Kinesis counts: data plus partition key in UTF-8. */
    public int recordSize() {
        return aggregated() ? aggregate.recordSize() : AggregatePacker.plainSize(plain);
    }
}
