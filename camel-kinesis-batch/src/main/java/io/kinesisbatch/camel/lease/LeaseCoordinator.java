package io.kinesisbatch.camel.lease;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.LongSupplier;
import java.util.stream.Collectors;

import io.kinesisbatch.camel.checkpoint.CheckpointStore;
import io.kinesisbatch.camel.checkpoint.ShardCheckpoint;
import io.kinesisbatch.camel.checkpoint.ShardClaim;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import static io.kinesisbatch.camel.aws.AsyncFailures.unwrap;

/**
 * Applies the balancing decision to the lease table. At every rebalance {@link #tick()} it lists the shards and the
 * stream's rows, decides expiry on its own clock ({@link LeaseExpiry}), plans ({@link LeaseBalancer}) and applies the
 * plan: conditional takeovers for claims, a handoff request for the steal (the owner drains, checkpoints and releases;
 * the shard is then claimed like any free one), conditional deletes for clean-ups. Its {@link #heartbeat()}
 * renews every held lease; it runs on the coordinator's own scheduler, never on the threads the routes run on, so a
 * slow route does not lose its leases.
 * <p>
 * Ticks never overlap: a tick asked for while one runs (a shard reached its end) runs right after it.
 */
public final class LeaseCoordinator {

    private static final Logger LOG = LoggerFactory.getLogger(LeaseCoordinator.class);

    private final String streamId;
    private final String me;
    private final Set<String> restrictTo;
    private final ShardLister lister;
    private final CheckpointStore store;
    private final LeaseHolder holder;
    private final LongSupplier nanoClock;
    private final LeaseExpiry expiry;
    private final Duration leaseDuration;
    private final AtomicBoolean ticking = new AtomicBoolean();
    private final AtomicBoolean tickAgain = new AtomicBoolean();
    private final AtomicBoolean renewing = new AtomicBoolean();
    private final List<ScheduledFuture<?>> timers = new ArrayList<>();
    private volatile ScheduledExecutorService scheduler;
    private volatile boolean stopped;

    /** What one tick saw and decided. */
    private record Decision(BalancePlan plan, Map<String, LeaseState> leases, Map<String, ShardNode> shards) {
    }

    /**
     * @param restrictTo the {@code shardIds} option, or null for every shard
     * @param nanoClock  a monotonic clock in nanoseconds ({@code System::nanoTime} outside tests)
     */
    public LeaseCoordinator(String streamId, String me, Set<String> restrictTo, Duration leaseDuration, ShardLister lister,
                            CheckpointStore store, LeaseHolder holder, LongSupplier nanoClock) {
        this.streamId = streamId;
        this.me = me;
        this.restrictTo = restrictTo;
        this.lister = lister;
        this.store = store;
        this.holder = holder;
        this.nanoClock = nanoClock;
        this.expiry = new LeaseExpiry(leaseDuration);
        this.leaseDuration = leaseDuration;
    }

    /** Schedules rebalances every {@code rebalanceInterval} and renewals every third of {@code leaseDuration}. */
    public synchronized void schedule(ScheduledExecutorService on, Duration rebalanceInterval, Duration leaseDuration) {
        scheduler = on;
        long rebalance = rebalanceInterval.toMillis();
        long renew = Math.max(1, leaseDuration.toMillis() / 3);
        timers.add(on.scheduleWithFixedDelay(this::requestTick, rebalance, rebalance, TimeUnit.MILLISECONDS));
        timers.add(on.scheduleAtFixedRate(this::heartbeatLogged, renew, renew, TimeUnit.MILLISECONDS));
    }

    /** Stops rebalancing and renewing; leases taken from now on are given back at once. */
    public synchronized void stop() {
        stopped = true;
        timers.forEach(t -> t.cancel(false));
        timers.clear();
    }

    /** Runs a tick soon (on the scheduler), for instance when a shard reached its end and its children may start. */
    public void requestTick() {
        ScheduledExecutorService on = scheduler;
        if (stopped || on == null) {
            return;
        }
        on.execute(() -> tick().whenComplete((plan, error) -> {
            if (error != null && !stopped) {
                LOG.warn("Rebalancing {} failed, trying again at the next interval: {}", streamId, unwrap(error).toString());
            }
        }));
    }

    /** One rebalance; completes with the plan applied (null when it only asked the running tick to go again). */
    public CompletableFuture<BalancePlan> tick() {
        if (!ticking.compareAndSet(false, true)) {
            tickAgain.set(true);
            return CompletableFuture.completedFuture(null);
        }
        CompletableFuture<List<ShardCheckpoint>> rows = store.list(streamId).toCompletableFuture();
        return lister.listShards()
                .thenCombine(rows, this::decide)
                .thenCompose(this::apply)
                .whenComplete((plan, error) -> {
                    ticking.set(false);
                    if (tickAgain.getAndSet(false)) {
                        requestTick();
                    }
                });
    }

