package io.kinesisbatch.camel.ratelimit;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToIntFunction;
import java.util.function.ToLongFunction;

/**
 * Queued records, one FIFO queue per predicted shard, and the choice of what the next PutRecords batch may take from
 * them now. Records of a shard whose {@link ShardRateLimiter} bucket is empty stay in their queue; the other shards'
 * records go on without them. Pure: no I/O, time read once per plan from the limiter's clock. Not thread-safe: it
 * owns its queues and the limiter, and the pipeline confines both (under the accumulator's lock).
 * <p>
 * <b>Fair order.</b> A batch is filled one record per shard in turn (round robin), so when a batch cannot hold all
 * that may go, every shard with tokens gets the same number of records in it (max-min fairness): a hot shard's long
 * queue never pushes another shard's records out of a batch. The shard that starts the turn moves on by one with every
 * batch, so a shard never always comes last in a batch that ends mid-turn. A shard leaves the turn when its queue is
 * empty, its bucket has no token for its next record, or its next record would pass the batch's byte limit (a smaller
 * record of another shard may still fit; a record larger than the byte limit goes alone, as a batch's first record). Within a shard, records keep their order, so records of one partition key
 * are sent in the order they were queued.
 * <p>
 * {@code shardId == null} is the queue of records whose shard is not predicted (no shard map): never rate limited,
 * and taken in its turn like a shard.
 *
 * @param <R> the pipeline's record type
 */
public final class ShardQueuePlanner<R> {

    /** What {@link #plan} chose: the records, each with the shard id it was queued under. */
    public record Batch<R>(List<R> records, List<String> shardIds, long bytes) {
        public boolean isEmpty() {
            return records.isEmpty();
        }
    }

    private final ShardRateLimiter limiter;
    private final ToLongFunction<R> sizeOf;
    private final ToIntFunction<R> recordsOf;
    private final Map<String, ArrayDeque<R>> queues = new HashMap<>();
    /** Shards with queued records, in turn order; {@code next} is where the next plan starts. */
    private final List<String> turn = new ArrayList<>();
    private int next;
    private int queuedRecords;
    private long queuedBytes;

    /**
     * @param sizeOf a record's size as Kinesis counts it against both the shard and the call limits: data plus
     *               partition key
     */
    public ShardQueuePlanner(ShardRateLimiter limiter, ToLongFunction<R> sizeOf) {
        this(limiter, sizeOf, r -> 1);
    }

    /**
     * @param recordsOf what a record costs its shard's bucket in records: 1 for a record sent as it is, 0 for a
     *                  message that travels inside a KPL aggregate (the aggregate is charged once packed)
     */
    public ShardQueuePlanner(ShardRateLimiter limiter, ToLongFunction<R> sizeOf, ToIntFunction<R> recordsOf) {
        this.limiter = limiter;
        this.sizeOf = sizeOf;
        this.recordsOf = recordsOf;
    }

    /** Queues a record at the tail of its shard's queue. */
    public void add(String shardId, R record) {
        queue(shardId).addLast(record);
        queuedRecords++;
        queuedBytes += sizeOf.applyAsLong(record);
    }

    /** Puts records back at the head of their shard's queue, in the given order (retries go first). */
    public void addFirst(String shardId, List<R> records) {
        ArrayDeque<R> queue = queue(shardId);
        for (int i = records.size() - 1; i >= 0; i--) {
            R record = records.get(i);
            queue.addFirst(record);
            queuedRecords++;
            queuedBytes += sizeOf.applyAsLong(record);
        }
    }

