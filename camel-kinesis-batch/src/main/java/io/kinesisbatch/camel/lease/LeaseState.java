package io.kinesisbatch.camel.lease;

import java.util.Objects;

/**
 * What the lease table says of one shard, as one worker sees it at one tick.
 *
 * @param shardId  the shard
 * @param owner    the worker holding the lease, or null when nobody does (released, or never claimed)
 * @param counter  the lease counter, bumped by every renewal and every change of owner
 * @param finished the shard's checkpoint is SHARD_END: it was read to its end
 * @param expired  the counter has not moved for a lease duration on the observer's clock (see {@link LeaseExpiry})
 */
public record LeaseState(String shardId, String owner, long counter, boolean finished, boolean expired) {

    public LeaseState {
        Objects.requireNonNull(shardId, "shardId");
    }

    /** The owner while the lease is live; null when it is free or expired. */
    public String liveOwner() {
        return owner != null && !expired ? owner : null;
    }
}