    private synchronized Decision decide(List<ShardNode> shards, List<ShardCheckpoint> rows) {
        long now = nanoClock.getAsLong();
        Set<String> held = holder.heldShards();
        Map<String, LeaseState> leases = new HashMap<>();
        for (ShardCheckpoint row : rows) {
            boolean expired = expiry.observe(row.shardId(), row.owner(), row.leaseCounter(), now);
            boolean mine = me.equals(row.owner());
            if (held.contains(row.shardId()) && !mine) {
                holder.lost(row.shardId());
            }
            // a row naming me that I do not read (a restart under the same workerId): mine to take back at once
            leases.put(row.shardId(), new LeaseState(row.shardId(), row.owner(), row.leaseCounter(), row.shardEnd(),
                    expired || (mine && !held.contains(row.shardId()))));
        }
        expiry.retainOnly(leases.keySet());
        Map<String, ShardNode> byId = shards.stream().collect(Collectors.toMap(ShardNode::shardId, s -> s, (a, b) -> a));
        return new Decision(LeaseBalancer.plan(me, shards, leases.values(), restrictTo), leases, byId);
    }

    private CompletableFuture<BalancePlan> apply(Decision decision) {
        BalancePlan plan = decision.plan();
        List<CompletableFuture<?>> writes = new ArrayList<>();
        for (String shardId : plan.claims()) {
            LeaseState seen = decision.leases().get(shardId);
            writes.add(take(decision, shardId, seen == null ? null : seen.owner(), seen == null ? 0 : seen.counter()));
        }
        plan.steal().ifPresent(steal -> writes.add(store.requestHandoff(streamId, steal.shardId(), me,
                steal.fromWorker(), steal.counter()).toCompletableFuture().thenAccept(asked -> {
                    if (asked) {
                        LOG.info("Asked {} to hand over shard {} of {} toward an even share ({} each)",
                                steal.fromWorker(), steal.shardId(), streamId, plan.target());
                    }
                })));
        for (String shardId : plan.cleanups()) {
            writes.add(store.delete(streamId, shardId, decision.leases().get(shardId).counter()).toCompletableFuture()
                    .thenAccept(deleted -> {
                        if (deleted) {
                            LOG.info("Removed the row of finished shard {} of {}", shardId, streamId);
                        }
                    }));
        }
        return CompletableFuture.allOf(writes.toArray(CompletableFuture[]::new)).thenApply(done -> plan);
    }

    private CompletableFuture<Void> take(Decision decision, String shardId, String seenOwner, long seenCounter) {
        return store.takeover(streamId, shardId, me, seenOwner, seenCounter).toCompletableFuture().thenCompose(taken -> {
            if (taken.isEmpty()) {
                return CompletableFuture.completedFuture(null); // another worker was faster: see at the next tick
            }
            ShardClaim claim = taken.get();
            if (stopped) {
                return store.release(claim).toCompletableFuture();
            }
            holder.acquired(claim, hasListedParent(decision.shards(), shardId));
            return CompletableFuture.completedFuture(null);
        });
    }

    /** A child of a shard still listed starts at its first record, whatever the iterator type. */
    private static boolean hasListedParent(Map<String, ShardNode> shards, String shardId) {
        ShardNode shard = shards.get(shardId);
        return shard != null && shard.parentShardIds().stream().anyMatch(shards::containsKey);
    }

    /** Renews every held lease once; a renewal whose condition fails stops that shard (see {@link LeaseHolder}). */
    public CompletableFuture<Void> heartbeat() {
        if (!renewing.compareAndSet(false, true)) {
            return CompletableFuture.completedFuture(null); // the previous round is still waiting for the store
        }
        CompletableFuture<?>[] renewals = holder.heldShards().stream()
                // a renewal stuck longer than a lease is pointless: give up on it so the next rounds run
                .map(shardId -> holder.renew(shardId).orTimeout(leaseDuration.toMillis(), TimeUnit.MILLISECONDS)
                        .handle((renewed, error) -> logRenewal(shardId, renewed, error)))
                .toArray(CompletableFuture[]::new);
        return CompletableFuture.allOf(renewals).whenComplete((done, error) -> renewing.set(false));
    }

    private Void logRenewal(String shardId, Boolean renewed, Throwable error) {
        if (error != null) {
            LOG.warn("Renewing the lease of shard {} of {} failed, trying again: {}", shardId, streamId,
                    unwrap(error).toString());
        } else if (!renewed) {
            LOG.warn("Lease of shard {} of {} lost: stopped reading it", shardId, streamId);
        }
        return null;
    }

    private void heartbeatLogged() {
        if (!stopped) {
            heartbeat();
        }
    }

}
