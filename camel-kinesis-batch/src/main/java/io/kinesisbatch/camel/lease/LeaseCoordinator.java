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
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;
import java.util.stream.Collectors;

import io.kinesisbatch.camel.checkpoint.ShardCheckpoint;
import io.kinesisbatch.camel.checkpoint.ShardClaim;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import static io.kinesisbatch.camel.aws.AsyncFailures.unwrap;

/**
 * Applies the balancing decision to the lease table. At every rebalance {@link #tick()} it lists the shards and the
 * stream's rows, decides expiry on its own clock ({@link LeaseExpiry}), plans ({@link LeaseBalancer}) and applies the
 * plan: conditional takeovers for claims, a handoff request for the steal (the owner drains, checkpoints and hands
 * over), conditional deletes for clean-ups. Renewals are not its business: each shard's reader renews its own lease,
 * so one stuck renewal never holds up another.
 * <p>
 * A worker never judges its own live lease expired: a shard it reads is its own, however long its renewals take (the
 * conditional writes fence it if a peer took the lease meanwhile). A row naming this worker that it does not read
 * (a restart under the same {@code workerId}) is taken back at once; if that happens again to a shard it took back, a
 * second live process uses the same {@code workerId}: that is logged, and such rows are then only taken once expired.
 * <p>
 * Ticks never overlap: a tick asked for while one runs (a shard reached its end) runs right after it. The expiry
 * observations are only touched inside a tick, so the flag that keeps ticks apart is their only guard. While paused
 * (the route is suspended or stopping) no tick runs.
 */
public final class LeaseCoordinator {

    private static final Logger LOG = LoggerFactory.getLogger(LeaseCoordinator.class);

    private final String streamId;
    private final String me;
    private final Set<String> restrictTo;
    private final ShardLister lister;
    private final LeaseTable table;
    private final LeaseHolder holder;
    private final LongSupplier nanoClock;
    private final LeaseExpiry expiry;
    private final AtomicBoolean ticking = new AtomicBoolean();
    private final AtomicBoolean tickAgain = new AtomicBoolean();
    private final Set<String> takenBackFromMyself = ConcurrentHashMap.newKeySet();
    private final Set<String> askedFor = ConcurrentHashMap.newKeySet();
    private volatile boolean duplicateWorkerId;
    private volatile ScheduledFuture<?> timer;
    private volatile ScheduledExecutorService scheduler;
    private volatile boolean paused;
    private volatile boolean stopped;
    /** The tick running now (or the last one): {@link #stop} hands it out so a stop can wait for what it takes. */
    private volatile CompletableFuture<BalancePlan> running = CompletableFuture.completedFuture(null);

    /** What one tick saw and decided. */
    private record Decision(BalancePlan plan, Map<String, LeaseState> leases, Map<String, ShardNode> shards) {
    }

    /**
     * @param restrictTo the {@code shardIds} option, or null for every shard
     * @param nanoClock  a monotonic clock in nanoseconds ({@code System::nanoTime} outside tests)
     */
    public LeaseCoordinator(String streamId, String me, Set<String> restrictTo, Duration leaseDuration,
                            ShardLister lister,
                            LeaseTable table, LeaseHolder holder, LongSupplier nanoClock) {
        this.streamId = streamId;
        this.me = me;
        this.restrictTo = restrictTo;
        this.lister = lister;
        this.table = table;
        this.holder = holder;
        this.nanoClock = nanoClock;
        this.expiry = new LeaseExpiry(leaseDuration);
    }

    /** Schedules rebalances every {@code rebalanceInterval} on {@code on}. */
    public void schedule(ScheduledExecutorService on, Duration rebalanceInterval) {
        scheduler = on;
        long rebalance = rebalanceInterval.toMillis();
        timer = on.scheduleWithFixedDelay(this::requestTick, rebalance, rebalance, TimeUnit.MILLISECONDS);
    }

    /** No rebalancing until {@link #resume()}: a suspended or stopping consumer claims and asks for nothing. */
    public void pause() {
        paused = true;
    }

    public void resume() {
        paused = false;
    }

    /**
     * Stops rebalancing for good; leases taken by a tick still running are given back at once. The returned future
     * completes when that tick is over: every shard it handed to the holder was handed (so a stopping holder sees
     * them all), and every lease it took after the stop was released.
     */
    public CompletableFuture<Void> stop() {
        stopped = true;
        ScheduledFuture<?> t = timer;
        if (t != null) {
            t.cancel(false);
        }
        return running.handle((plan, error) -> null);
    }

    /** Runs a tick soon (on the scheduler), for instance when a shard reached its end and its children may start. */
    public void requestTick() {
        ScheduledExecutorService on = scheduler;
        if (stopped || paused || on == null) {
            return;
        }
        on.execute(() -> tick().whenComplete((plan, error) -> {
            if (error != null && !stopped) {
                LOG.warn("Rebalancing {} failed, trying again at the next interval: {}", streamId,
                        unwrap(error).toString());
            }
        }));
    }

    /** Whether another live process was seen using this worker's id (see the ERROR it logs). */
    boolean duplicateWorkerIdDetected() {
        return duplicateWorkerId;
    }

