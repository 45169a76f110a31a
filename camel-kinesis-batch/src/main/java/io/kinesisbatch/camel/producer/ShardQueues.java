package io.kinesisbatch.camel.producer;

import java.math.BigInteger;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import io.kinesisbatch.camel.ratelimit.ShardQueuePlanner;
import io.kinesisbatch.camel.ratelimit.ShardRateLimiter;
import io.kinesisbatch.camel.shardmap.HashKeys;
import io.kinesisbatch.camel.shardmap.ShardHashRange;
import io.kinesisbatch.camel.shardmap.ShardMap;

/**
 * The producer's queues behind per-shard write limits ({@code shardRateLimit}): one FIFO queue per predicted shard
 * ({@link ShardQueuePlanner}), each shard's {@link ShardRateLimiter} bucket at its AIMD allowance, and a queue of
 * records with producer-made partition keys that are placed, when cut, on whichever shard has tokens (a random
 * explicit hash key in its range), so a hot user key slows only its own shard. Records whose shard is not predicted
 * (no shard map yet, ListShards denied) go in the planner's unlimited queue: today's behaviour.
 * <p>
 * Confined to the accumulator's lock, like the {@link FifoQueue} it replaces; no I/O. {@link #predict} is pure and
 * runs before the lock, on the caller's thread.
 * <p>
 * <b>Pacing.</b> Once a cut leaves records that wait for tokens, the next cut waits {@link #PACE_NANOS}: tokens refill
 * continuously, and cutting whenever one is there would send calls of one record each. Buckets hold
 * {@link #BURST_NANOS} of their rate, more than a pace, so waiting loses no tokens.
 */
final class ShardQueues implements RecordQueue {

    /** Shortest time between two cuts while records wait for tokens. */
    static final long PACE_NANOS = TimeUnit.MILLISECONDS.toNanos(20);
    /**
     * What each shard's bucket holds: a little more than a pace, so pacing loses no tokens, and little, because a full
     * bucket at the start of a second lets that second pass the limit by the burst (which Kinesis throttles).
     */
    static final long BURST_NANOS = TimeUnit.MILLISECONDS.toNanos(25);

    private static final Comparator<BufferedRecord> BY_READY_AT = (a, b) -> Long.compare(a.readyAt() - b.readyAt(),
            0);

    private final ShardRateLimiter limiter;
    private final ShardQueuePlanner<BufferedRecord> planner;
    /** Records with producer-made keys waiting to be placed on a shard with tokens. */
    private final ArrayDeque<BufferedRecord> unplaced = new ArrayDeque<>();
    private long unplacedBytes;
    /** The open shards placements choose from and reshards are judged by; null until the first listing. */
    private ShardMap map;
    /** The ids of {@link #map}'s shards. */
    private Set<String> open = Set.of();
    private int nextPlacement;
    private long pacedUntil;
    private boolean paced;

    /**
     * @param aggregated true when messages travel inside KPL aggregates: a message then costs its bucket its bytes and
     *                   no record; the pipeline {@link #charge charges} each aggregate's record once it is packed
     */
    ShardQueues(ShardRateLimiter limiter, boolean aggregated) {
        this.limiter = limiter;
        this.planner = new ShardQueuePlanner<>(limiter, BufferedRecord::size, aggregated ? r -> 0 : r -> 1);
    }

    /**
     * The shard a record is queued under with this map: predicted from its explicit hash key or the MD5 of its
     * partition key; {@link BufferedRecord#ANY_SHARD} for a producer-made key when {@code placeRandomKeys}; null
     * without a map or for a key in a gap of the map.
     */
    static String predict(BufferedRecord r, ShardMap map, boolean placeRandomKeys) {
        if (map == null) {
            return null;
        }
        if (placeRandomKeys && r.draft().hasRandomKey() && r.explicitHashKey() == null) {
            return BufferedRecord.ANY_SHARD;
        }
        try {
            return map.shardFor(HashKeys.effective(r.partitionKey(), r.explicitHashKey()))
                    .map(ShardHashRange::shardId).orElse(null);
        } catch (IllegalArgumentException malformedKey) {
            return null; // the validator refuses such keys before; never limit what cannot be predicted
        }
    }

    @Override
    public void addLast(BufferedRecord record) {
        String shard = current(record);
        if (shard == BufferedRecord.ANY_SHARD && map != null) {
            unplaced.addLast(record);
            unplacedBytes += record.size();
        } else {
            planner.add(shard == BufferedRecord.ANY_SHARD ? null : shard, record);
        }
    }

    @Override
    public void addFirst(List<BufferedRecord> records) {
        Map<String, List<BufferedRecord>> byShard = new LinkedHashMap<>();
        for (int i = records.size() - 1; i >= 0; i--) {
            BufferedRecord r = records.get(i);
            current(r);
            if (r.shard() == BufferedRecord.ANY_SHARD && map != null) {
                unplaced.addFirst(r);
                unplacedBytes += r.size();
            } else {
                String shard = r.shard() == BufferedRecord.ANY_SHARD ? null : r.shard();
                byShard.computeIfAbsent(shard, s -> new ArrayList<>()).add(0, r);
            }
        }
        byShard.forEach(planner::addFirst);
    }

    /**
     * The record's shard, predicted again when it names a shard the latest map no longer has (predicted with an older
     * map, or coming back for a retry after a reshard).
     */
    private String current(BufferedRecord r) {
        String shard = r.shard();
        if (shard != null && shard != BufferedRecord.ANY_SHARD && map != null && !open.contains(shard)) {
            shard = predict(r, map, false);
            r.shard(shard);
        }
        return shard;
    }

