package io.kinesisbatch.camel.lease;

import java.util.Set;
import java.util.concurrent.CompletableFuture;

import io.kinesisbatch.camel.checkpoint.ShardClaim;

/** The side that reads the shards whose leases the {@link LeaseCoordinator} takes and keeps. */
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

    /** Renews the lease of a held shard; completes with false when it was lost (reading has then stopped). */
    CompletableFuture<Boolean> renew(String shardId);

    /** The lease table shows the shard under another owner: stop reading it at once, never write it again. */
    void lost(String shardId);
}
