package io.kinesisbatch.camel.producer.aggregation;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

import io.kinesisbatch.camel.shardmap.ShardMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.kinesis.model.Shard;

/**
 * Owns the producer's current shard listing for {@code aggregation=shard}: loaded at start, refreshed periodically
 * and whenever a reply shows the map is out of date. One ListShards at a time; a caller that needs a listing made
 * after some moment (a reply it received) joins the one in flight when that started after the moment, else starts a
 * new one. A failed refresh keeps the previous listing. Until the first listing arrives there is no prediction
 * ({@link #current()} is null) and messages are grouped by partition key, which always lands where it is read.
 */
public final class ShardMapCache implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ShardMapCache.class);

    private final Supplier<CompletableFuture<List<Shard>>> lister;
    private final LongSupplier clock;
    private final String stream;
    private volatile ShardListing current;
    /** Guarded by this: the refresh in flight and when it started (monotonic nanos). */
    private CompletableFuture<ShardListing> inFlight;
    private long inFlightStartedAt;
    private ScheduledFuture<?> periodic;

    public ShardMapCache(String stream, Supplier<CompletableFuture<List<Shard>>> lister, LongSupplier clock) {
        this.stream = stream;
        this.lister = lister;
        this.clock = clock;
    }

    /** Loads the first listing now and refreshes it every {@code periodMillis} on the scheduler. */
    public void start(ScheduledExecutorService scheduler, long periodMillis) {
        refreshStartedAfter(clock.getAsLong());
        periodic = scheduler.scheduleWithFixedDelay(() -> refreshStartedAfter(clock.getAsLong()), periodMillis,
                periodMillis, TimeUnit.MILLISECONDS);
    }

    /** The open shards as last listed; null before the first listing. */
    public ShardMap current() {
        ShardListing l = current;
        return l == null ? null : l.openShards();
    }

    /**
     * A listing whose ListShards started at or after {@code nanos}: completes with it, or exceptionally when
     * ListShards fails.
     */
    public synchronized CompletableFuture<ShardListing> refreshStartedAfter(long nanos) {
        if (inFlight != null && inFlightStartedAt - nanos >= 0) {
            return inFlight;
        }
        long started = clock.getAsLong();
        CompletableFuture<List<Shard>> call;
        try {
            call = lister.get();
        } catch (RuntimeException e) {
            call = CompletableFuture.failedFuture(e);
        }
        CompletableFuture<ShardListing> next = call.thenApply(ShardListing::of);
        inFlight = next;
        inFlightStartedAt = started;
        next.whenComplete((listing, error) -> {
            if (listing != null) {
                current = listing;
                LOG.debug("Kinesis stream {}: shard map {}", stream, listing.openShards());
            } else if (current == null) {
                // operators must know: without a map, aggregation=shard packs by partition key only
                LOG.warn(
                        "Kinesis stream {}: ListShards failed ({}); until it succeeds, aggregation=shard packs messages "
                         + "by partition key only (kinesis:ListShards allowed?)",
                        stream, error.toString());
            } else {
                LOG.debug("Kinesis stream {}: ListShards failed, keeping the shard map: {}", stream, error.toString());
            }
            finished(next);
        });
        return next;
    }

    private synchronized void finished(CompletableFuture<ShardListing> done) {
        if (inFlight == done) {
            inFlight = null;
        }
    }

    @Override
    public void close() {
        ScheduledFuture<?> p = periodic;
        if (p != null) {
            p.cancel(false);
        }
    }
}
