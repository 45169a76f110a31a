package io.kinesisbatch.camel.metrics;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import io.kinesisbatch.camel.consumer.ShardLane;
import io.kinesisbatch.camel.consumer.ShardSnapshot;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.TimeGauge;

import static io.kinesisbatch.camel.metrics.MeterNames.*;

/**
 * A consumer's meters on Micrometer: per consumer (leases held, takeovers, handoffs, losses) and per shard, from the
 * moment its lease is taken until its lane is gone. Shard gauges read the lane's published {@link ShardSnapshot};
 * the record counters are told by the route's threads. The map of shards is the only state (a lane replaced by a newer
 * one of the same shard leaves the newer one's meters alone).
 */
final class MicrometerConsumerMeters implements ConsumerMeters {

    private final MeterRegistry registry;
    private final Tags tags;
    private final List<Meter> own;
    private final Counter takeovers;
    private final Counter handoffs;
    private final Counter losses;
    private final Map<String, ShardMeters> shards = new ConcurrentHashMap<>();

    MicrometerConsumerMeters(MeterRegistry registry, Tags tags, Supplier<List<ShardSnapshot>> held) {
        this.registry = registry;
        this.tags = tags;
        this.takeovers = Counter.builder(CONSUMER_LEASE_TAKEOVERS).tags(tags)
                .description("Leases this consumer took: new or released shards, expired leases, handed-over shards")
                .register(registry);
        this.handoffs = Counter.builder(CONSUMER_LEASE_HANDOFFS).tags(tags)
                .description("Shards this consumer drained and handed over to a worker that asked for them")
                .register(registry);
        this.losses = Counter.builder(CONSUMER_LEASE_LOSSES).tags(tags)
                .description("Shards this consumer found held by another worker and stopped at once")
                .register(registry);
        Gauge leases = Gauge.builder(CONSUMER_LEASES_HELD, held, h -> h.get().size()).tags(tags)
                .strongReference(true).description("Shards whose lease this consumer holds")
                .register(registry);
        this.own = List.of(takeovers, handoffs, losses, leases);
    }

    @Override
    public void shardStarted(ShardLane lane) {
        takeovers.increment();
        ShardMeters previous = shards.remove(lane.shardId());
        if (previous != null) {
            previous.remove(); // an older lane of the same shard: its meters have the same ids
        }
        shards.put(lane.shardId(), new ShardMeters(lane));
    }

    @Override
    public void shardGone(ShardLane lane, boolean handedOver) {
        if (handedOver) {
            handoffs.increment();
        } else if (ShardLane.State.LOST.name().equals(lane.snapshot().state())) {
            losses.increment();
        }
        ShardMeters meters = shards.get(lane.shardId());
        if (meters != null && meters.lane == lane && shards.remove(lane.shardId(), meters)) {
            meters.remove();
        }
    }

    @Override
    public void delivered(String shardId, int records, int attempt) {
        ShardMeters meters = shards.get(shardId);
        if (meters != null) {
            (attempt > 1 ? meters.redelivered : meters.delivered).increment(records);
        }
    }

    @Override
    public void failed(String shardId, int records) {
        ShardMeters meters = shards.get(shardId);
        if (meters != null) {
            meters.failed.increment(records);
        }
    }

    @Override
    public void skipped(String shardId, int records) {
        ShardMeters meters = shards.get(shardId);
        if (meters != null) {
            meters.skipped.increment(records);
        }
    }

    @Override
    public void close() {
        shards.values().forEach(ShardMeters::remove);
        shards.clear();
        own.forEach(registry::remove);
    }

    /** The meters of one shard while one lane holds it. */
    private final class ShardMeters {
        final ShardLane lane;
        final Counter delivered;
        final Counter redelivered;
        final Counter failed;
        final Counter skipped;
        private final List<Meter> all;

        ShardMeters(ShardLane lane) {
            this.lane = lane;
            Tags shardTags = tags.and(TAG_SHARD, lane.shardId());
            delivered = Counter.builder(CONSUMER_RECORDS_DELIVERED).tags(shardTags)
                    .description("Records handed to the route for the first time").register(registry);
            redelivered = Counter.builder(CONSUMER_RECORDS_REDELIVERED).tags(shardTags)
                    .description("Records handed to the route again after their exchange failed").register(registry);
            failed = Counter.builder(CONSUMER_RECORDS_FAILED).tags(shardTags)
                    .description("Records whose exchange failed; they are delivered again").register(registry);
            skipped = Counter.builder(CONSUMER_RECORDS_SKIPPED).tags(shardTags)
                    .description("Records whose exchange failed and were acknowledged anyway (skipFailedRecords)")
                    .register(registry);
            Meter behind = TimeGauge.builder(CONSUMER_BEHIND_LATEST, lane, TimeUnit.MILLISECONDS,
                    l -> behindLatest(l.snapshot())).tags(shardTags).strongReference(true)
                    .description("MillisBehindLatest of the shard's last GetRecords answer (NaN before the first)")
                    .register(registry);
            Meter inFlight = Gauge.builder(CONSUMER_RECORDS_IN_FLIGHT, lane, l -> l.snapshot().recordsInFlight())
                    .tags(shardTags).strongReference(true)
                    .description("Records handed to the route and not completed yet").register(registry);
            Meter lag = Gauge.builder(CONSUMER_CHECKPOINT_LAG, lane, l -> l.snapshot().recordsAwaitingCheckpoint())
                    .tags(shardTags).strongReference(true)
                    .description("Records completed and not yet behind a checkpoint the store acknowledged")
                    .register(registry);
            all = List.of(delivered, redelivered, failed, skipped, behind, inFlight, lag);
        }

        void remove() {
            all.forEach(registry::remove);
        }

        private static double behindLatest(ShardSnapshot snapshot) {
            return snapshot.millisBehindLatest() < 0 ? Double.NaN : snapshot.millisBehindLatest();
        }
    }
}
