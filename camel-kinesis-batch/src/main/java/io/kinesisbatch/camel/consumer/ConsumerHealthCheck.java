package io.kinesisbatch.camel.consumer;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.impl.health.AbstractHealthCheck;

/**
 * Health of a consumer from its workers' snapshots (never calls AWS): DOWN when a shard has been failing to read for
 * longer than a minute (or never read), with per-shard details.
 */
public final class ConsumerHealthCheck extends AbstractHealthCheck {

    static final Duration FAILING_FOR = Duration.ofMinutes(1);

    private final Supplier<List<ShardSnapshot>> snapshots;

    public ConsumerHealthCheck(String routeId, Supplier<List<ShardSnapshot>> snapshots) {
        super("camel", "consumer:kinesis-batch-" + routeId);
        this.snapshots = snapshots;
    }

    @Override
    public boolean isLiveness() {
        return false;
    }

    @Override
    protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
        builder.up();
        Instant now = Instant.now();
        for (ShardSnapshot shard : snapshots.get()) {
            String prefix = "shard." + shard.shardId() + ".";
            builder.detail(prefix + "state", shard.state().name());
            builder.detail(prefix + "millisBehindLatest", shard.millisBehindLatest());
            builder.detail(prefix + "checkpoint", String.valueOf(shard.checkpoint()));
            builder.detail(prefix + "recordsInFlight", shard.recordsInFlight());
            builder.detail(prefix + "lastSuccessfulPoll", String.valueOf(shard.lastSuccessfulPoll()));
            if (failing(shard, now)) {
                builder.detail(prefix + "lastError", shard.lastError());
                builder.message("Shard " + shard.shardId() + " failing: " + shard.lastError());
                builder.down();
            }
        }
    }

    static boolean failing(ShardSnapshot shard, Instant now) {
        if (shard.lastError() == null) {
            return false;
        }
        return shard.lastSuccessfulPoll() == null
               || Duration.between(shard.lastSuccessfulPoll(), now).compareTo(FAILING_FOR) > 0;
    }
}
