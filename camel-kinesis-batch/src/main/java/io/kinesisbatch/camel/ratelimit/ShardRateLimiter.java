package io.kinesisbatch.camel.ratelimit;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.LongSupplier;

/**
 * The per-shard write limits of one producer: for each shard a {@link TokenBucket} running at the shard's
 * {@link AimdAllowance} of the configured {@link ShardLimits}, and the counts of entries accepted and throttled. A
 * shard's state is made on first use. Records whose shard is not predicted ({@code shardId == null}: no shard map)
 * are never limited, and a limiter built from {@link ShardLimits#UNLIMITED} ({@code shardRateLimit=0}) limits
 * nothing and keeps no state.
 * <p>
 * No I/O and no threads; the clock is injected. Not thread-safe: the pipeline confines it, like the queues of the
 * {@link ShardQueuePlanner} that consults it, to the one place batches are planned and replies sorted (under the
 * accumulator's lock).
 */
public final class ShardRateLimiter {

    /** One shard's state at one moment, for health checks and JMX. */
    public record ShardState(String shardId, double allowance, double recordsPerSecond, double bytesPerSecond,
                             long acceptedEntries, long throttledEntries) {
    }

    private final ShardLimits limits;
    private final long burstNanos;
    private final LongSupplier nanoClock;
    private final Map<String, Shard> shards = new HashMap<>();

    /**
     * @param limits     the configured limits per shard ({@link ShardLimits#ofPercent} of {@code shardRateLimit})
     * @param burstNanos the burst each shard's bucket holds, at most one second (see {@link TokenBucket})
     * @param nanoClock  monotonic nanos ({@code System::nanoTime})
     */
    public ShardRateLimiter(ShardLimits limits, long burstNanos, LongSupplier nanoClock) {
        if (burstNanos <= 0 || burstNanos > TokenBucket.MAX_BURST_NANOS) {
            throw new IllegalArgumentException("A shard's burst lies in (0, 1 s], not " + burstNanos + " ns");
        }
        this.limits = limits;
        this.burstNanos = burstNanos;
        this.nanoClock = nanoClock;
    }

    /** False for {@code shardRateLimit=0}: every acquire succeeds at once. */
    public boolean enabled() {
        return !limits.unlimited();
    }

    /** The injected clock's now; a caller making many decisions at once reads it once. */
    public long now() {
        return nanoClock.getAsLong();
    }

    /** Takes one record of {@code bytes} (data plus partition key) from the shard's bucket if it has the tokens. */
    public boolean tryAcquire(String shardId, long bytes, long nowNanos) {
        return tryAcquire(shardId, 1, bytes, nowNanos);
    }

    /**
     * Takes {@code records} records (0 for a message that will travel inside a KPL aggregate: the aggregate's record
     * is {@link #charge charged} once it is packed) of {@code bytes} from the shard's bucket if it has the tokens.
     */
    public boolean tryAcquire(String shardId, int records, long bytes, long nowNanos) {
        if (shardId == null || !enabled()) {
            return true;
        }
        return shard(shardId, nowNanos).bucket.tryTake(records, bytes, nowNanos);
    }

    /** Nanos until one record of {@code bytes} may be taken from the shard; 0 when now. */
    public long nanosUntilAvailable(String shardId, long bytes, long nowNanos) {
        return nanosUntilAvailable(shardId, 1, bytes, nowNanos);
    }

    /** Nanos until {@code records} records of {@code bytes} may be taken from the shard; 0 when now. */
    public long nanosUntilAvailable(String shardId, int records, long bytes, long nowNanos) {
        if (shardId == null || !enabled()) {
            return 0;
        }
        return shard(shardId, nowNanos).bucket.nanosUntilAvailable(records, bytes, nowNanos);
    }

    /**
     * Corrects what was taken from the shard once the true cost is known (see {@link TokenBucket#charge}): positive
     * takes more (possibly into debt), negative gives back.
     */
    public void charge(String shardId, double records, double bytes) {
        if (shardId == null || !enabled()) {
            return;
        }
        long now = now();
        shard(shardId, now).bucket.charge(records, bytes, now);
    }

    /**
     * Takes what one PutRecords reply said about the entries of one shard (call it once per shard present in the
     * reply, with the shard id the entry was predicted to, or landed on): throttled entries shrink the shard's
     * allowance, accepted ones grow it (see {@link AimdAllowance}), and the bucket follows at once.
     */
    public void onReply(String shardId, int accepted, int throttled) {
        if (shardId == null || !enabled()) {
            return;
        }
        long now = now();
        Shard shard = shard(shardId, now);
        shard.accepted += accepted;
        shard.throttled += throttled;
        if (shard.allowance.onReply(accepted, throttled, now)) {
            shard.bucket.setLimits(limits.times(shard.allowance.fraction()), now);
        }
    }

    /** Forgets the shards not in {@code openShardIds} (closed by a reshard), once a new shard map is read. */
    public void retainShards(Collection<String> openShardIds) {
        Set<String> open = new HashSet<>(openShardIds);
        shards.keySet().retainAll(open);
    }

    /** Every shard seen so far, for health checks and JMX (a copy). */
    public List<ShardState> snapshot() {
        List<ShardState> states = new ArrayList<>(shards.size());
        shards.forEach((id, s) -> {
            ShardLimits now = s.bucket.limits();
            states.add(new ShardState(id, s.allowance.fraction(), now.recordsPerSecond(), now.bytesPerSecond(),
                    s.accepted, s.throttled));
        });
        return states;
    }

    private Shard shard(String shardId, long nowNanos) {
        Shard shard = shards.get(shardId);
        if (shard == null) {
            shard = new Shard(new TokenBucket(limits, burstNanos, nowNanos));
            shards.put(shardId, shard);
        }
        return shard;
    }

    private static final class Shard {
        final TokenBucket bucket;
        final AimdAllowance allowance = new AimdAllowance();
        long accepted;
        long throttled;

        Shard(TokenBucket bucket) {
            this.bucket = bucket;
        }
    }
}
