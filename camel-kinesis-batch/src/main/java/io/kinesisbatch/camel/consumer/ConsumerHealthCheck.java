package io.kinesisbatch.camel.consumer;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.impl.health.AbstractHealthCheck;

/**
 * Health of a consumer from its lanes' snapshots (never calls AWS), with per-shard details. DOWN when a shard has been
 * failing to read (or to start) for longer than {@link #FAILING_FOR}, counted from its first failure in a row, so a
 * shard that has not polled yet gets the same grace; and DOWN when one exchange of a shard has been redelivered for
 * longer than {@link #STUCK_FOR} (the shard is stuck on it: its sequence number is in the details).
 */
public final class ConsumerHealthCheck extends AbstractHealthCheck {

    static final Duration FAILING_FOR = Duration.ofMinutes(1);
    static final Duration STUCK_FOR = Duration.ofMinutes(5);

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
            builder.detail(prefix + "state", shard.state());
            builder.detail(prefix + "millisBehindLatest", shard.millisBehindLatest());
            builder.detail(prefix + "checkpoint", String.valueOf(shard.checkpoint()));
            builder.detail(prefix + "recordsInFlight", shard.recordsInFlight());
            builder.detail(prefix + "lastSuccessfulPoll", String.valueOf(shard.lastSuccessfulPoll()));
            if (shard.subscription() != null) {
                builder.detail(prefix + "subscription", shard.subscription());
            }
            if (shard.lastError() != null) {
                builder.detail(prefix + "lastError", shard.lastError());
            }
            if (shard.redeliveringSequence() != null) {
                builder.detail(prefix + "redeliveringSequenceNumber", shard.redeliveringSequence());
                builder.detail(prefix + "redeliveringSince", String.valueOf(shard.redeliveringSince()));
            }
            if (failing(shard, now)) {
                builder.message("Shard " + shard.shardId() + " failing since " + shard.failingSince() + ": "
                                + shard.lastError());
                builder.down();
            } else if (stuck(shard, now)) {
                builder.message("Shard " + shard.shardId() + " stuck: the exchange of sequence number "
                                + shard.redeliveringSequence() + " has failed since " + shard.redeliveringSince());
                builder.down();
            }
        }
    }

    /** Failing for longer than {@link #FAILING_FOR} without a successful poll. */
    static boolean failing(ShardSnapshot shard, Instant now) {
        return shard.lastError() != null && shard.failingSince() != null
               && Duration.between(shard.failingSince(), now).compareTo(FAILING_FOR) > 0;
    }

    /** One exchange redelivered for longer than {@link #STUCK_FOR}. */
    static boolean stuck(ShardSnapshot shard, Instant now) {
        return shard.redeliveringSince() != null
               && Duration.between(shard.redeliveringSince(), now).compareTo(STUCK_FOR) > 0;
    }
}
