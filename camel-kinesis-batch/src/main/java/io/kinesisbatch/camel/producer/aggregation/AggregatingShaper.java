package io.kinesisbatch.camel.producer.aggregation;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.LongSupplier;

import io.kinesisbatch.camel.aggregation.Aggregate;
import io.kinesisbatch.camel.aggregation.AggregatePacker;
import io.kinesisbatch.camel.aggregation.PackedRecord;
import io.kinesisbatch.camel.aggregation.SubRecord;
import io.kinesisbatch.camel.producer.BatchShaper;
import io.kinesisbatch.camel.producer.BufferedRecord;
import io.kinesisbatch.camel.producer.OutgoingBatch;
import io.kinesisbatch.camel.shardmap.HashKeyRange;
import io.kinesisbatch.camel.shardmap.HashKeys;
import io.kinesisbatch.camel.shardmap.ShardHashRange;
import io.kinesisbatch.camel.shardmap.ShardMap;
import io.kinesisbatch.camel.shardmap.ShardListing;
import io.kinesisbatch.camel.shardmap.ShardMapCache;

/**
 * KPL aggregation in the pipeline: packs the records of a cut batch into aggregates per group (partition key and
 * explicit hash key; or predicted shard in {@code shard} mode) and keeps the call within Kinesis' limits counted on
 * the entries that go out: at most {@code maxEntries} entries and {@code maxCallBytes} bytes. Records that would pass
 * them are left over for the next call. Sizes of aggregates still open are bounded from above (the exact size is known
 * only when an aggregate is built), so a call never passes the limits.
 * <p>
 * Stateless between calls (each {@link #shape} has its own packer): any thread may shape a batch at any time.
 */
public final class AggregatingShaper implements BatchShaper {

    /** Most messages the accumulator cuts for one call before packing (the packed entries are limited here). */
    public static final int MAX_MESSAGES_PER_CUT = 10_000;
    /** Magic and MD5 of one aggregate. */
    static final int FRAMING_BYTES = 20;
    /**
     * Upper bound of the protobuf bytes one user record adds besides its data and partition key: the record's tag and
     * length, its key index field, its data tag and length (varints of at most 5 bytes each), and its partition key's
     * table tag and length.
     */
    static final int RECORD_OVERHEAD_BYTES = 1 + 5 + 1 + 5 + 1 + 5 + 1 + 3;
    /** ... plus its explicit hash key: the index field, and a table entry of up to 39 digits. */
    static final int EXPLICIT_HASH_KEY_OVERHEAD_BYTES = 1 + 5 + 1 + 1 + 39;

    private final AggregationMode mode;
    private final int maxAggregateBytes;
    private final int maxEntries;
    private final long maxCallBytes;
    private final ShardMapCache shardMaps;
    private final LongSupplier clock;

    /** @param shardMaps the shard map of {@code shard} mode; null in {@code partitionKey} mode */
    public AggregatingShaper(AggregationMode mode, int maxAggregateBytes, int maxEntries, long maxCallBytes,
                             ShardMapCache shardMaps, LongSupplier clock) {
        if (mode == AggregationMode.NONE || (mode == AggregationMode.SHARD) != (shardMaps != null)) {
            throw new IllegalArgumentException("partitionKey mode without a shard map, shard mode with one");
        }
        this.mode = mode;
        this.maxAggregateBytes = maxAggregateBytes;
        this.maxEntries = maxEntries;
        this.maxCallBytes = maxCallBytes;
        this.shardMaps = shardMaps;
        this.clock = clock;
    }

