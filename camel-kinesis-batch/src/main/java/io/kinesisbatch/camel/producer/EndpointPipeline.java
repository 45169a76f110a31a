package io.kinesisbatch.camel.producer;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.kinesisbatch.camel.KinesisBatchConfiguration;
import io.kinesisbatch.camel.producer.aggregation.AggregatingShaper;
import io.kinesisbatch.camel.producer.aggregation.AggregationMode;
import io.kinesisbatch.camel.ratelimit.ShardLimits;
import io.kinesisbatch.camel.ratelimit.ShardRateLimiter;
import io.kinesisbatch.camel.shardmap.ShardMapCache;
import org.apache.camel.AsyncCallback;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.builder.ThreadPoolProfileBuilder;
import org.apache.camel.health.HealthCheckHelper;
import org.apache.camel.health.WritableHealthCheckRepository;
import org.apache.camel.spi.ExecutorServiceManager;
import org.apache.camel.util.concurrent.ThreadPoolRejectedPolicy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one batching pipeline of an endpoint, fed by every producer of that endpoint (any route, any
 * {@code ProducerTemplate}): one buffer bound, one queue, one {@code maxInFlight}, one retry timer, one pool of
 * routing threads, one health check. The endpoint starts it with its first producer and {@link #close closes} it with
 * its last one, or when the endpoint itself stops, always before the endpoint closes its AWS clients.
 * <p>
 * {@link #accept} ({@link ExchangeIntake}) converts and validates the body, reserves buffer room (waiting for it with
 * {@code whenFull=block}), hands the records over and returns; the exchange completes later on the routing pool when
 * all its records are acknowledged or have failed for good. {@link ContextStopFlush} flushes it first thing when the
 * Camel context stops.
 */
public final class EndpointPipeline {

    private static final Logger LOG = LoggerFactory.getLogger(EndpointPipeline.class);

    /**
     * Heap one accepted record holds besides its data and partition key until it is acknowledged: the exchange
     * waiting for it, the SDK entry and the objects tracking it. Measured at about 1 KB for small records by the
     * memory benchmark (docs/performance.md); counting it makes maxBufferedBytes a bound on memory, not only on data.
     */
    public static final int RECORD_OVERHEAD_BYTES = 1024;
    /** Threads routes continue on after the producer. */
    private static final int ROUTING_THREADS = 10;
    /** How long completions wait behind a slow route before another routing thread takes them. */
    private static final long HELP_AFTER_MILLIS = 2;
    /** How long start waits for DescribeStreamSummary before going on with the 1 MiB default. */
    private static final long DESCRIBE_WAIT_SECONDS = 10;
    /**
     * How often the shard map ({@code aggregation=shard}, per-shard limits) is listed anyway (a reply showing a changed
     * map lists it at once).
     */
    static final long SHARD_MAP_REFRESH_MILLIS = 60_000;
    /** How long start waits for the first shard listing (ListShards) before going on without one. */
    private static final long SHARD_MAP_WAIT_SECONDS = 5;
    /** Least time between two listings asked for by replies showing a stale map (or keys in a gap of it). */
    private static final long STALE_MAP_REFRESH_NANOS = TimeUnit.SECONDS.toNanos(1);

    private final String stream;
    private final CamelContext context;
    private final ProducerSettings settings;
    private final ProducerStats stats = new ProducerStats();
    private final int maxRecordSize;
    private final ExecutorService routingPool;
    private final ScheduledExecutorService scheduler;
    private final CompletionRunner routing;
    private final Accumulator accumulator;
    private final BatchPipeline pipeline;
    private final WritableHealthCheckRepository healthRepository;
    private final ProducerHealthCheck healthCheck;
    private final ExchangeIntake intake;
    private final ContextStopFlush contextStopping;
    /** The shard map of {@code aggregation=shard} and of per-shard limits; null when neither is on. */
    private final ShardMapCache shardMaps;
    /** {@code shardRateLimit} as limits per shard. */
    private final ShardLimits shardLimits;

    /**
     * Starts the pipeline: learns the stream's largest record, starts its threads, registers its health check.
     *
     * @param owner            the endpoint, as the source of the thread pools
     * @param healthCheck      whether to register the producer health check (the component's switch)
     */
    public EndpointPipeline(Object owner, CamelContext context, KinesisBatchConfiguration config,
                            KinesisGateway gateway,
                            boolean healthCheck) {
        this(owner, context, config, gateway, healthCheck, SHARD_MAP_REFRESH_MILLIS);
    }

    /**
     * @param shardMapRefreshMillis how often the shard map is listed anyway ({@link #SHARD_MAP_REFRESH_MILLIS}; tests
     *                              set it shorter)
     */
    EndpointPipeline(Object owner, CamelContext context, KinesisBatchConfiguration config, KinesisGateway gateway,
                     boolean healthCheck, long shardMapRefreshMillis) {
        this.stream = config.getStreamName();
        this.context = context;
        this.settings = ProducerSettings.of(config);
        this.maxRecordSize = learnMaxRecordSize(gateway);
        String name = "KinesisBatchProducer[" + stream + "]";
        ExecutorServiceManager executors = context.getExecutorServiceManager();
        // routes continue on this pool (one thread per reply, more when routes are slow: see CompletionRunner). Its
        // queue is unbounded (Camel makes a queue size <= 0 a hand-off queue, which refuses work when all threads are
        // busy); Abort, not CallerRuns (which silently drops tasks once the pool is shut down): the safe wrapper then
        // runs the task on the calling thread, which only happens after stop
        routingPool = executors.newThreadPool(owner, name,
                new ThreadPoolProfileBuilder(name).poolSize(ROUTING_THREADS).maxPoolSize(ROUTING_THREADS)
                        .maxQueueSize(Integer.MAX_VALUE).allowCoreThreadTimeOut(true).keepAliveTime(60L)
                        .rejectedPolicy(ThreadPoolRejectedPolicy.Abort).build());
        // batch timeouts, retry delays, the routing watchdog and the replies of a user's client: one thread that never
        // blocks and never runs routes, so replies (which free buffer room) are handled even while routes wait for
        // room. Its queue is unbounded (queue size 0): Camel's default bound (1000) refused tasks under load
        scheduler = executors.newScheduledThreadPool(owner, name + "-io",
                new ThreadPoolProfileBuilder(name + "-io").poolSize(1).maxQueueSize(0)
                        .rejectedPolicy(ThreadPoolRejectedPolicy.Abort).build());
        routing = new CompletionRunner(BatchPipeline.safe(routingPool), ROUTING_THREADS, scheduler,
                HELP_AFTER_MILLIS, TimeUnit.MILLISECONDS, System::nanoTime);
        AggregationMode aggregation = AggregationMode.validate(config);
        shardLimits = ShardLimits.ofPercent(config.getShardRateLimit());
        shardMaps = aggregation == AggregationMode.SHARD || !shardLimits.unlimited()
                ? new ShardMapCache(stream, gateway::listShards, System::nanoTime) : null;
        // per-shard queues and limits; records with producer-made keys are placed on shards with tokens unless they
        // travel in aggregates (an explicit hash key on each would cost every message 47 bytes)
        ShardQueues shardQueues = shardLimits.unlimited() ? null
                : new ShardQueues(new ShardRateLimiter(shardLimits, ShardQueues.BURST_NANOS, System::nanoTime),
                        aggregation != AggregationMode.NONE);
        ShardPrediction prediction = shardQueues == null ? null
                : new ShardPrediction(shardMaps::current, aggregation == AggregationMode.NONE,
                        () -> shardMaps.refreshSoon(STALE_MAP_REFRESH_NANOS));
        BatchShaper shaper = aggregation == AggregationMode.NONE ? BatchShaper.PLAIN
                : new AggregatingShaper(aggregation, aggregationMaxBytes(config), settings.batchMaxRecords(),
                        settings.batchMaxBytes(), aggregation == AggregationMode.SHARD ? shardMaps : null,
                        System::nanoTime);
        // with aggregation the accumulator cuts messages, many to an entry: the shaper then keeps the call's limits
        accumulator = new Accumulator(aggregation == AggregationMode.NONE ? settings.batchMaxRecords()
                : AggregatingShaper.MAX_MESSAGES_PER_CUT, settings.batchMaxBytes(),
                TimeUnit.MILLISECONDS.toNanos(settings.batchTimeoutMillis()), settings.maxInFlight(),
                settings.maxBufferedBytes(), RECORD_OVERHEAD_BYTES, shardQueues);
        Backoff backoff = new Backoff(settings.retryBackoff(), settings.retryInitialDelayMillis(),
                settings.retryMaxDelayMillis(), () -> ThreadLocalRandom.current().nextDouble());
        pipeline = new BatchPipeline(accumulator, gateway, backoff, settings.maxRetries(), scheduler,
                BatchPipeline.safe(scheduler), routing, stats, System::nanoTime, shaper, prediction);
        if (shardMaps != null) {
            shardMaps.onListing(map -> accumulator.onShards(q -> q.onShardMap(map)));
            awaitFirstShardMap(shardMaps.start(scheduler, shardMapRefreshMillis));
        }
        RecordReader reader = new RecordReader(context, stream, config.getPartitionKey(), config.getExplicitHashKey(),
                () -> maxRecordSize);
        healthRepository = healthCheck
                ? HealthCheckHelper.getHealthCheckRepository(context, "producers", WritableHealthCheckRepository.class)
                : null;
        if (healthRepository != null) {
            this.healthCheck = new ProducerHealthCheck(stream, stats, accumulator::snapshot,
                    accumulator::shardStatuses);
            this.healthCheck.setCamelContext(context);
            healthRepository.addHealthCheck(this.healthCheck);
        } else {
            this.healthCheck = null;
        }
        intake = new ExchangeIntake(stream, settings, reader, accumulator, pipeline);
        contextStopping = ContextStopFlush.register(context, pipeline, this::shutdownTimeoutMillis);
    }

    private long shutdownTimeoutMillis() {
        return context.getShutdownStrategy().getTimeUnit().toMillis(context.getShutdownStrategy().getTimeout());
    }

    /** {@code aggregationMaxBytes}, lowered to the stream's record limit when it is larger. */
    private int aggregationMaxBytes(KinesisBatchConfiguration config) {
        int asked = config.getAggregationMaxBytes();
        if (asked > maxRecordSize) {
            LOG.warn("Kinesis stream {}: aggregationMaxBytes {} is larger than the stream's record limit; using {}",
                    stream, asked, maxRecordSize);
            return maxRecordSize;
        }
        return asked;
    }

    /**
     * Waits a little for the first shard listing: records handed over before it are not predicted, so not limited,
     * and a producer started under load would send a second's worth past the limits (each throttle then costs a
     * shard 15% of its allowance). A failure was logged by the cache; going on without a map is today's behaviour.
     */
    private void awaitFirstShardMap(CompletableFuture<?> listing) {
        try {
            listing.get(SHARD_MAP_WAIT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            LOG.debug("Kinesis stream {}: starting without a shard map ({})", stream, e.toString());
        }
    }

    /** Asks the stream for its largest record; the 1 MiB default when that is denied, unsupported or slow. */
    private int learnMaxRecordSize(KinesisGateway gateway) {
        int size = RecordValidator.DEFAULT_MAX_RECORD_SIZE;
        try {
            Integer told = gateway.maxRecordSize().get(DESCRIBE_WAIT_SECONDS, TimeUnit.SECONDS);
            if (told != null) {
                size = told;
            }
            LOG.debug("Kinesis stream {}: largest record {} bytes", stream, size);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException | RuntimeException e) {
            Throwable why = e instanceof ExecutionException ? e.getCause() : e;
            LOG.info("Kinesis stream {}: DescribeStreamSummary gave no maximum record size ({}); assuming {} bytes",
                    stream, why, size);
        }
        return size;
    }

    /**
     * Takes one exchange: as {@link org.apache.camel.AsyncProcessor#process(Exchange, AsyncCallback)}, true when the
     * exchange was completed here (it failed before anything was sent).
     */
    public boolean accept(Exchange exchange, AsyncCallback callback) {
        return intake.accept(exchange, callback);
    }

    /**
     * Stops taking exchanges, sends everything buffered at once and waits for it up to Camel's shutdown timeout;
     * whatever is still unacknowledged then fails. Then stops the threads. Every exchange has its outcome when this
     * returns (or its completion is queued on the routing pool, which runs it before it ends).
     */
    public void close() {
        contextStopping.unregister();
        routing.stopping(); // before the scheduler (its watchdog) stops
        long timeoutMillis = shutdownTimeoutMillis();
        int failed = pipeline.close(timeoutMillis);
        if (shardMaps != null) {
            shardMaps.close();
        }
        if (failed > 0) {
            LOG.warn(
                    "Kinesis stream {}: {} records were not acknowledged within {}ms of stopping; their exchanges failed",
                    stream, failed, timeoutMillis);
        }
        if (healthCheck != null) {
            healthRepository.removeHealthCheck(healthCheck);
        }
        context.getExecutorServiceManager().shutdownNow(scheduler);
        // queued completions still run: every exchange gets its callback
        context.getExecutorServiceManager().shutdown(routingPool);
    }

    public Accumulator.Snapshot snapshot() {
        return accumulator.snapshot();
    }

    /** Per shard: queued records, allowance and entry counts; empty with {@code shardRateLimit=0}. */
    public List<ShardStatus> shardStatuses() {
        return accumulator.shardStatuses();
    }

    public ProducerStats stats() {
        return stats;
    }

    /** Largest record the stream accepts, in bytes (data plus partition key). */
    public int maxRecordSize() {
        return maxRecordSize;
    }
}
