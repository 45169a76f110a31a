package io.kinesisbatch.camel.producer;

import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.impl.health.AbstractHealthCheck;

/**
 * Health of one producer, from its counters and a snapshot of its buffer: it never calls AWS. DOWN while the latest
 * PutRecords call that ended failed with an error retrying cannot fix (unknown stream, access denied); UP otherwise,
 * with the numbers as details; with {@code shardRateLimit}, per shard {@code shard.<id>.queuedRecords},
 * {@code shard.<id>.allowance} (percent of the configured limit) and {@code shard.<id>.throttledEntries}.
 */
public final class ProducerHealthCheck extends AbstractHealthCheck {

    private final String stream;
    private final ProducerStats stats;
    private final Supplier<Accumulator.Snapshot> snapshot;
    private final Supplier<List<ShardStatus>> shards;

    public ProducerHealthCheck(String stream, ProducerStats stats, Supplier<Accumulator.Snapshot> snapshot) {
        this(stream, stats, snapshot, List::of);
    }

    /** @param shards the per-shard limits' view of each shard (empty without them) */
    public ProducerHealthCheck(String stream, ProducerStats stats, Supplier<Accumulator.Snapshot> snapshot,
                               Supplier<List<ShardStatus>> shards) {
        super("camel", "producer:kinesis-batch-" + stream);
        this.stream = stream;
        this.stats = stats;
        this.snapshot = snapshot;
        this.shards = shards;
    }

    @Override
    public boolean isLiveness() {
        // a stream that is missing or forbidden does not make the process unhealthy: readiness only
        return false;
    }

    @Override
    protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
        Accumulator.Snapshot s = snapshot.get();
        builder.detail("stream", stream)
                .detail("bufferedRecords", s.bufferedRecords())
                .detail("bufferedBytes", s.bufferedBytes())
                .detail("callsInFlight", s.callsInFlight())
                .detail("putRecordsCalls", stats.calls())
                .detail("recordsSent", stats.recordsSent())
                .detail("recordsRetried", stats.recordsRetried())
                .detail("recordsFailed", stats.recordsFailed())
                .detail("recordsThrottled", stats.recordsThrottled());
        for (ShardStatus shard : shards.get()) {
            String prefix = "shard." + shard.shardId() + ".";
            builder.detail(prefix + "queuedRecords", shard.queuedRecords())
                    .detail(prefix + "allowance", Math.round(1000 * shard.allowance()) / 10.0)
                    .detail(prefix + "throttledEntries", shard.throttledEntries());
        }
        Failure last = stats.fatalCallFailure();
        if (last != null) {
            builder.detail(SERVICE_ERROR_CODE, last.errorCode())
                    .message("PutRecords to Kinesis stream " + stream + " fails: " + last.describe())
                    .down();
        } else {
            builder.up();
        }
    }
}
