package io.kinesisbatch.camel.lease;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class LeaseBalancerTest {

    private static List<ShardNode> roots(int n) {
        List<ShardNode> shards = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            shards.add(ShardNode.root(id(i)));
        }
        return shards;
    }

    private static String id(int i) {
        return String.format("shardId-%012d", i);
    }

    private static LeaseState owned(String shard, String owner) {
        return new LeaseState(shard, owner, 1, false, false);
    }

    @Test
    void aLoneWorkerClaimsEveryShard() {
        BalancePlan plan = LeaseBalancer.plan("a", roots(4), List.of(), null);
        assertThat(plan.claims()).containsExactly(id(0), id(1), id(2), id(3));
        assertThat(plan.steal()).isEmpty();
        assertThat(plan.target()).isEqualTo(4);
    }

    @Test
    void aWorkerClaimsOnlyUpToItsShare() {
        // b holds two of six; a and b are live: target 3 each
        List<LeaseState> leases = List.of(owned(id(0), "b"), owned(id(1), "b"));
        BalancePlan plan = LeaseBalancer.plan("a", roots(6), leases, null);
        assertThat(plan.target()).isEqualTo(3);
        assertThat(plan.claims()).containsExactly(id(2), id(3), id(4));
    }

    @Test
    void liveLeasesOfOthersAreNotClaimedButExpiredOnesAre() {
        List<LeaseState> leases = List.of(owned(id(0), "b"), new LeaseState(id(1), "dead", 7, false, true));
        BalancePlan plan = LeaseBalancer.plan("a", roots(2), leases, null);
        assertThat(plan.claims()).containsExactly(id(1));
        assertThat(plan.target()).isEqualTo(1);
    }

    @Test
    void aNewWorkerStealsOneLeasePerTickFromTheMostLoaded() {
        List<LeaseState> leases = List.of(owned(id(0), "a"), owned(id(1), "a"), owned(id(2), "a"), owned(id(3), "a"));
        BalancePlan plan = LeaseBalancer.plan("b", roots(4), leases, null);
        assertThat(plan.claims()).isEmpty();
        assertThat(plan.steal()).contains(new BalancePlan.Steal(id(3), "a", 1));
    }

    @Test
    void noStealBetweenNAndNPlusOne() {
        // 5 shards, a holds 3, b holds 2: balanced as well as it can be
        List<LeaseState> leases = List.of(owned(id(0), "a"), owned(id(1), "a"), owned(id(2), "a"), owned(id(3), "b"),
                owned(id(4), "b"));
        assertThat(LeaseBalancer.plan("b", roots(5), leases, null).isEmpty()).isTrue();
        assertThat(LeaseBalancer.plan("a", roots(5), leases, null).isEmpty()).isTrue();
    }

    @Test
    void childrenWaitForTheirParentToFinishThenStartAndTheParentRowIsCleanedUp() {
        List<ShardNode> shards = List.of(new ShardNode(id(0), List.of(), true),
                ShardNode.of(id(1), id(0), null, false), ShardNode.of(id(2), id(0), null, false));

        // parent still being read by b: children are not candidates yet
        BalancePlan reading = LeaseBalancer.plan("a", shards, List.of(owned(id(0), "b")), null);
        assertThat(reading.claims()).isEmpty();
        assertThat(reading.steal()).isEmpty();

        // parent finished: both children become candidates
        LeaseState finishedParent = new LeaseState(id(0), "b", 9, true, false);
        BalancePlan afterEnd = LeaseBalancer.plan("a", shards, List.of(finishedParent), null);
        assertThat(afterEnd.claims()).containsExactly(id(1), id(2));
        assertThat(afterEnd.cleanups()).isEmpty();

        // children started (they have rows): the finished parent's row can go
        BalancePlan started = LeaseBalancer.plan("a", shards,
                List.of(finishedParent, owned(id(1), "a"), owned(id(2), "b")), null);
        assertThat(started.cleanups()).containsExactly(id(0));

        // after the clean-up the parent (still listed, no row) counts as finished and is never read again
        BalancePlan cleaned = LeaseBalancer.plan("c", shards, List.of(owned(id(1), "a"), owned(id(2), "b")), null);
        assertThat(cleaned.claims()).isEmpty();
        assertThat(cleaned.steal()).isEmpty();
    }

    @Test
    void aMergedChildWaitsForBothParents() {
        List<ShardNode> shards = List.of(new ShardNode(id(0), List.of(), true), new ShardNode(id(1), List.of(), true),
                ShardNode.of(id(2), id(0), id(1), false));
        List<LeaseState> oneDone = List.of(new LeaseState(id(0), null, 3, true, false), owned(id(1), "b"));
        assertThat(LeaseBalancer.plan("a", shards, oneDone, null).claims()).isEmpty();

        List<LeaseState> bothDone = List.of(new LeaseState(id(0), null, 3, true, false),
                new LeaseState(id(1), null, 4, true, false));
        assertThat(LeaseBalancer.plan("a", shards, bothDone, null).claims()).containsExactly(id(2));
    }

    @Test
    void aClosedParentThatWasNeverReadIsClaimedBeforeItsChild() {
        List<ShardNode> shards = List.of(new ShardNode(id(0), List.of(), true),
                ShardNode.of(id(1), id(0), null, false));
        assertThat(LeaseBalancer.plan("a", shards, List.of(), null).claims()).containsExactly(id(0));
    }

    @Test
    void aParentBeyondRetentionDoesNotBlockItsChild() {
        List<ShardNode> shards = List.of(ShardNode.of(id(5), id(0), null, false));
        assertThat(LeaseBalancer.plan("a", shards, List.of(), null).claims()).containsExactly(id(5));
    }

    @Test
    void finishedRowsOfShardsNoLongerListedAreCleanedUp() {
        BalancePlan plan = LeaseBalancer.plan("a", roots(1), List.of(new LeaseState(id(9), null, 2, true, false)),
                null);
        assertThat(plan.cleanups()).containsExactly(id(9));
    }

    @Test
    void explicitShardIdsRestrictTheCandidates() {
        BalancePlan plan = LeaseBalancer.plan("a", roots(4), List.of(), Set.of(id(1), id(3)));
        assertThat(plan.claims()).containsExactly(id(1), id(3));
    }

    @Test
    void withExplicitShardIdsOnlyListedParentsHoldAChildBack() {
        // 0 split into 1 and 2: reading 1 and 9 alone starts 1 at once; reading 0 and 1 starts 0 first
        List<ShardNode> shards = List.of(ShardNode.root(id(0)), ShardNode.of(id(1), id(0), null, false),
                ShardNode.of(id(2), id(0), null, false), ShardNode.root(id(9)));
        assertThat(LeaseBalancer.plan("a", shards, List.of(), Set.of(id(1), id(9))).claims()).containsExactly(id(1),
                id(9));
        assertThat(LeaseBalancer.plan("a", shards, List.of(), Set.of(id(0), id(1))).claims()).containsExactly(id(0));
    }

    @Test
    void aParentWithoutARowWhoseChildrenAllHaveRowsCountsAsFinished() {
        // Benthos deletes the row of a shard it read to the end; its children then have rows of their own
        List<ShardNode> shards = List.of(ShardNode.root(id(0)), ShardNode.of(id(1), id(0), null, false),
                ShardNode.of(id(2), id(0), null, false));
        List<LeaseState> children = List.of(new LeaseState(id(1), null, 1, false, false),
                new LeaseState(id(2), null, 1, false, false));
        assertThat(LeaseBalancer.plan("a", shards, children, null).claims()).containsExactly(id(1), id(2));
        // only one child has a row: the parent may not have been finished, so it is read (duplicates, never loss)
        assertThat(LeaseBalancer.plan("a", shards, children.subList(0, 1), null).claims()).containsExactly(id(0),
                id(1));
    }

    @Test
    void threeWorkersOnSixShardsSettleAtTwoEach() {
        Simulation sim = new Simulation(roots(6), List.of("w1", "w2", "w3"));
        sim.run(10);
        assertThat(sim.counts().values()).containsOnly(2);
    }

    @Test
    void aFourthWorkerGetsItsShareBySteals() {
        Simulation sim = new Simulation(roots(8), List.of("w1", "w2", "w3"));
        sim.run(10);
        sim.workers.add("w4");
        sim.run(10);
        assertThat(sim.counts()).containsOnlyKeys("w1", "w2", "w3", "w4");
        assertThat(sim.counts().values()).containsOnly(2);
    }

    /** Workers tick in turn; claims and steals apply at once, like conditional writes that succeed. */
    static final class Simulation {
        final List<ShardNode> shards;
        final List<String> workers;
        final Map<String, LeaseState> table = new TreeMap<>();

        Simulation(List<ShardNode> shards, List<String> workers) {
            this.shards = shards;
            this.workers = new ArrayList<>(workers);
        }

        void run(int rounds) {
            for (int r = 0; r < rounds; r++) {
                for (String w : workers) {
                    tick(w);
                }
            }
        }

        void tick(String worker) {
            BalancePlan plan = LeaseBalancer.plan(worker, shards, List.copyOf(table.values()), null);
            for (String claim : plan.claims()) {
                LeaseState row = table.get(claim);
                assertThat(row == null || row.liveOwner() == null).as("claimed " + claim + " is free").isTrue();
                table.put(claim, new LeaseState(claim, worker, row == null ? 1 : row.counter() + 1, false, false));
            }
            plan.steal().ifPresent(s -> table.put(s.shardId(),
                    new LeaseState(s.shardId(), worker, s.counter() + 1, false, false)));
            plan.cleanups().forEach(table::remove);
        }

        Map<String, Integer> counts() {
            Map<String, Integer> counts = new TreeMap<>();
            table.values().stream().filter(l -> !l.finished() && l.liveOwner() != null)
                    .forEach(l -> counts.merge(l.owner(), 1, Integer::sum));
            return counts;
        }
    }

    /** Defect 1 of issue 14: P split into C1 and C2, C1 into D1 and D2; the rows of P and C1 were cleaned up. */
    @Test
    void aGrandparentWhoseRowAndItsChildsRowWereCleanedUpIsFinishedAndNotReadAgain() {
        String p = id(0);
        String c1 = id(1);
        String c2 = id(2);
        String d1 = id(3);
        String d2 = id(4);
        List<ShardNode> shards = List.of(new ShardNode(p, List.of(), true), new ShardNode(c1, List.of(p), true),
                new ShardNode(c2, List.of(p), false), new ShardNode(d1, List.of(c1), false),
                new ShardNode(d2, List.of(c1), false));
        List<LeaseState> leases = List.of(owned(c2, "b"), owned(d1, "b"), owned(d2, "b"));
        BalancePlan plan = LeaseBalancer.plan("a", shards, leases, null);
        assertThat(plan.claims()).as("neither P nor C1 is read again").doesNotContain(p, c1);
        assertThat(plan.steal().map(BalancePlan.Steal::shardId)).isPresent();
        assertThat(plan.target()).as("three readable shards, two workers").isEqualTo(2);
    }
}
