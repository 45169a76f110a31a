package io.kinesisbatch.camel.lease;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;

import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.RepetitionInfo;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Many random configurations: streams that split and merge while workers join, die (their leases expire) and tick in
 * random order. Invariants checked after every tick:
 * <ul>
 * <li>no shard is claimed while another worker holds it live;</li>
 * <li>a shard is never claimed before all its parents finished;</li>
 * <li>once the lineage is still and read to the end of every closed shard, every open shard has a live owner,
 * every closed one is finished or cleaned up, and the shares differ by at most one.</li>
 * </ul>
 */
class LeaseBalancerRandomizedTest {

    @RepeatedTest(200)
    void invariantsHoldAndTheSharesConverge(RepetitionInfo repetition) {
        Random random = new Random(repetition.getCurrentRepetition() * 7919L);
        World world = new World(random);
        int initialShards = 1 + random.nextInt(8);
        for (int i = 0; i < initialShards; i++) {
            world.addShard(List.of());
        }
        List<String> workers = new ArrayList<>();
        int initialWorkers = 1 + random.nextInt(4);
        for (int i = 0; i < initialWorkers; i++) {
            workers.add("w" + i);
        }

        for (int step = 0; step < 60; step++) {
            int event = random.nextInt(20);
            if (event == 0) {
                world.split(random);
            } else if (event == 1) {
                world.merge(random);
            } else if (event == 2 && workers.size() < 6) {
                workers.add("w" + (10 + step));
            } else if (event == 3 && workers.size() > 1) {
                world.kill(workers.remove(random.nextInt(workers.size())));
            } else if (event == 4) {
                world.finishSomeClosedShard(random);
            }
            List<String> order = new ArrayList<>(workers);
            Collections.shuffle(order, random);
            order.forEach(w -> world.tick(w, null));
        }

        // let the world settle: finish every closed shard that is read, tick until nothing changes
        for (int round = 0; round < 40; round++) {
            world.finishAllOwnedClosedShards();
            workers.forEach(w -> world.tick(w, null));
        }
        Map<String, Integer> shares = world.shares(workers);
        assertThat(world.unsettledShards()).as("open shards owned, closed ones finished or cleaned").isEmpty();
        int max = shares.values().stream().mapToInt(Integer::intValue).max().orElse(0);
        int min = shares.values().stream().mapToInt(Integer::intValue).min().orElse(0);
        assertThat(max - min).as("shares " + shares).isLessThanOrEqualTo(1);
    }

    /** Shards, lineage and the lease table; applies plans like conditional writes that succeed. */
    static final class World {
        final Random random;
        final Map<String, ShardNode> shards = new TreeMap<>();
        final Map<String, LeaseState> table = new TreeMap<>();
        final Set<String> dead = new HashSet<>();
        int next;

        World(Random random) {
            this.random = random;
        }

        String addShard(List<String> parents) {
            String id = String.format("shardId-%012d", next++);
            shards.put(id, new ShardNode(id, parents, false));
            return id;
        }

        List<String> openShards() {
            return shards.values().stream().filter(s -> !s.closed()).map(ShardNode::shardId).toList();
        }

        void close(String id) {
            ShardNode s = shards.get(id);
            shards.put(id, new ShardNode(id, s.parentShardIds(), true));
        }

        void split(Random r) {
            List<String> open = openShards();
            if (open.isEmpty()) {
                return;
            }
            String parent = open.get(r.nextInt(open.size()));
            close(parent);
            addShard(List.of(parent));
            addShard(List.of(parent));
        }

        void merge(Random r) {
            List<String> open = openShards();
            if (open.size() < 2) {
                return;
            }
            int i = r.nextInt(open.size() - 1);
            String a = open.get(i);
            String b = open.get(i + 1);
            close(a);
            close(b);
            addShard(List.of(a, b));
        }

        void kill(String worker) {
            dead.add(worker);
            // its leases stop moving; observers see them expire
            table.replaceAll((k, v) -> worker.equals(v.owner())
                    ? new LeaseState(k, v.owner(), v.counter(), v.finished(), true) : v);
        }

