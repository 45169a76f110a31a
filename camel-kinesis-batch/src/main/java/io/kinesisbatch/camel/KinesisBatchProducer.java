package io.kinesisbatch.camel;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.kinesisbatch.camel.producer.Accumulator;
import io.kinesisbatch.camel.producer.Backoff;
import io.kinesisbatch.camel.producer.BatchPipeline;
import io.kinesisbatch.camel.producer.BufferedRecord;
import io.kinesisbatch.camel.producer.CompletionRunner;
import io.kinesisbatch.camel.producer.ExchangeCompletion;
import io.kinesisbatch.camel.producer.KinesisGateway;
import io.kinesisbatch.camel.producer.ProducerHealthCheck;
import io.kinesisbatch.camel.producer.ProducerSettings;
import io.kinesisbatch.camel.producer.ProducerStats;
import io.kinesisbatch.camel.producer.RecordDraft;
import io.kinesisbatch.camel.producer.RecordReader;
import io.kinesisbatch.camel.producer.RecordValidator;
import org.apache.camel.AsyncCallback;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.api.management.ManagedAttribute;
import org.apache.camel.api.management.ManagedResource;
import org.apache.camel.builder.ThreadPoolProfileBuilder;
import org.apache.camel.util.concurrent.ThreadPoolRejectedPolicy;
import org.apache.camel.health.HealthCheckHelper;
import org.apache.camel.health.WritableHealthCheckRepository;
import org.apache.camel.support.DefaultAsyncProducer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes exchanges to a Kinesis stream in PutRecords batches shared by concurrent callers, while every exchange gets
 * its own outcome: the shard and sequence number of its record, or its own error.
 * <p>
 * {@link #process(Exchange, AsyncCallback)} converts and validates the body, reserves buffer room (waiting for it
 * with {@code whenFull=block}), hands the records over and returns; the exchange completes later on a Camel thread
 * pool when all its records are acknowledged or have failed for good.
 */
@ManagedResource(description = "Kinesis batch producer")
public class KinesisBatchProducer extends DefaultAsyncProducer {

    private static final Logger LOG = LoggerFactory.getLogger(KinesisBatchProducer.class);

    /** How long start waits for DescribeStreamSummary before going on with the 1 MiB default. */
    private static final long DESCRIBE_WAIT_SECONDS = 10;

    private final ProducerStats stats = new ProducerStats();
    private volatile int maxRecordSize = RecordValidator.DEFAULT_MAX_RECORD_SIZE;
    private ProducerSettings settings;
    /**
     * Heap one accepted record holds besides its data and partition key until it is acknowledged: the exchange
     * waiting for it, the SDK entry and the objects tracking it. Measured at about 1 KB for small records by the
     * memory benchmark (docs/performance.md); counting it makes maxBufferedBytes a bound on memory, not only on data.
     */
    static final int RECORD_OVERHEAD_BYTES = 1024;
    /** Threads routes continue on after the producer. */
    private static final int ROUTING_THREADS = 10;
    /** How long completions wait behind a slow route before another routing thread takes them. */
    private static final long HELP_AFTER_MILLIS = 2;

    private Accumulator accumulator;
    private BatchPipeline pipeline;
    private RecordReader reader;
    private CompletionRunner routing;
    private ExecutorService routingPool;
    private ScheduledExecutorService scheduler;
    private WritableHealthCheckRepository healthRepository;
    private ProducerHealthCheck healthCheck;

    public KinesisBatchProducer(KinesisBatchEndpoint endpoint) {
        super(endpoint);
    }

    @Override
    public KinesisBatchEndpoint getEndpoint() {
        return (KinesisBatchEndpoint) super.getEndpoint();
    }

    private String stream() {
        return getEndpoint().getConfiguration().getStreamName();
    }

