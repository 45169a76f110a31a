package io.kinesisbatch.camel.lease;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The balancing decision, as a pure function: shard lineage and the lease table in, claims, one steal and clean-ups
 * out. No I/O and no clock (expiry is decided beforehand by {@link LeaseExpiry}), so every rule is unit-tested.
 *
 * <h2>Rules</h2>
 * <ol>
 * <li><b>Finished</b>: a shard whose lease row says SHARD_END. A shard with no row counts as finished when it is no
 * longer listed (beyond retention) or when each of its children was <em>started</em>: it has a row, or it has no row
 * and each of its own children was started, at any depth (its row was cleaned up after its children started). So a
 * grandparent whose row and whose child's row were both cleaned up is never read again.</li>
 * <li><b>Ready</b>: a shard that already has a row (it was started before), or whose parents are all finished. So
 * a child is never read before its parents reached their end, whatever the iterator type; and a closed parent that
 * was never read is still claimed. With {@code shardIds}, a parent outside the list does not hold a child back.</li>
 * <li><b>Candidates</b> are the listed, unfinished, ready shards (restricted to {@code shardIds} when given).</li>
 * <li><b>Target</b> = ceil(candidates / live workers), where live workers are the owners of live leases plus me.</li>
 * <li><b>Claims</b>: free or expired candidates, oldest first, until I hold the target.</li>
 * <li><b>Steal</b>: when no free candidate is left and I still hold fewer than the target, take one lease from the
 * most loaded worker, but only if it holds at least two more than I do (no ping-pong between n and n+1). One per
 * tick.</li>
 * <li><b>Clean-ups</b>: finished rows whose children all have rows, or whose shard is no longer listed.</li>
 * </ol>
 */
public final class LeaseBalancer {

    private static final Comparator<String> SHARD_ORDER = Comparator.naturalOrder();

    private LeaseBalancer() {}

    /**
     * @param me         this worker's id
     * @param shards     every shard ListShards returned (open and closed)
     * @param leases     every row of this stream in the lease table
     * @param restrictTo only these shards (the {@code shardIds} option), or null for all
     */
    public static BalancePlan plan(String me, Collection<ShardNode> shards, Collection<LeaseState> leases,
                                   Set<String> restrictTo) {
        Lineage lineage = new Lineage(shards, leases, restrictTo);

        List<String> candidates = new ArrayList<>();
        for (ShardNode shard : shards) {
            String id = shard.shardId();
            if ((restrictTo == null || restrictTo.contains(id)) && !lineage.finished(id) && lineage.ready(id)) {
                candidates.add(id);
            }
        }
        candidates.sort(SHARD_ORDER);

        Map<String, TreeSet<String>> held = new TreeMap<>();
        held.put(me, new TreeSet<>(SHARD_ORDER));
        List<String> free = new ArrayList<>();
        for (String id : candidates) {
            LeaseState lease = lineage.lease(id);
            String owner = lease == null ? null : lease.liveOwner();
            if (owner == null) {
                free.add(id);
            } else {
                held.computeIfAbsent(owner, w -> new TreeSet<>(SHARD_ORDER)).add(id);
            }
        }

        int target = candidates.isEmpty() ? 0 : ceilDiv(candidates.size(), held.size());
        int mine = held.get(me).size();
        List<String> claims = free.subList(0, Math.min(free.size(), Math.max(0, target - mine)));
        int after = mine + claims.size();

        Optional<BalancePlan.Steal> steal = Optional.empty();
        if (after < target && claims.size() == free.size()) {
            steal = mostLoadedOther(me, held)
                    .filter(w -> held.get(w).size() - after >= 2)
                    .map(w -> {
                        String shardId = held.get(w).last();
                        return new BalancePlan.Steal(shardId, w, lineage.lease(shardId).counter());
                    });
        }
        return new BalancePlan(claims, steal, lineage.cleanups(), target);
    }

    private static Optional<String> mostLoadedOther(String me, Map<String, TreeSet<String>> held) {
        return held.entrySet().stream()
                .filter(e -> !e.getKey().equals(me))
                .max(Comparator.<Map.Entry<String, TreeSet<String>>>comparingInt(e -> e.getValue().size())
                        .thenComparing(Map.Entry::getKey))
                .map(Map.Entry::getKey);
    }

    private static int ceilDiv(int a, int b) {
        return (a + b - 1) / b;
    }

    /** Shards, their children and their rows, with the finished/ready rules. */
    private static final class Lineage {
        private final Map<String, ShardNode> listed = new HashMap<>();
        private final Map<String, LeaseState> rows = new HashMap<>();
        private final Map<String, Set<String>> children = new HashMap<>();
        private final Set<String> restrictTo;

        Lineage(Collection<ShardNode> shards, Collection<LeaseState> leases, Set<String> restrictTo) {
            this.restrictTo = restrictTo;
            for (ShardNode shard : shards) {
                listed.put(shard.shardId(), shard);
                for (String parent : shard.parentShardIds()) {
                    children.computeIfAbsent(parent, p -> new LinkedHashSet<>()).add(shard.shardId());
                }
            }
            for (LeaseState lease : leases) {
                rows.put(lease.shardId(), lease);
            }
        }

        LeaseState lease(String shardId) {
            return rows.get(shardId);
        }

        boolean finished(String shardId) {
            LeaseState row = rows.get(shardId);
            if (row != null) {
                return row.finished();
            }
            return !listed.containsKey(shardId) || allChildrenStarted(shardId);
        }

        boolean ready(String shardId) {
            if (rows.containsKey(shardId)) {
                return true;
            }
            ShardNode shard = listed.get(shardId);
            return shard != null && shard.parentShardIds().stream().allMatch(p -> finished(p) || notMine(p));
        }

        /** A parent outside an explicit {@code shardIds} list is someone else's to read: it does not hold a child. */
        private boolean notMine(String shardId) {
            return restrictTo != null && !restrictTo.contains(shardId);
        }

        /**
         * Every child of the shard was started: it has a row, or (its row cleaned up) every child of its own was
         * started, down the lineage. Lineages are acyclic (a child is always younger than its parents).
         */
        private boolean allChildrenStarted(String shardId) {
            Set<String> kids = children.get(shardId);
            return kids != null && !kids.isEmpty()
                   && kids.stream().allMatch(kid -> rows.containsKey(kid) || allChildrenStarted(kid));
        }

        List<String> cleanups() {
            List<String> cleanups = new ArrayList<>();
            for (LeaseState row : rows.values()) {
                if (row.finished() && (!listed.containsKey(row.shardId()) || allChildrenStarted(row.shardId()))) {
                    cleanups.add(row.shardId());
                }
            }
            cleanups.sort(SHARD_ORDER);
            return cleanups;
        }
    }
}
