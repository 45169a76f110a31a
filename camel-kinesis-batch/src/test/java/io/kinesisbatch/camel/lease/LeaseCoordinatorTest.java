package io.kinesisbatch.camel.lease;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;

import io.kinesisbatch.camel.checkpoint.InMemoryCheckpointStore;
import io.kinesisbatch.camel.checkpoint.SequencePosition;
import io.kinesisbatch.camel.checkpoint.ShardClaim;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The coordinator against the in-memory store, a scripted shard listing and a fake clock. */
class LeaseCoordinatorTest {

    private static final String STREAM = "orders";
    private static final Duration LEASE = Duration.ofSeconds(3);

    private final InMemoryCheckpointStore store = new InMemoryCheckpointStore();
    private final AtomicLong clock = new AtomicLong();
    private List<ShardNode> shards = roots(6);

    /** A holder that reads nothing: it keeps the claims it was given and renews them through the store. */
    private class Holder implements LeaseHolder {
        final Map<String, ShardClaim> held = new TreeMap<>();
        final List<String> lostShards = new ArrayList<>();
        final List<String> fromStart = new ArrayList<>();
        final List<String> handedOver = new ArrayList<>();
        int acquiredCount;

        @Override
        public synchronized Set<String> heldShards() {
            return Set.copyOf(held.keySet());
        }

        @Override
        public synchronized void acquired(ShardClaim claim, boolean start) {
            held.put(claim.shardId(), claim);
            acquiredCount++;
            if (start) {
                fromStart.add(claim.shardId());
            }
        }

        /** What each shard's lane does at its renewal tick. */
        synchronized void renewAll() {
            Set.copyOf(held.keySet()).forEach(shard -> renew(shard).join());
        }

        synchronized CompletableFuture<Boolean> renew(String shardId) {
            return store.renew(held.get(shardId)).toCompletableFuture().thenApply(renewed -> {
                synchronized (this) {
                    renewed.ifPresentOrElse(c -> held.put(shardId, c), () -> lost(shardId));
                    if (renewed.isPresent() && renewed.get().handoffTo() != null) { // drained at once: hand over
                        ShardClaim claim = held.remove(shardId);
                        store.handOver(claim, claim.handoffTo()).toCompletableFuture().join();
                        handedOver.add(shardId);
                    }
                }
                return renewed.isPresent();
            });
        }

        @Override
        public synchronized void lost(String shardId) {
            held.remove(shardId);
            lostShards.add(shardId);
        }

        synchronized void releaseAll() {
            held.values().forEach(c -> store.release(c).toCompletableFuture().join());
            held.clear();
        }
    }

    private record Worker(LeaseCoordinator coordinator, Holder holder) {
        void tick() {
            coordinator.tick().join();
        }
    }

    private Worker worker(String id, Set<String> restrictTo) {
        Holder holder = new Holder();
        return new Worker(new LeaseCoordinator(STREAM, id, restrictTo, LEASE,
                () -> CompletableFuture.completedFuture(shards), store, holder, clock::get), holder);
    }

    private Worker worker(String id) {
        return worker(id, null);
    }

