package io.kinesisbatch.camel.lease;

import java.util.Set;

import io.kinesisbatch.camel.checkpoint.ShardClaim;

/**
 * The side that reads the shards whose leases the {@link LeaseCoordinator} takes. Each shard's reader keeps (renews)
 * its own lease; the coordinator only claims, asks for handoffs and tells of leases found under another owner.
 */
public interface LeaseHolder {

    /** Shards this consumer is reading now (its live leases). */
    Set<String> heldShards();

    /**
     * A lease was taken: start reading the shard.
     *
     * @param fromStart start at the shard's first record when it has no checkpoint (a child of a listed parent),
     *                  whatever the iterator type
     */
    void acquired(ShardClaim claim, boolean fromStart);

    /** The lease table shows the shard under another owner: stop reading it at once, never write it again. */
    void lost(String shardId);
}