    /**
     * Takes what one batch of at most {@code maxRecords} and {@code maxBytes} may send now, taking each record's tokens
     * from its shard's bucket. Empty when nothing may go now (see {@link #nanosUntilReady()}).
     */
    public Batch<R> plan(int maxRecords, long maxBytes) {
        if (maxRecords < 1 || maxBytes < 1) {
            throw new IllegalArgumentException("A batch holds at least one record and one byte, not " + maxRecords
                                               + " records and " + maxBytes + " bytes");
        }
        List<R> records = new ArrayList<>(Math.min(maxRecords, queuedRecords));
        List<String> shardIds = new ArrayList<>(Math.min(maxRecords, queuedRecords));
        if (turn.isEmpty()) {
            return new Batch<>(records, shardIds, 0);
        }
        long now = limiter.now();
        int start = next % turn.size();
        List<String> round = new ArrayList<>(turn.size());
        round.addAll(turn.subList(start, turn.size()));
        round.addAll(turn.subList(0, start));
        long bytes = 0;
        while (!round.isEmpty() && records.size() < maxRecords) {
            for (int i = 0; i < round.size() && records.size() < maxRecords;) {
                String shardId = round.get(i);
                ArrayDeque<R> queue = queues.get(shardId);
                R head = queue.peekFirst();
                long size = sizeOf.applyAsLong(head);
                boolean fits = bytes + size <= maxBytes || records.isEmpty();
                if (!fits || !limiter.tryAcquire(shardId, recordsOf.applyAsInt(head), size, now)) {
                    round.remove(i);
                    continue;
                }
                queue.pollFirst();
                records.add(head);
                shardIds.add(shardId);
                bytes += size;
                if (queue.isEmpty()) {
                    round.remove(i);
                } else {
                    i++;
                }
            }
        }
        queuedRecords -= records.size();
        queuedBytes -= bytes;
        dropEmptyQueues();
        next = turn.isEmpty() ? 0 : (start + 1) % turn.size();
        return new Batch<>(records, shardIds, bytes);
    }

    /**
     * Nanos until some queued record could be planned: 0 when one can now, the shortest wait of a shard's next record
     * for its tokens otherwise, {@link Long#MAX_VALUE} when nothing is queued. For the pipeline's timer.
     */
    public long nanosUntilReady() {
        long now = limiter.now();
        long soonest = Long.MAX_VALUE;
        for (String shardId : turn) {
            R head = queues.get(shardId).peekFirst();
            long wait = limiter.nanosUntilAvailable(shardId, recordsOf.applyAsInt(head), sizeOf.applyAsLong(head), now);
            if (wait == 0) {
                return 0;
            }
            soonest = Math.min(soonest, wait);
        }
        return soonest;
    }

    /** The first of the queues' heads by {@code order} (the oldest record, for a linger deadline); null when empty. */
    public R firstHead(Comparator<? super R> order) {
        R first = null;
        for (String shardId : turn) {
            R head = queues.get(shardId).peekFirst();
            if (first == null || order.compare(head, first) < 0) {
                first = head;
            }
        }
        return first;
    }

    /** Every queued record, shard by shard in turn order (a copy; nothing is taken). */
    public List<R> queued() {
        List<R> all = new ArrayList<>(queuedRecords);
        for (String shardId : turn) {
            all.addAll(queues.get(shardId));
        }
        return all;
    }

    public int queuedRecords() {
        return queuedRecords;
    }

    public long queuedBytes() {
        return queuedBytes;
    }

    /** Records queued for one shard (health and JMX). */
    public int queuedRecords(String shardId) {
        ArrayDeque<R> queue = queues.get(shardId);
        return queue == null ? 0 : queue.size();
    }

    /** Shard ids with queued records, in turn order. */
    public List<String> queuedShards() {
        return List.copyOf(turn);
    }

    /**
     * Removes and returns every queued record of these shards (for example after a reshard, to predict them again
     * against the new map), in queue order.
     */
    public List<R> takeShard(String shardId) {
        ArrayDeque<R> queue = queues.remove(shardId);
        if (queue == null) {
            return List.of();
        }
        turn.remove(shardId);
        List<R> taken = new ArrayList<>(queue);
        queuedRecords -= taken.size();
        for (R record : taken) {
            queuedBytes -= sizeOf.applyAsLong(record);
        }
        return taken;
    }

    /** Removes and returns every queued record (on stop, to fail them). */
    public List<R> takeAll() {
        List<R> all = new ArrayList<>(queuedRecords);
        for (String shardId : turn) {
            all.addAll(queues.get(shardId));
        }
        queues.clear();
        turn.clear();
        next = 0;
        queuedRecords = 0;
        queuedBytes = 0;
        return all;
    }

    private ArrayDeque<R> queue(String shardId) {
        ArrayDeque<R> queue = queues.get(shardId);
        if (queue == null) {
            queue = new ArrayDeque<>();
            queues.put(shardId, queue);
            turn.add(shardId);
        }
        return queue;
    }

    private void dropEmptyQueues() {
        for (int i = turn.size() - 1; i >= 0; i--) {
            String shardId = turn.get(i);
            if (queues.get(shardId).isEmpty()) {
                queues.remove(shardId);
                turn.remove(i);
            }
        }
    }
}
