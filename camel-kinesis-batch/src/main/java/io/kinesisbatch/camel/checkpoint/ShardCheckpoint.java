package io.kinesisbatch.camel.checkpoint;

/**
 * What a checkpoint store holds for one shard of one stream: one row per (stream, shard).
 *
 * @param streamId     the stream's name or ARN, as configured
 * @param shardId      the shard
 * @param position     the highest position whose records (and every record before it) completed; null when none did
 * @param shardEnd     the shard is closed and every record of it completed (SHARD_END)
 * @param owner        the worker that holds the shard, or null when it is free
 * @param leaseCounter bumped on every claim (and, with leases, on every renewal); the fencing token of checkpoint
 *                     writes
 */
public record ShardCheckpoint(String streamId, String shardId, SequencePosition position, boolean shardEnd,
                              String owner,
                              long leaseCounter) {

    /** A shard nothing is known about yet. */
    public static ShardCheckpoint empty(String streamId, String shardId) {
        return new ShardCheckpoint(streamId, shardId, null, false, null, 0);
    }
}