    @Override
    protected void doStart() throws Exception {
        super.doStart();
        KinesisBatchConfiguration config = getEndpoint().getConfiguration();
        CamelContext context = getEndpoint().getCamelContext();
        settings = ProducerSettings.of(config);
        KinesisGateway gateway = new KinesisGateway(getEndpoint().getKinesisClient(),
                getEndpoint().getKinesisClientWithoutRetries(), stream());
        learnMaxRecordSize(gateway);

        String name = "KinesisBatchProducer[" + stream() + "]";
        // routes continue on this pool (one thread per reply, more when routes are slow: see CompletionRunner). Its
        // queue is unbounded (Camel makes a queue size <= 0 a hand-off queue, which refuses work when all threads are
        // busy); Abort, not CallerRuns (which silently drops tasks once the pool is shut down): the safe wrapper then
        // runs the task on the calling thread, which only happens after stop
        routingPool = context.getExecutorServiceManager().newThreadPool(this, name,
                new ThreadPoolProfileBuilder(name).poolSize(ROUTING_THREADS).maxPoolSize(ROUTING_THREADS)
                        .maxQueueSize(Integer.MAX_VALUE).allowCoreThreadTimeOut(true).keepAliveTime(60L)
                        .rejectedPolicy(ThreadPoolRejectedPolicy.Abort).build());
        // batch timeouts, retry delays, the routing watchdog and the replies of a user's client: one thread that never
        // blocks and never runs routes, so replies (which free buffer room) are handled even while routes wait for room
        scheduler = context.getExecutorServiceManager().newScheduledThreadPool(this, name + "-io",
                new ThreadPoolProfileBuilder(name + "-io").poolSize(1)
                        .rejectedPolicy(ThreadPoolRejectedPolicy.Abort).build());
        routing = new CompletionRunner(BatchPipeline.safe(routingPool), ROUTING_THREADS, scheduler,
                HELP_AFTER_MILLIS, TimeUnit.MILLISECONDS, System::nanoTime);
        accumulator = new Accumulator(settings.batchMaxRecords(), settings.batchMaxBytes(),
                TimeUnit.MILLISECONDS.toNanos(settings.batchTimeoutMillis()), settings.maxInFlight(), settings.maxBufferedBytes(),
                RECORD_OVERHEAD_BYTES);
        Backoff backoff = new Backoff(settings.retryBackoff(), settings.retryInitialDelayMillis(),
                settings.retryMaxDelayMillis(), () -> ThreadLocalRandom.current().nextDouble());
        pipeline = new BatchPipeline(accumulator, gateway, backoff, settings.maxRetries(), scheduler,
                BatchPipeline.safe(scheduler), routing, stats, System::nanoTime);
        reader = new RecordReader(context, stream(), config.getPartitionKey(), config.getExplicitHashKey(),
                () -> maxRecordSize);
        registerHealthCheck(context);
    }

    /** Asks the stream for its largest record; keeps the 1 MiB default when that is denied, unsupported or slow. */
    private void learnMaxRecordSize(KinesisGateway gateway) {
        try {
            Integer size = gateway.maxRecordSize().get(DESCRIBE_WAIT_SECONDS, TimeUnit.SECONDS);
            if (size != null) {
                maxRecordSize = size;
            }
            LOG.debug("Kinesis stream {}: largest record {} bytes", stream(), maxRecordSize);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException | RuntimeException e) {
            Throwable why = e instanceof ExecutionException ? e.getCause() : e;
            LOG.info("Kinesis stream {}: DescribeStreamSummary gave no maximum record size ({}); assuming {} bytes",
                    stream(), why, maxRecordSize);
        }
    }

    private void registerHealthCheck(CamelContext context) {
        healthRepository = HealthCheckHelper.getHealthCheckRepository(context, "producers",
                WritableHealthCheckRepository.class);
        if (healthRepository != null && getEndpoint().getComponent().isHealthCheckProducerEnabled()) {
            healthCheck = new ProducerHealthCheck(stream(), stats, accumulator::snapshot);
            healthCheck.setCamelContext(context);
            healthRepository.addHealthCheck(healthCheck);
        }
    }