    @Override
    public int size() {
        return planner.queuedRecords() + unplaced.size();
    }

    @Override
    public long bytes() {
        return planner.queuedBytes() + unplacedBytes;
    }

    @Override
    public BufferedRecord oldest() {
        BufferedRecord keyed = planner.firstHead(BY_READY_AT);
        BufferedRecord free = unplaced.peekFirst();
        if (keyed == null || free == null) {
            return keyed == null ? free : keyed;
        }
        return BY_READY_AT.compare(free, keyed) < 0 ? free : keyed;
    }

    @Override
    public List<BufferedRecord> cut(int maxRecords, long maxBytes, long now) {
        if (paced && pacedUntil - now > 0) {
            return List.of();
        }
        ShardQueuePlanner.Batch<BufferedRecord> planned = planner.plan(maxRecords, maxBytes);
        List<BufferedRecord> batch = new ArrayList<>(planned.records());
        long bytes = planned.bytes();
        if (!unplaced.isEmpty() && map != null) {
            place(batch, bytes, maxRecords, maxBytes, now);
        }
        batch.removeIf(BufferedRecord::isDone);
        paced = size() > 0 && nanosUntilTokens(now) > 0;
        pacedUntil = now + PACE_NANOS;
        return batch;
    }

    /** Fills the batch with unplaced records, one shard after the other, each on a shard whose bucket lets it in. */
    private void place(List<BufferedRecord> batch, long bytes, int maxRecords, long maxBytes, long now) {
        List<ShardHashRange> shards = map.shards();
        int misses = 0;
        while (!unplaced.isEmpty() && batch.size() < maxRecords && misses < shards.size()) {
            BufferedRecord r = unplaced.peekFirst();
            if (!batch.isEmpty() && bytes + r.size() > maxBytes) {
                return;
            }
            ShardHashRange shard = shards.get(Math.floorMod(nextPlacement++, shards.size()));
            if (!limiter.tryAcquire(shard.shardId(), r.size(), now)) {
                misses++;
                continue;
            }
            misses = 0;
            unplaced.pollFirst();
            unplacedBytes -= r.size();
            r.place(shard.shardId(), randomHashKeyIn(shard).toString());
            batch.add(r);
            bytes += r.size();
        }
    }

    private static BigInteger randomHashKeyIn(ShardHashRange shard) {
        BigInteger span = shard.range().end().subtract(shard.range().start()).add(BigInteger.ONE);
        BigInteger offset;
        do {
            offset = new BigInteger(span.bitLength(), ThreadLocalRandom.current());
        } while (offset.compareTo(span) >= 0);
        return shard.range().start().add(offset);
    }

    @Override
    public long nanosUntilSendable(long now) {
        long tokens = nanosUntilTokens(now);
        return paced && pacedUntil - now > 0 ? Math.max(tokens, pacedUntil - now) : tokens;
    }

    /** Nanos until some queued record has its shard's tokens (an unplaced one: any shard's). */
    private long nanosUntilTokens(long now) {
        long soonest = planner.nanosUntilReady();
        BufferedRecord free = unplaced.peekFirst();
        if (free != null && map != null) {
            for (ShardHashRange shard : map.shards()) {
                soonest = Math.min(soonest, limiter.nanosUntilAvailable(shard.shardId(), free.size(), now));
                if (soonest == 0) {
                    break;
                }
            }
        }
        return soonest;
    }

    @Override
    public List<BufferedRecord> queued() {
        List<BufferedRecord> all = planner.queued();
        all.addAll(unplaced);
        return all;
    }

    @Override
    public void clear() {
        planner.takeAll();
        unplaced.clear();
        unplacedBytes = 0;
    }

    /** One reply's entries per shard they were sent to: {accepted, throttled}. */
    void onReply(Map<String, int[]> entriesByShard) {
        entriesByShard.forEach((shard, counts) -> limiter.onReply(shard, counts[0], counts[1]));
    }

    /**
     * What a packed call really cost each shard ({records, bytes}: see {@link ShardTally#correction}). A shard the
     * latest map no longer has is left out: the limiter forgot it, and a charge would bring its bucket back.
     */
    void charge(Map<String, double[]> costByShard) {
        costByShard.forEach((shard, cost) -> {
            if (map == null || open.contains(shard)) {
                limiter.charge(shard, cost[0], cost[1]);
            }
        });
    }

    /**
     * A new listing: placements use its shards, the limiter forgets closed shards, and records queued for a closed
     * shard are predicted again (a placed record by the hash key it was given, so it lands in the child holding it).
     */
    void onShardMap(ShardMap newMap) {
        map = newMap;
        Set<String> ids = new HashSet<>();
        newMap.shards().forEach(s -> ids.add(s.shardId()));
        open = ids;
        limiter.retainShards(ids);
        for (String shardId : planner.queuedShards()) {
            if (shardId != null && !ids.contains(shardId)) {
                for (BufferedRecord r : planner.takeShard(shardId)) {
                    r.shard(predict(r, newMap, false));
                    planner.add(r.shard(), r);
                }
            }
        }
    }

    /** Every shard seen so far, with its queue. */
    List<ShardStatus> statuses() {
        List<ShardStatus> statuses = new ArrayList<>();
        for (ShardRateLimiter.ShardState s : limiter.snapshot()) {
            statuses.add(new ShardStatus(s.shardId(), planner.queuedRecords(s.shardId()), s.allowance(),
                    s.recordsPerSecond(), s.acceptedEntries(), s.throttledEntries()));
        }
        statuses.sort(Comparator.comparing(ShardStatus::shardId));
        return statuses;
    }
}