        void finishSomeClosedShard(Random r) {
            List<String> candidates = table.values().stream()
                    .filter(l -> l.liveOwner() != null && !l.finished() && shards.containsKey(l.shardId())
                                 && shards.get(l.shardId()).closed())
                    .map(LeaseState::shardId).toList();
            if (!candidates.isEmpty()) {
                finish(candidates.get(r.nextInt(candidates.size())));
            }
        }

        void finishAllOwnedClosedShards() {
            table.values().stream()
                    .filter(l -> l.liveOwner() != null && !l.finished() && shards.get(l.shardId()) != null
                                 && shards.get(l.shardId()).closed())
                    .map(LeaseState::shardId).toList()
                    .forEach(this::finish);
        }

        void finish(String id) {
            LeaseState l = table.get(id);
            table.put(id, new LeaseState(id, null, l.counter() + 1, true, false));
        }

        void tick(String worker, Set<String> restrictTo) {
            BalancePlan plan = LeaseBalancer.plan(worker, shards.values(), List.copyOf(table.values()), restrictTo);
            for (String claim : plan.claims()) {
                LeaseState row = table.get(claim);
                assertThat(row == null || row.liveOwner() == null).as(worker + " claims free " + claim).isTrue();
                assertParentsFinished(claim, row);
                table.put(claim, new LeaseState(claim, worker, row == null ? 1 : row.counter() + 1, false, false));
            }
            plan.steal().ifPresent(s -> {
                LeaseState row = table.get(s.shardId());
                assertThat(row.liveOwner()).isEqualTo(s.fromWorker());
                assertThat(s.fromWorker()).isNotEqualTo(worker);
                table.put(s.shardId(), new LeaseState(s.shardId(), worker, row.counter() + 1, false, false));
            });
            plan.cleanups().forEach(table::remove);
        }

        void assertParentsFinished(String shardId, LeaseState existingRow) {
            if (existingRow != null) {
                return; // started before: its parents were checked then
            }
            for (String parent : shards.get(shardId).parentShardIds()) {
                LeaseState p = table.get(parent);
                boolean childrenStarted = shards.values().stream()
                        .filter(s -> s.parentShardIds().contains(parent))
                        .filter(s -> !s.shardId().equals(shardId))
                        .allMatch(s -> started(s.shardId()));
                assertThat(p == null ? childrenStarted || !shards.containsKey(parent) : p.finished())
                        .as("parent " + parent + " of " + shardId + " finished").isTrue();
            }
        }

        /** Once settled: open shards without a live owner, and closed shards neither finished nor cleaned up. */
        List<String> unsettledShards() {
            List<String> unsettled = new ArrayList<>();
            for (ShardNode s : shards.values()) {
                LeaseState l = table.get(s.shardId());
                boolean settled = s.closed()
                        ? l == null ? childrenStarted(s.shardId()) : l.finished()
                        : l != null && l.liveOwner() != null;
                if (!settled) {
                    unsettled.add(s.shardId());
                }
            }
            return unsettled;
        }

        /** Every child has a row, or (its row cleaned up) every child of its own was started, at any depth. */
        private boolean childrenStarted(String shardId) {
            return shards.values().stream().filter(c -> c.parentShardIds().contains(shardId))
                    .allMatch(c -> started(c.shardId()));
        }

        private boolean started(String shardId) {
            return table.containsKey(shardId) || childrenStarted(shardId)
                                                 && shards.values().stream()
                                                         .anyMatch(c -> c.parentShardIds().contains(shardId));
        }

        Map<String, Integer> shares(List<String> workers) {
            Map<String, Integer> shares = new TreeMap<>();
            workers.forEach(w -> shares.put(w, 0));
            table.values().stream().filter(l -> !l.finished() && l.liveOwner() != null)
                    .forEach(l -> shares.merge(l.owner(), 1, Integer::sum));
            return shares;
        }
    }
}