    private static List<ShardNode> roots(int n) {
        List<ShardNode> list = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            list.add(ShardNode.root(id(i)));
        }
        return list;
    }

    private static String id(int i) {
        return String.format("shardId-%012d", i);
    }

    private void advance(Duration d) {
        clock.addAndGet(d.toNanos());
    }

    @Test
    void aLoneWorkerClaimsEveryShardAndTheRowsNameIt() {
        Worker a = worker("a");
        a.tick();
        assertThat(a.holder.heldShards()).hasSize(6);
        for (int i = 0; i < 6; i++) {
            assertThat(store.get(STREAM, id(i)).owner()).isEqualTo("a");
        }
    }

    @Test
    void threeWorkersSettleAtTwoEachBySteals() {
        List<Worker> workers = List.of(worker("a"), worker("b"), worker("c"));
        for (int round = 0; round < 10; round++) {
            for (Worker w : workers) {
                w.tick();
                workers.forEach(other -> other.holder.renewAll());
            }
        }
        workers.forEach(w -> assertThat(w.holder.heldShards()).hasSize(2));
        assertThat(workers.get(0).holder.handedOver).hasSize(4); // a took all six first and handed four over
        workers.forEach(w -> assertThat(w.holder.lostShards).isEmpty());
    }

    @Test
    void aStealAsksTheOwnerToHandOverAndTheShardIsClaimedOnceReleased() {
        Worker a = worker("a");
        Worker b = worker("b");
        a.tick();
        b.tick(); // a holds 6, b 0: b asks for one
        assertThat(b.holder.heldShards()).isEmpty();
        assertThat(store.get(STREAM, id(5)).owner()).isEqualTo("a");

        a.holder.renewAll(); // a learns it, drains, checkpoints, hands it to b
        assertThat(a.holder.handedOver).containsExactly(id(5));
        assertThat(store.get(STREAM, id(5)).owner()).isEqualTo("b");
        a.tick(); // a is under its share now, yet does not take it back
        assertThat(a.holder.heldShards()).hasSize(5);
        b.tick();
        assertThat(b.holder.heldShards()).containsExactly(id(5));
        assertThat(a.holder.lostShards).isEmpty();
    }

    @Test
    void aLeaseTakenOverIsFoundLostAtTheNextRenewalAndItsCheckpointCannotMove() {
        Worker a = worker("a");
        a.tick();
        ShardClaim before = a.holder.held.get(id(5));
        store.takeover(STREAM, id(5), "b", "a", before.leaseCounter()).toCompletableFuture().join().orElseThrow();

        a.holder.renewAll();
        assertThat(a.holder.lostShards).containsExactly(id(5));
        assertThat(store.checkpoint(before, SequencePosition.of("100", 0)).toCompletableFuture().join()).isFalse();
        assertThat(store.get(STREAM, id(5)).owner()).isEqualTo("b");
        assertThat(store.get(STREAM, id(5)).position()).isNull();
    }

    @Test
    void leasesOfAWorkerThatStoppedRenewingAreTakenAfterTheLeaseDurationOnTheObserversClock() {
        Worker a = worker("a");
        Worker b = worker("b");
        a.tick();
        b.tick(); // asks a for a shard: a is dead and never answers
        advance(LEASE.minusMillis(1));
        b.tick();
        assertThat(b.holder.heldShards()).isEmpty(); // nothing expired yet

        advance(Duration.ofMillis(2)); // a renewed nothing for a whole lease duration
        b.tick();
        assertThat(b.holder.heldShards()).hasSize(6);
    }

    @Test
    void releasedLeasesAreClaimedAtTheNextTickWithoutWaitingForExpiry() {
        Worker a = worker("a");
        Worker b = worker("b");
        a.tick();
        b.tick();
        a.holder.releaseAll();
        b.tick();
        assertThat(b.holder.heldShards()).hasSize(6);
        assertThat(store.get(STREAM, id(0)).owner()).isEqualTo("b");
    }

    @Test
    void childrenStartFromTheirFirstRecordAfterTheirParentFinishedAndThenTheParentRowIsRemoved() {
        shards = List.of(new ShardNode(id(0), List.of(), true), ShardNode.of(id(1), id(0), null, false),
                ShardNode.of(id(2), id(0), null, false));
        Worker a = worker("a");
        a.tick();
        assertThat(a.holder.heldShards()).containsExactly(id(0));

        ShardClaim parent = a.holder.held.remove(id(0));
        assertThat(store.markShardEnd(parent, SequencePosition.of("9", 0)).toCompletableFuture().join()).isTrue();
        a.tick();
        assertThat(a.holder.heldShards()).containsExactlyInAnyOrder(id(1), id(2));
        assertThat(a.holder.fromStart).containsExactlyInAnyOrder(id(1), id(2));
        a.tick();
        assertThat(store.get(STREAM, id(0))).isNull();
        a.tick();
        assertThat(a.holder.heldShards()).containsExactlyInAnyOrder(id(1), id(2)); // the parent is not read again
        // the finished parent's row named this worker while it read it no more: that is no second process
        assertThat(a.coordinator.duplicateWorkerIdDetected()).isFalse();
    }

    @Test
    void explicitShardIdsAreTheOnlyShardsClaimed() {
        Worker a = worker("a", Set.of(id(1), id(4)));
        a.tick();
        assertThat(a.holder.heldShards()).containsExactlyInAnyOrder(id(1), id(4));
    }

    @Test
    void aRowNamingMeThatIReadNoMoreIsTakenBackAtOnce() {
        Worker before = worker("a");
        before.tick();
        Worker restarted = worker("a"); // same workerId after a crash
        restarted.tick();
        assertThat(restarted.holder.heldShards()).hasSize(6);
        before.holder.renewAll();
        assertThat(before.holder.heldShards()).isEmpty();
    }

    /** Defect 3 of issue 14: a worker whose renewals are stuck must not take its own live lease over. */
    @Test
    void aWorkerNeverJudgesItsOwnLeaseExpired() {
        Worker a = worker("a");
        a.tick();
        assertThat(a.holder.acquiredCount).isEqualTo(6);
        advance(LEASE.plusSeconds(1)); // no renewal landed for more than a lease duration
        a.tick();
        advance(LEASE.plusSeconds(1));
        a.tick();
        assertThat(a.holder.acquiredCount).as("no shard taken over from itself").isEqualTo(6);
        assertThat(a.holder.lostShards).isEmpty();
    }

    /** Defect 6 of issue 14: a suspended or stopping consumer claims nothing and asks no peer for a shard. */
    @Test
    void aPausedCoordinatorClaimsAndAsksForNothing() {
        Worker a = worker("a");
        a.tick();
        Worker b = worker("b");
        b.coordinator.pause();
        b.tick();
        assertThat(b.holder.heldShards()).isEmpty();
        a.holder.releaseAll(); // free leases, a steal target: a paused worker still takes none
        b.tick();
        assertThat(b.holder.heldShards()).isEmpty();
        assertThat(store.list(STREAM).toCompletableFuture().join())
                .allSatisfy(row -> assertThat(row.owner()).isNull());
        b.coordinator.resume();
        b.tick();
        assertThat(b.holder.heldShards()).hasSize(6);
    }

    /** Issue 14, Also: two live processes under one workerId take every shard from each other; detect and stop that. */
    @Test
    void aSecondLiveProcessWithMyWorkerIdIsDetectedAndItsLiveLeasesAreLeftAlone() {
        Worker first = worker("a");
        first.tick();
        Worker second = worker("a"); // same workerId, still alive
        second.tick(); // takes every row naming "a" back at once (a restart looks like this)
        assertThat(second.holder.heldShards()).hasSize(6);
        first.holder.renewAll(); // the first finds them lost
        assertThat(first.holder.heldShards()).isEmpty();
        first.tick(); // and takes them back, once: it cannot yet tell a restart from a twin
        assertThat(first.holder.heldShards()).hasSize(6);
        second.holder.renewAll();
        second.tick(); // the second time the same shards come back to it from "itself": a twin; it leaves them
        assertThat(second.holder.heldShards()).isEmpty();
        first.holder.renewAll();
        second.tick();
        assertThat(second.holder.heldShards()).as("live leases of the twin are not taken").isEmpty();
        assertThat(first.holder.heldShards()).hasSize(6);
        assertThat(second.coordinator.duplicateWorkerIdDetected()).isTrue();
    }
}
