package io.kinesisbatch.camel.lease;

import java.util.List;
import java.util.Optional;

/**
 * What one worker should do at one rebalance tick.
 *
 * @param claims   free or expired leases to take (conditional on the counter seen), oldest shards first
 * @param steal    at most one live lease to take from the most loaded worker
 * @param cleanups rows of finished shards that no reader needs any more (all children started, or the shard is gone)
 * @param target   the share of leases this worker aims for
 */
public record BalancePlan(List<String> claims, Optional<Steal> steal, List<String> cleanups, int target) {

    /** Take {@code shardId} from {@code fromWorker}, whose lease counter was {@code counter}. */
    public record Steal(String shardId, String fromWorker, long counter) {
    }

    public BalancePlan {
        claims = List.copyOf(claims);
        cleanups = List.copyOf(cleanups);
    }

    public boolean isEmpty() {
        return claims.isEmpty() && steal.isEmpty() && cleanups.isEmpty();
    }
}
