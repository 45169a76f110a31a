package io.kinesisbatch.camel.metrics;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import io.kinesisbatch.camel.consumer.ShardSnapshot;
import io.kinesisbatch.camel.producer.Accumulator;
import io.kinesisbatch.camel.producer.ProducerStats;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.FunctionTimer;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import org.apache.camel.CamelContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import static io.kinesisbatch.camel.metrics.MeterNames.*;

/**
 * The meters on a Micrometer {@link MeterRegistry}. Loaded by name by {@link ComponentMetrics#forContext} only when
 * Micrometer is on the classpath: no other class of the component refers to it. The producer's meters are functions
 * of the counters it keeps anyway ({@link ProducerStats}) and of its buffer's snapshot, so publishing them adds no
 * work on the send path.
 */
public final class MicrometerMetrics implements ComponentMetrics {

    private static final Logger LOG = LoggerFactory.getLogger(MicrometerMetrics.class);

    private final MeterRegistry registry;

    public MicrometerMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    /**
     * The metrics on the {@code MeterRegistry} bound in {@code context}'s registry, or null when none is. With several
     * (Spring Boot binds one per export backend besides its composite), the one composite among them.
     */
    public static ComponentMetrics forContext(CamelContext context) {
        Set<MeterRegistry> found = context.getRegistry().findByType(MeterRegistry.class);
        if (found.isEmpty()) {
            return null;
        }
        MeterRegistry chosen = found.size() == 1 ? found.iterator().next() : null;
        if (chosen == null) {
            List<MeterRegistry> composites = found.stream().filter(r -> r instanceof CompositeMeterRegistry).toList();
            if (composites.size() != 1) {
                LOG.warn("kinesis-batch: {} MeterRegistry beans and {} composite among them: no meters published;"
                         + " bind one MeterRegistry (or one CompositeMeterRegistry)",
                        found.size(), composites.size());
                return null;
            }
            chosen = composites.get(0);
        }
        return new MicrometerMetrics(chosen);
    }

    @Override
    public ProducerMeters producer(String stream, String endpoint, ProducerStats stats,
                                   Supplier<Accumulator.Snapshot> buffer) {
        Tags tags = Tags.of(TAG_STREAM, stream, TAG_ENDPOINT, endpoint);
        List<Meter> meters = new ArrayList<>();
        meters.add(counter(PRODUCER_RECORDS_SENT, tags, stats, ProducerStats::recordsSent,
                "Records Kinesis acknowledged"));
        meters.add(counter(PRODUCER_RECORDS_FAILED, tags, stats, ProducerStats::recordsFailed,
                "Records whose exchange failed after they were handed over"));
        meters.add(counter(PRODUCER_RECORDS_RETRIED, tags, stats, ProducerStats::recordsRetried,
                "Records sent again after a retryable failure, one per resend"));
        meters.add(counter(PRODUCER_RECORDS_THROTTLED, tags, stats, ProducerStats::recordsThrottled,
                "Records Kinesis throttled, retried or not"));
        meters.add(FunctionTimer.builder(PRODUCER_PUT_RECORDS, stats, ProducerStats::callsEnded,
                ProducerStats::callNanos, TimeUnit.NANOSECONDS).tags(tags)
                .description("PutRecords calls that ended (answered or failed) and the time they took")
                .register(registry));
        meters.add(Gauge.builder(PRODUCER_PUT_RECORDS_IN_FLIGHT, buffer, b -> b.get().callsInFlight()).tags(tags)
                .strongReference(true).description("PutRecords calls outstanding")
                .register(registry));
        meters.add(Gauge.builder(PRODUCER_BUFFERED_BYTES, buffer, b -> b.get().bufferedBytes()).tags(tags)
                .strongReference(true).baseUnit("bytes")
                .description("Bytes of records accepted and not yet acknowledged").register(registry));
        meters.add(Gauge.builder(PRODUCER_BUFFERED_RECORDS, buffer, b -> b.get().bufferedRecords()).tags(tags)
                .strongReference(true)
                .description("Records accepted and not yet acknowledged").register(registry));
        return () -> meters.forEach(registry::remove);
    }

    private FunctionCounter counter(String name, Tags tags, ProducerStats stats,
                                    java.util.function.ToLongFunction<ProducerStats> count, String description) {
        return FunctionCounter.builder(name, stats, s -> count.applyAsLong(s)).tags(tags)
                .description(description).register(registry);
    }

    @Override
    public ConsumerMeters consumer(String stream, String endpoint, String route,
                                   Supplier<List<ShardSnapshot>> shards) {
        return new MicrometerConsumerMeters(registry, Tags.of(TAG_STREAM, stream, TAG_ENDPOINT, endpoint, TAG_ROUTE,
                route == null ? "" : route), shards);
    }
}
