package io.kinesisbatch.camel.metrics;

import java.util.List;
import java.util.function.Supplier;

import io.kinesisbatch.camel.consumer.ShardSnapshot;
import io.kinesisbatch.camel.producer.Accumulator;
import io.kinesisbatch.camel.producer.ProducerStats;
import org.apache.camel.CamelContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where the component's meters go: a Micrometer {@code MeterRegistry} bound in the Camel registry, or nowhere. This
 * interface names no Micrometer type, so the component runs unchanged without Micrometer on the classpath: the
 * Micrometer implementation is loaded by name, and only when Micrometer is there (see {@link #forContext}).
 * The meters are listed in docs/metrics.md ({@link MeterNames}).
 */
public interface ComponentMetrics {

    /** The class that marks Micrometer as present. */
    String MICROMETER_REGISTRY = "io.micrometer.core.instrument.MeterRegistry";
    /** The implementation over Micrometer; only ever loaded by name. */
    String MICROMETER_METRICS = "io.kinesisbatch.camel.metrics.MicrometerMetrics";

    /**
     * Meters of one producer pipeline, read from its counters and its buffer's snapshot (nothing is counted twice).
     *
     * @param endpoint the endpoint's URI with its secrets masked
     */
    ProducerMeters producer(String stream, String endpoint, ProducerStats stats,
                            Supplier<Accumulator.Snapshot> buffer);

    /**
     * Meters of one consumer; each shard gets its own from {@link ConsumerMeters#shardStarted} until
     * {@link ConsumerMeters#shardGone}.
     *
     * @param endpoint the endpoint's URI with its secrets masked
     * @param shards   the snapshots of the shards the consumer holds now
     */
    ConsumerMeters consumer(String stream, String endpoint, String route, Supplier<List<ShardSnapshot>> shards);

    /**
     * The metrics of {@code context}: Micrometer's when Micrometer is on the classpath and a {@code MeterRegistry} is
     * bound in the registry, else {@link NoMetrics} (which does nothing).
     */
    static ComponentMetrics forContext(CamelContext context) {
        ClassLoader loader = ComponentMetrics.class.getClassLoader();
        try {
            Class.forName(MICROMETER_REGISTRY, false, loader);
        } catch (ClassNotFoundException | LinkageError e) {
            return NoMetrics.INSTANCE;
        }
        try {
            Object metrics = Class.forName(MICROMETER_METRICS, true, loader)
                    .getMethod("forContext", CamelContext.class).invoke(null, context);
            return metrics != null ? (ComponentMetrics) metrics : NoMetrics.INSTANCE;
        } catch (ReflectiveOperationException | LinkageError | RuntimeException e) {
            Logger log = LoggerFactory.getLogger(ComponentMetrics.class);
            log.warn("kinesis-batch: Micrometer is on the classpath but its meters could not be set up; none are"
                     + " published: {}",
                    e.toString());
            return NoMetrics.INSTANCE;
        }
    }
}
