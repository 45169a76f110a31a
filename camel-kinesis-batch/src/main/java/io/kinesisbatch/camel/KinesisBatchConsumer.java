package io.kinesisbatch.camel;

import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;

import io.kinesisbatch.camel.aggregation.CorruptAggregateException;
import io.kinesisbatch.camel.checkpoint.CheckpointStore;
import io.kinesisbatch.camel.checkpoint.CheckpointTable;
import io.kinesisbatch.camel.checkpoint.DynamoDbCheckpointStore;
import io.kinesisbatch.camel.consumer.ConsumerHealthCheck;
import io.kinesisbatch.camel.consumer.ConsumerSettings;
import io.kinesisbatch.camel.consumer.RecordExchanges;
import io.kinesisbatch.camel.consumer.RecordSink;
import io.kinesisbatch.camel.consumer.ShardLane;
import io.kinesisbatch.camel.consumer.ShardRecord;
import io.kinesisbatch.camel.consumer.ShardSnapshot;
import io.kinesisbatch.camel.fanout.ConsumerRegistration;
import io.kinesisbatch.camel.fanout.FanOutSettings;
import io.kinesisbatch.camel.lease.LeaseTable;
import io.kinesisbatch.camel.metrics.ComponentMetrics;
import io.kinesisbatch.camel.metrics.ConsumerMeters;
import io.kinesisbatch.camel.metrics.NoMetrics;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.Suspendable;
import org.apache.camel.api.management.ManagedAttribute;
import org.apache.camel.api.management.ManagedOperation;
import org.apache.camel.api.management.ManagedResource;
import org.apache.camel.support.DefaultConsumer;
import org.apache.camel.util.URISupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code kinesis-batch} consumer: Camel glue around the shard reading ({@link ConsumerWorkers}, which runs a
 * {@link io.kinesisbatch.camel.consumer.ShardSupervisor}). It turns records into exchanges,
 * processes them asynchronously, reports completions back to the shard lanes, and ties the lanes to the route's
 * life cycle: suspending (a route policy, or the first step of Camel's graceful shutdown) stops fetching while
 * in-flight exchanges finish, keeping the leases and windows; resuming goes on from there; stopping writes the final
 * checkpoints and releases the leases.
 */
@ManagedResource(description = "Kinesis Batch consumer: per-shard progress")
public class KinesisBatchConsumer extends DefaultConsumer implements Suspendable, RecordSink {

    private static final Logger LOG = LoggerFactory.getLogger(KinesisBatchConsumer.class);

    private final ConsumerSettings settings;
    private final FanOutSettings fanOut;
    /** The stream consumer enhanced fan-out subscribes with (null when polling, or before the start). */
    private volatile String consumerArn;
    private CheckpointStore store;
    private LeaseTable leases;
    private volatile ConsumerWorkers workers;
    private volatile boolean suspended;
    private volatile ConsumerMeters meters = NoMetrics.INSTANCE;

    public KinesisBatchConsumer(KinesisBatchEndpoint endpoint, Processor processor) {
        super(endpoint, processor);
        this.settings = ConsumerSettings.from(endpoint.getConfiguration());
        this.fanOut = FanOutSettings.from(endpoint.getConfiguration());
    }

    @Override
    public KinesisBatchEndpoint getEndpoint() {
        return (KinesisBatchEndpoint) super.getEndpoint();
    }

    @Override
    protected void doStart() throws Exception {
        super.doStart();
        KinesisBatchConfiguration config = getEndpoint().getConfiguration();
        store = config.getCheckpointStore() != null ? config.getCheckpointStore()
                : new DynamoDbCheckpointStore(getEndpoint().getDynamoDbClient(), new CheckpointTable(
                        config.getCheckpointTable(), config.isCreateCheckpointTable(),
                        config.getCheckpointTableReadCapacity(), config.getCheckpointTableWriteCapacity()));
        if (!(store instanceof LeaseTable table)) {
            throw new IllegalArgumentException("checkpointStore " + store.getClass().getName() + " must also implement "
                                               + LeaseTable.class.getName() + " (leases live in the checkpoint rows)");
        }
        leases = table;
        store.start();
        meters = ComponentMetrics.forContext(getEndpoint().getCamelContext()).consumer(settings.stream().id(),
                URISupport.sanitizeUri(getEndpoint().getEndpointUri()), getRouteId(), this::snapshots);
        try {
            startReading();
        } catch (Exception e) {
            closeMeters();
            throw e;
        }
        // Camel's consumers health-check repository asks each route's consumer for this check; the component's
        // healthCheckConsumerEnabled=false disables it (the route then has no consumer check, as with Camel's own)
        ConsumerHealthCheck healthCheck = new ConsumerHealthCheck(getRouteId(), this::snapshots);
        healthCheck.setCamelContext(getEndpoint().getCamelContext());
        healthCheck.setEnabled(getEndpoint().getComponent().isHealthCheckConsumerEnabled());
        setHealthCheck(healthCheck);
    }

    private void startReading() throws Exception {
        if (fanOut.enabled()) {
            consumerArn = new ConsumerRegistration(getEndpoint().getKinesisClient(), settings.stream(), fanOut)
                    .resolve();
        }
        workers = ConsumerWorkers.start(getEndpoint(), this, settings, consumerArn, store, leases, this);
        suspended = false;
    }

    /**
     * A route suspended (a route policy), or the first step of a graceful shutdown: stop rebalancing, fetching and
     * handing out; the exchanges in flight finish and are checkpointed; leases and windows are kept.
     */
    @Override
    protected void doSuspend() throws Exception {
        suspended = true;
        ConsumerWorkers running = workers;
        if (running != null) {
            running.suspend();
        }
    }

    /** Goes on where {@link #doSuspend} stopped: same leases, nothing read twice. */
    @Override
    protected void doResume() throws Exception {
        suspended = false;
        ConsumerWorkers running = workers;
        if (running != null) {
            running.resume();
        }
    }

    @Override
    protected void doStop() throws Exception {
        // a suspended consumer went through Camel's graceful shutdown already (it waited, or gave up)
        Duration drain = suspended ? Duration.ZERO
                : Duration.ofMillis(getEndpoint().getCamelContext().getShutdownStrategy().getTimeUnit()
                        .toMillis(getEndpoint().getCamelContext().getShutdownStrategy().getTimeout()));
        stopWorkers(drain);
        deregisterIfAsked();
        closeMeters();
        if (store != null) {
            store.stop();
        }
        super.doStop();
    }

    private void stopWorkers(Duration drain) {
        ConsumerWorkers stopping = workers;
        if (stopping == null) {
            return;
        }
        suspended = true;
        try {
            stopping.stop(drain);
        } finally {
            workers = null;
        }
    }

    private void closeMeters() {
        ConsumerMeters open = meters;
        meters = NoMetrics.INSTANCE;
        open.close();
    }

    /** {@code deregisterConsumerOnStop}: after the subscriptions were cancelled (the lanes stopped). */
    private void deregisterIfAsked() {
        String arn = consumerArn;
        if (arn == null || !fanOut.deregisterOnStop()) {
            return;
        }
        consumerArn = null;
        boolean interrupted = Thread.interrupted(); // the SDK fails calls made from an interrupted thread
        try {
            new ConsumerRegistration(getEndpoint().getKinesisClient(), settings.stream(), fanOut).deregister(arn);
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    // ---------------------------------------------------------------- records to exchanges

    @Override
    public void shardStarted(ShardLane lane) {
        meters.shardStarted(lane);
    }

    @Override
    public void shardGone(ShardLane lane, boolean handedOver) {
        meters.shardGone(lane, handedOver);
    }

    @Override
    public void send(String shardId, List<ShardRecord> records, long millisBehindLatest, int attempt,
                     Consumer<Boolean> done) {
        ConsumerMeters counting = meters;
        counting.delivered(shardId, records.size(), attempt);
        CorruptAggregateException corrupt = records.get(0).corrupt();
        if (corrupt != null) {
            countOutcome(counting, shardId, records.size(), false);
            // it never reaches the route (there is nothing to hand over); it fails or is skipped like a failed exchange
            LOG.warn("Shard {}: record {} is a corrupt KPL aggregate ({}): {}", shardId,
                    records.get(0).sequenceNumber(),
                    settings.skipFailedRecords() ? "skipped, skipFailedRecords=true" : "not acknowledged, attempt "
                                                                                       + attempt,
                    corrupt.getMessage());
            done.accept(settings.skipFailedRecords());
            return;
        }
        Exchange exchange = createExchange(false);
        RecordExchanges.fill(exchange, settings.stream().id(), shardId, records, millisBehindLatest,
                settings.maxRecordsPerExchange() > 1);
        getAsyncProcessor().process(exchange, doneSync -> {
            boolean ok = !exchange.isFailed() && !exchange.isRollbackOnly();
            countOutcome(counting, shardId, records.size(), ok);
            if (!ok && settings.skipFailedRecords()) {
                Exception cause = exchange.getException();
                LOG.warn("Shard {}: skipping {} failed record(s) up to sequence {} (skipFailedRecords=true): {}",
                        shardId,
                        records.size(), records.get(records.size() - 1).sequenceNumber(),
                        cause == null ? "rolled back" : cause.toString());
                ok = true;
            }
            releaseExchange(exchange, false);
            done.accept(ok);
        });
    }

    /** A failed exchange: skipped under {@code skipFailedRecords}, else failed (delivered again). */
    private void countOutcome(ConsumerMeters counting, String shardId, int records, boolean ok) {
        if (!ok) {
            if (settings.skipFailedRecords()) {
                counting.skipped(shardId, records);
            } else {
                counting.failed(shardId, records);
            }
        }
    }

    // ---------------------------------------------------------------- observation (JMX, health)

    /** Per-shard snapshots; never calls AWS. */
    public List<ShardSnapshot> snapshots() {
        ConsumerWorkers current = workers;
        return current == null ? List.of() : current.snapshots();
    }

    @ManagedAttribute(description = "Stream name or ARN")
    public String getStreamName() {
        return settings.stream().id();
    }

    @ManagedAttribute(description = "Identity of this consumer in the checkpoint table")
    public String getWorkerId() {
        return settings.workerId();
    }

    @ManagedAttribute(description = "How shards are read: polling or enhancedFanOut")
    public String getReadMode() {
        return fanOut.enabled() ? "enhancedFanOut" : "polling";
    }

    @ManagedAttribute(description = "The stream consumer enhanced fan-out subscribes with (empty when polling)")
    public String getConsumerArn() {
        String arn = consumerArn;
        return arn == null ? "" : arn;
    }

    @ManagedAttribute(description = "Shards being read or finished by this consumer")
    public int getShardCount() {
        return snapshots().size();
    }

    @ManagedAttribute(description = "Records handed to the route and not yet behind a checkpoint, all shards")
    public int getRecordsInFlight() {
        return snapshots().stream().mapToInt(ShardSnapshot::recordsInFlight).sum();
    }

    @ManagedAttribute(description = "Highest millisBehindLatest over the shards (-1 before the first poll)")
    public long getMaxMillisBehindLatest() {
        return snapshots().stream().mapToLong(ShardSnapshot::millisBehindLatest).max().orElse(-1);
    }

    @ManagedOperation(description = "One line per shard: state, millisBehindLatest, last poll (or event), checkpoint,"
                                    + " in flight, subscription (enhanced fan-out)")
    public String shardStatus() {
        StringBuilder text = new StringBuilder();
        snapshots().forEach(s -> text.append(s.statusLine()).append('\n'));
        return text.toString();
    }
}
