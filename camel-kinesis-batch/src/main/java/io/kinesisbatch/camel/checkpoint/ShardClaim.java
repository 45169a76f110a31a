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
 */
public record ShardClaim(String streamId, String shardId, String owner, long leaseCounter, ShardCheckpoint start) {

    /** The same claim after a renewal wrote {@code row}: later writes are conditional on its counter. */
    public ShardClaim renewed(ShardCheckpoint row) {
        return new ShardClaim(streamId, shardId, owner, row.leaseCounter(), start);
    }
}
