package io.kinesisbatch.camel.checkpoint;

/**
 * The attribute names of a shard's row in the checkpoint table (docs/consumer.md, "The checkpoint table"): the key
 * of the contract ({@code StreamID} HASH, {@code ShardID} RANGE) and the implementation's own attributes. Public so
 * that tools and tests reading the table name them as the component does.
 */
public final class CheckpointAttributes {

    /** S, HASH key: the stream name or ARN the consumer was given. */
    public static final String STREAM_ID = "StreamID";
    /** S, RANGE key: the shard id. */
    public static final String SHARD_ID = "ShardID";
    /** S: sequence number of the checkpoint. */
    public static final String SEQUENCE = "SequenceNumber";
    /** N: sub-sequence of the checkpoint within an aggregated record. */
    public static final String SUB_SEQUENCE = "SubSequence";
    /** BOOL: the shard was read to its end. */
    public static final String SHARD_END = "ShardEnd";
    /** S: workerId holding the lease. */
    public static final String OWNER = "Owner";
    /** N: the lease's counter, raised by every write of its owner. */
    public static final String LEASE_COUNTER = "LeaseCounter";
    /** S: ISO-8601 instant of the last write. */
    public static final String UPDATED_AT = "UpdatedAt";
    /** S: workerId of a consumer that asked for the shard. */
    public static final String HANDOFF_TO = "PendingOwner";
    /** S: the checkpoint as text that sorts like the position. */
    public static final String SEQUENCE_ORDER = "SequenceOrder";

    private CheckpointAttributes() {}
}