    /** One rebalance; completes with the plan applied (null when paused or when it asked the running tick to go again). */
    public CompletableFuture<BalancePlan> tick() {
        if (stopped || paused) {
            return CompletableFuture.completedFuture(null);
        }
        // ask first, then try to run: a request that lands after the running tick looked at tickAgain finds ticking
        // already false and runs itself, so no request is lost
        tickAgain.set(true);
        if (!ticking.compareAndSet(false, true)) {
            return CompletableFuture.completedFuture(null);
        }
        tickAgain.set(false);
        // published before looking at stopped again: either stop() sees this tick, or this tick sees the stop
        CompletableFuture<BalancePlan> done = new CompletableFuture<>();
        running = done;
        if (stopped || paused) {
            ticking.set(false);
            done.complete(null);
            return done;
        }
        CompletableFuture<List<ShardCheckpoint>> rows;
        CompletableFuture<List<ShardNode>> shards;
        try {
            rows = table.list(streamId).toCompletableFuture();
            shards = lister.listShards();
        } catch (RuntimeException e) {
            ticking.set(false);
            done.completeExceptionally(e);
            return done;
        }
        shards.thenCombine(rows, this::decide)
                .thenCompose(this::apply)
                .whenComplete((plan, error) -> {
                    ticking.set(false);
                    if (error != null) {
                        done.completeExceptionally(error);
                    } else {
                        done.complete(plan);
                    }
                    if (tickAgain.getAndSet(false)) {
                        requestTick();
                    }
                });
        return done;
    }

    private Decision decide(List<ShardNode> shards, List<ShardCheckpoint> rows) {
        long now = nanoClock.getAsLong();
        Set<String> held = holder.heldShards();
        Map<String, LeaseState> leases = new HashMap<>();
        for (ShardCheckpoint row : rows) {
            boolean expired = expiry.observe(row.shardId(), row.owner(), row.leaseCounter(), now);
            boolean mine = me.equals(row.owner());
            boolean reading = held.contains(row.shardId());
            if (reading && !mine) {
                holder.lost(row.shardId());
            }
            boolean handedToMe = mine && !reading && askedFor.remove(row.shardId());
            // a finished shard's row keeps my name until it is cleaned up: not a sign of another process
            if (mine && !reading && !handedToMe && !row.shardEnd() && !takenBackFromMyself.add(row.shardId())
                && !duplicateWorkerId) {
                duplicateWorkerId = true;
                LOG.error("Shard {} of {} was taken back from workerId {} twice while this consumer did not read it:"
                          + " another live consumer uses the same workerId. Give each consumer its own workerId;"
                          + " until then this one takes such shards only once their leases expired",
                        row.shardId(), streamId, me);
            }
            // a row naming me that I do not read (a restart under the same workerId): mine to take back at once,
            // unless another live process uses my id. My own live lease never expires in my eyes.
            boolean free;
            if (!mine) {
                free = expired;
            } else {
                free = !reading && (handedToMe || !duplicateWorkerId || expired);
            }
            leases.put(row.shardId(),
                    new LeaseState(row.shardId(), row.owner(), row.leaseCounter(), row.shardEnd(), free));
        }
        expiry.retainOnly(leases.keySet());
        takenBackFromMyself.retainAll(leases.keySet());
        askedFor.retainAll(leases.keySet());
        Map<String, ShardNode> byId = shards.stream()
                .collect(Collectors.toMap(ShardNode::shardId, s -> s, (a, b) -> a));
        return new Decision(LeaseBalancer.plan(me, shards, leases.values(), restrictTo), leases, byId);
    }

    private CompletableFuture<BalancePlan> apply(Decision decision) {
        BalancePlan plan = decision.plan();
        List<CompletableFuture<?>> writes = new ArrayList<>();
        for (String shardId : plan.claims()) {
            LeaseState seen = decision.leases().get(shardId);
            writes.add(take(decision, shardId, seen == null ? null : seen.owner(), seen == null ? 0 : seen.counter()));
        }
        plan.steal().ifPresent(steal -> writes.add(table.requestHandoff(streamId, steal.shardId(), me,
                steal.fromWorker(), steal.counter()).toCompletableFuture().thenAccept(asked -> {
                    if (asked) {
                        askedFor.add(steal.shardId());
                        LOG.info("Asked {} to hand over shard {} of {} toward an even share ({} each)",
                                steal.fromWorker(), steal.shardId(), streamId, plan.target());
                    }
                })));
        for (String shardId : plan.cleanups()) {
            writes.add(table.delete(streamId, shardId, decision.leases().get(shardId).counter()).toCompletableFuture()
                    .thenAccept(deleted -> {
                        if (deleted) {
                            LOG.info("Removed the row of finished shard {} of {}", shardId, streamId);
                        }
                    }));
        }
        return CompletableFuture.allOf(writes.toArray(CompletableFuture[]::new)).thenApply(done -> plan);
    }

    private CompletableFuture<Void> take(Decision decision, String shardId, String seenOwner, long seenCounter) {
        return table.takeover(streamId, shardId, me, seenOwner, seenCounter).toCompletableFuture()
                .thenCompose(taken -> {
                    if (taken.isEmpty()) {
                        return CompletableFuture.completedFuture(null); // another worker was faster: see at the next tick
                    }
                    ShardClaim claim = taken.get();
                    if (stopped || paused) {
                        return table.release(claim).toCompletableFuture();
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
}