    @Override
    public OutgoingBatch shape(List<BufferedRecord> batch) {
        ShardMap map = shardMaps == null ? null : shardMaps.current();
        AggregatePacker<String, BufferedRecord> packer = new AggregatePacker<>(maxAggregateBytes);
        List<PackedRecord<BufferedRecord>> entries = new ArrayList<>();
        List<String> predicted = new ArrayList<>();
        Map<String, String> shardOfGroup = new HashMap<>();
        Map<String, Long> openEstimate = new HashMap<>();
        long openBytes = 0;
        long closedBytes = 0;
        int taken = 0;
        for (BufferedRecord r : batch) {
            long cost = r.size() + RECORD_OVERHEAD_BYTES
                        + (r.explicitHashKey() != null ? EXPLICIT_HASH_KEY_OVERHEAD_BYTES : 0);
            long framing = FRAMING_BYTES + (r.size() - r.draft().data().length); // magic, MD5 and an outer key
            boolean fits = entries.size() + packer.openGroups() + 1 <= maxEntries
                           && closedBytes + openBytes + cost + framing <= maxCallBytes;
            if (taken > 0 && !fits) {
                break;
            }
            taken++;
            String group = groupOf(r, map, shardOfGroup);
            List<PackedRecord<BufferedRecord>> closed = packer.add(group, subRecord(r), r);
            boolean startedNew = !openEstimate.containsKey(group) || !closed.isEmpty();
            for (PackedRecord<BufferedRecord> p : closed) {
                closedBytes += p.recordSize();
                entries.add(p);
                predicted.add(p.aggregated() ? shardOfGroup.get(group) : null);
            }
            if (!closed.isEmpty()) {
                openBytes -= openEstimate.getOrDefault(group, 0L);
                openEstimate.remove(group);
            }
            boolean sentPlain = !closed.isEmpty() && closed.get(closed.size() - 1).messages().get(0) == r;
            if (!sentPlain) {
                long add = cost + (startedNew ? framing : 0);
                openEstimate.merge(group, add, Long::sum);
                openBytes += add;
            }
        }
        for (PackedRecord<BufferedRecord> p : packer.flushAll()) {
            entries.add(p);
            predicted.add(p.aggregated() ? predictedShard(p, map) : null);
        }
        if (taken == batch.size()) {
            return OutgoingBatch.packed(batch, List.of(), entries, predicted);
        }
        return OutgoingBatch.packed(new ArrayList<>(batch.subList(0, taken)),
                new ArrayList<>(batch.subList(taken, batch.size())), entries, predicted);
    }

    private String groupOf(BufferedRecord r, ShardMap map, Map<String, String> shardOfGroup) {
        String ehk = r.explicitHashKey();
        if (map != null) {
            Optional<ShardHashRange> shard = map.shardFor(HashKeys.effective(r.partitionKey(), ehk));
            if (shard.isPresent()) {
                String group = "shard\u0000" + shard.get().shardId();
                shardOfGroup.put(group, shard.get().shardId());
                return group;
            }
        }
        // partitionKey mode, or no prediction (no map yet, or the key falls in a gap): these always land where read
        return ehk == null ? "key\u0000" + r.partitionKey() : "key\u0000" + r.partitionKey() + "\u0000" + ehk;
    }

    /** The shard an aggregate of a group flushed at the end was predicted to: its first record's, by the same map. */
    private static String predictedShard(PackedRecord<BufferedRecord> p, ShardMap map) {
        if (map == null) {
            return null;
        }
        BufferedRecord first = p.messages().get(0);
        return map.shardFor(HashKeys.effective(first.partitionKey(), first.explicitHashKey()))
                .map(ShardHashRange::shardId).orElse(null);
    }

    private static SubRecord subRecord(BufferedRecord r) {
        return new SubRecord(r.partitionKey(), r.explicitHashKey(), r.draft().data());
    }

    @Override
    public boolean needsPlacementCheck(OutgoingBatch batch, int entry, String landedShard) {
        String predicted = batch.predictedShard(entry);
        return predicted != null && batch.aggregate(entry) != null && !predicted.equals(landedShard);
    }

    @Override
    public CompletableFuture<List<Boolean>> readableWhereLanded(OutgoingBatch batch, List<Integer> entries,
                                                                List<String> landedShards) {
        return shardMaps.refreshStartedAfter(clock.getAsLong()).handle((listing, error) -> {
            List<Boolean> readable = new ArrayList<>(entries.size());
            for (int k = 0; k < entries.size(); k++) {
                readable.add(
                        listing != null && holdsAll(listing, landedShards.get(k), batch.aggregate(entries.get(k))));
            }
            return readable;
        });
    }

    /**
     * True when a consumer of {@code shardId} that applies KCL's hash-range rule reads every record of the aggregate:
     * the shard's range holds all their hash keys. False also when the shard is not in the listing (resending is the
     * choice that loses nothing).
     */
    private static boolean holdsAll(ShardListing listing, String shardId, Aggregate aggregate) {
        HashKeyRange range = listing.range(shardId);
        return range != null && aggregate.fitsWithin(range);
    }

    public AggregationMode mode() {
        return mode;
    }
}
