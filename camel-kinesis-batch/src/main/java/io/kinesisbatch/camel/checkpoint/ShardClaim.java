package io.kinesisbatch.camel.checkpoint;

/**
 * Proof that a worker holds a shard: handed out by {@link CheckpointStore#claim} and given back with every write, so
 * the store can refuse writes from a worker that no longer holds the shard.
 *
 * @param streamId     the stream's name or ARN
 * @param shardId      the shard
 * @param owner        the claiming worker
 * @param leaseCounter the counter value this claim wrote; writes are conditional on it
 * @param start        the row as the claim left it (its position is where reading resumes)
 * @param handoffTo    set by a renewal when another worker asked for the shard (a steal): hand it over, or null
 */
public record ShardClaim(String streamId, String shardId, String owner, long leaseCounter, ShardCheckpoint start,
                         String handoffTo) {

    /** A claim nobody asked to hand over. */
    public ShardClaim(String streamId, String shardId, String owner, long leaseCounter, ShardCheckpoint start) {
        this(streamId, shardId, owner, leaseCounter, start, null);
    }

    /**
     * The same claim after a renewal: later writes are conditional on {@code counter}; {@code handoffTo} is the worker
     * that asked for the shard ({@link CheckpointStore#requestHandoff}), or null.
     */
    public ShardClaim renewed(long counter, String handoffTo) {
        return new ShardClaim(streamId, shardId, owner, counter, start, handoffTo);
    }
}
