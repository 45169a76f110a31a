package io.kinesisbatch.camel;

import java.time.Duration;
import java.util.List;

import io.kinesisbatch.camel.checkpoint.CheckpointStore;
import io.kinesisbatch.camel.consumer.ConsumerSettings;
import io.kinesisbatch.camel.consumer.RecordSink;
import io.kinesisbatch.camel.consumer.ShardSnapshot;
import io.kinesisbatch.camel.consumer.ShardSupervisor;
import io.kinesisbatch.camel.lease.LeaseTable;
import org.apache.camel.spi.ExecutorServiceManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The shard reading behind one start of a {@link KinesisBatchConsumer}: the {@link ShardSupervisor} and its pools,
 * and the order a stop goes in: suspend, give the exchanges in flight their time, write the final checkpoints and
 * release the leases, shut the pools down. The Camel consumer keeps the route's side (exchanges, its life cycle, JMX)
 * and the enhanced fan-out stream consumer (resolved before the start, deregistered after the stop when asked).
 */
final class ConsumerWorkers {

    private static final Logger LOG = LoggerFactory.getLogger(KinesisBatchConsumer.class);
    private static final Duration FINAL_CHECKPOINT_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration IDLE_ANSWER = Duration.ofMillis(500);

    private final ConsumerSettings settings;
    private final ShardSupervisor supervisor;
    private final ExecutorServiceManager pools;

    private ConsumerWorkers(ConsumerSettings settings, ShardSupervisor supervisor, ExecutorServiceManager pools) {
        this.settings = settings;
        this.supervisor = supervisor;
        this.pools = pools;
    }

    /**
     * Starts the supervisor on pools {@code owner} owns and runs the first rebalance: polling, or enhanced fan-out
     * with {@code consumerArn} when it is not null. Blocks; on a failure the leases taken so far are given back and
     * the pools shut down.
     */
    static ConsumerWorkers start(KinesisBatchEndpoint endpoint, Object owner, ConsumerSettings settings,
                                 String consumerArn, CheckpointStore store, LeaseTable leases, RecordSink sink)
            throws Exception {
        ShardSupervisor starting;
        if (consumerArn != null) {
            starting = new ShardSupervisor(endpoint.getKinesisClient(), store, leases, settings, sink,
                    endpoint.getKinesisFanOutClient(), consumerArn);
        } else {
            starting = new ShardSupervisor(endpoint.getKinesisClient(), store, leases, settings, sink);
        }
        ExecutorServiceManager pools = endpoint.getCamelContext().getExecutorServiceManager();
        try {
            starting.start((suffix, threads) -> pools.newScheduledThreadPool(owner,
                    "KinesisBatchConsumer[" + settings.stream() + "]" + suffix, threads));
        } catch (Exception e) {
            starting.finish(Duration.ofSeconds(5)); // leases taken before the failure are given back
            starting.executors().forEach(pools::shutdownNow);
            throw e;
        }
        LOG.info("Consuming {} as worker {}{}", settings.stream(), settings.workerId(),
                consumerArn != null ? " with enhanced fan-out (stream consumer " + consumerArn + ")" : "");
        return new ConsumerWorkers(settings, starting, pools);
    }

    void suspend() {
        supervisor.suspend();
    }

    void resume() {
        supervisor.resume();
    }

    List<ShardSnapshot> snapshots() {
        return supervisor.snapshots();
    }

    /**
     * Stops for good: suspends, waits up to {@code drain} for the exchanges in flight, writes the final checkpoints,
     * releases the leases and shuts the pools down.
     */
    void stop(Duration drain) {
        supervisor.suspend();
        // Camel interrupts its shutdown thread when the graceful timeout passes, and may stop us on that very
        // thread: the final checkpoints must still go out (the SDK fails calls made from an interrupted thread)
        boolean interrupted = Thread.interrupted();
        try {
            boolean idle;
            try {
                // the lanes answer through their loops: even when Camel already waited, give them a moment to say so
                idle = supervisor.awaitIdle(interrupted ? Duration.ZERO : drain.compareTo(IDLE_ANSWER) < 0
                        ? IDLE_ANSWER : drain);
            } catch (InterruptedException e) {
                idle = false; // stop waiting, still write what completed
                interrupted = true;
            }
            if (!idle) {
                LOG.warn("Stopping {} with exchanges still in flight: their records are read again after a restart",
                        settings.stream());
            }
            supervisor.finish(FINAL_CHECKPOINT_TIMEOUT);
        } finally {
            supervisor.executors().forEach(pools::shutdownNow);
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