    @Override
    public boolean process(Exchange exchange, AsyncCallback callback) {
        List<RecordDraft> drafts;
        try {
            drafts = reader.read(exchange);
        } catch (Exception e) {
            return failNow(exchange, callback, e);
        }
        long bytes = 0;
        for (RecordDraft d : drafts) {
            bytes += d.size();
        }
        switch (accumulator.reserve(bytes, drafts.size(), settings.blockWhenFull())) {
            case FULL:
                return failNow(exchange, callback, new KinesisBatchBufferFullException(
                        "Kinesis producer for stream " + stream() + " already holds its maxBufferedBytes ("
                                                                               + settings.maxBufferedBytes()
                                                                               + ") of unacknowledged records and whenFull=fail",
                        null, null));
            case CLOSED:
                return failNow(exchange, callback, new KinesisBatchProducerStoppedException(
                        "Kinesis producer for stream " + stream() + " is stopping (or the caller was interrupted)"
                                                                                  + "; nothing of this exchange was sent",
                        null, null));
            default:
                break;
        }
        ExchangeCompletion completion = new ExchangeCompletion(exchange, callback, drafts.size(),
                RecordReader.isMulti(exchange.getMessage().getBody()));
        List<BufferedRecord> records;
        if (drafts.size() == 1) {
            records = List.of(new BufferedRecord(drafts.get(0), completion.listener(0)));
        } else {
            records = new ArrayList<>(drafts.size());
            for (int i = 0; i < drafts.size(); i++) {
                records.add(new BufferedRecord(drafts.get(i), completion.listener(i)));
            }
        }
        pipeline.submit(records);
        return false;
    }

    private static boolean failNow(Exchange exchange, AsyncCallback callback, Exception e) {
        exchange.setException(e);
        callback.done(true);
        return true;
    }

    @Override
    protected void doStop() throws Exception {
        if (routing != null) {
            routing.stopping(); // before the scheduler (its watchdog) stops
        }
        if (pipeline != null) {
            CamelContext context = getEndpoint().getCamelContext();
            long timeoutMillis = context.getShutdownStrategy().getTimeUnit()
                    .toMillis(context.getShutdownStrategy().getTimeout());
            int failed = pipeline.close(timeoutMillis);
            if (failed > 0) {
                LOG.warn("Kinesis stream {}: {} records were not acknowledged within {}ms of stopping; their exchanges failed",
                        stream(), failed, timeoutMillis);
            }
            // the pipeline stays: an exchange arriving now finds the accumulator closed and fails at once
        }
        if (healthRepository != null && healthCheck != null) {
            healthRepository.removeHealthCheck(healthCheck);
            healthCheck = null;
        }
        if (scheduler != null) {
            getEndpoint().getCamelContext().getExecutorServiceManager().shutdownNow(scheduler);
            scheduler = null;
        }
        if (routingPool != null) {
            // queued completions still run: every exchange gets its callback
            getEndpoint().getCamelContext().getExecutorServiceManager().shutdown(routingPool);
            routingPool = null;
        }
        super.doStop();
    }

    // ---------------------------------------------------------------- JMX

    @ManagedAttribute(description = "Records accepted but not yet acknowledged (queued, in flight or awaiting a retry)")
    public int getBufferedRecords() {
        return accumulator != null ? accumulator.snapshot().bufferedRecords() : 0;
    }

    @ManagedAttribute(description = "Bytes of records accepted but not yet acknowledged")
    public long getBufferedBytes() {
        return accumulator != null ? accumulator.snapshot().bufferedBytes() : 0;
    }

    @ManagedAttribute(description = "PutRecords calls outstanding")
    public int getCallsInFlight() {
        return accumulator != null ? accumulator.snapshot().callsInFlight() : 0;
    }

    @ManagedAttribute(description = "PutRecords calls made")
    public long getPutRecordsCalls() {
        return stats.calls();
    }

    @ManagedAttribute(description = "Records acknowledged by Kinesis")
    public long getRecordsSent() {
        return stats.recordsSent();
    }

    @ManagedAttribute(description = "Records sent again after a retryable failure (one count per resend)")
    public long getRecordsRetried() {
        return stats.recordsRetried();
    }

    @ManagedAttribute(description = "Records that failed after being handed over (rejected, retries exhausted, stopped)")
    public long getRecordsFailed() {
        return stats.recordsFailed();
    }

    @ManagedAttribute(description = "Records Kinesis throttled, retried or not")
    public long getRecordsThrottled() {
        return stats.recordsThrottled();
    }

    @ManagedAttribute(description = "Largest record the stream accepts, in bytes (data plus partition key)")
    public int getMaxRecordSize() {
        return maxRecordSize;
    }
}
