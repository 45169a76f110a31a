package io.kinesisbatch.camel.shardmap;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.kinesis.model.Shard;

/**
 * Owns the producer's current shard listing: loaded at start, refreshed periodically and whenever a reply shows the
 * map is out of date. A caller that needs a listing made after some moment (a reply it received) joins the one in
 * flight when that started after the moment, else starts a new one. A failed refresh keeps the previous listing, and
 * so does one that started before the current listing's (overlapping calls may complete out of order: the listing
 * started last wins). Until the first listing arrives there is no prediction ({@link #current()} is null): messages
 * are grouped by partition key, which always lands where it is read, and {@code shardRateLimit} limits nothing. Used
 * by {@code aggregation=shard} and by the per-shard rate limits.
 */
public final class ShardMapCache implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ShardMapCache.class);

    private final Supplier<CompletableFuture<List<Shard>>> lister;
    private final LongSupplier clock;
    private final String stream;
    private volatile ShardListing current;
    /** Guarded by this: the refresh in flight (null when none), and when the latest refresh started (monotonic nanos). */
    private CompletableFuture<ShardListing> inFlight;
    private long inFlightStartedAt;
    private ScheduledFuture<?> periodic;
    /** Guarded by this: the number of the latest refresh started, and of the one whose listing is current. */
    private long startedGeneration;
    private long currentGeneration;
    private volatile boolean warned;
    private volatile Consumer<ShardMap> listener = map -> {};

    public ShardMapCache(String stream, Supplier<CompletableFuture<List<Shard>>> lister, LongSupplier clock) {
        this.stream = stream;
        this.lister = lister;
        this.clock = clock;
    }

    /**
     * Loads the first listing now and refreshes it every {@code periodMillis} on the scheduler.
     *
     * @return the first listing (completes exceptionally when ListShards fails)
     */
    public CompletableFuture<ShardListing> start(ScheduledExecutorService scheduler, long periodMillis) {
        CompletableFuture<ShardListing> first = refreshStartedAfter(clock.getAsLong());
        periodic = scheduler.scheduleWithFixedDelay(() -> refreshStartedAfter(clock.getAsLong()), periodMillis,
                periodMillis, TimeUnit.MILLISECONDS);
        return first;
    }

    /** Told every new listing's open shards, on the thread that completed its ListShards (set before start). */
    public void onListing(Consumer<ShardMap> listener) {
        this.listener = listener;
    }

    /**
     * Refreshes unless a refresh is in flight or one started less than {@code minIntervalNanos} ago: for signals that
     * repeat until the new listing arrives (every reply showing a stale map), which must not list the shards each.
     */
    public synchronized void refreshSoon(long minIntervalNanos) {
        long now = clock.getAsLong();
        if (inFlight == null && (startedGeneration == 0 || now - inFlightStartedAt >= minIntervalNanos)) {
            refreshStartedAfter(now);
        }
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
        long startedAt = clock.getAsLong();
        long generation = ++startedGeneration;
        CompletableFuture<List<Shard>> call;
        try {
            call = lister.get();
        } catch (RuntimeException e) {
            call = CompletableFuture.failedFuture(e);
        }
        // the future handed out completes once the listing is current and the listener was told (or it was dropped
        // as older than the current one: still a listing started after the moment its callers asked for)
        CompletableFuture<ShardListing> next = call.thenApply(ShardListing::of).whenComplete((listing, error) -> {
            if (listing != null) {
                install(generation, listing);
            } else if (current == null && !warned) {
                // operators must know, once: without a map the producer predicts no shard
                warned = true;
                LOG.warn("Kinesis stream {}: ListShards failed ({}); until it succeeds the producer predicts no "
                         + "shards: shardRateLimit limits nothing and aggregation=shard packs messages by partition "
                         + "key only (kinesis:ListShards allowed?)",
                        stream, error.toString());
            } else {
                LOG.debug("Kinesis stream {}: ListShards failed, keeping the shard map: {}", stream, error.toString());
            }
        });
        inFlight = next;
        inFlightStartedAt = startedAt;
        next.whenComplete((listing, error) -> finished(next));
        return next;
    }

    /**
     * Makes {@code listing} current unless a listing started later is current already; the listener is told under
     * this lock, so it sees the listings in the order they were started too.
     */
    private synchronized void install(long generation, ShardListing listing) {
        if (generation <= currentGeneration) {
            LOG.debug("Kinesis stream {}: dropping a shard map listed before the current one", stream);
            return;
        }
        currentGeneration = generation;
        current = listing;
        LOG.debug("Kinesis stream {}: shard map {}", stream, listing.openShards());
        listener.accept(listing.openShards());
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
