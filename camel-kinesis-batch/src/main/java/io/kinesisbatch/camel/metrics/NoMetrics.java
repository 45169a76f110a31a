package io.kinesisbatch.camel.metrics;

import java.util.List;
import java.util.function.Supplier;

import io.kinesisbatch.camel.consumer.ShardLane;
import io.kinesisbatch.camel.consumer.ShardSnapshot;
import io.kinesisbatch.camel.producer.Accumulator;
import io.kinesisbatch.camel.producer.ProducerStats;

/** No registry (or no Micrometer): nothing is published, nothing is counted. */
public enum NoMetrics implements ComponentMetrics, ProducerMeters, ConsumerMeters {
    INSTANCE;

    @Override
    public ProducerMeters producer(String stream, String endpoint, ProducerStats stats,
                                   Supplier<Accumulator.Snapshot> buffer) {
        return this;
    }

    @Override
    public ConsumerMeters consumer(String stream, String endpoint, String route,
                                   Supplier<List<ShardSnapshot>> shards) {
        return this;
    }

    @Override
    public void shardStarted(ShardLane lane) {}

    @Override
    public void shardGone(ShardLane lane, boolean handedOver) {}

    @Override
    public void delivered(String shardId, int records, int attempt) {}

    @Override
    public void failed(String shardId, int records) {}

    @Override
    public void skipped(String shardId, int records) {}

    @Override
    public void close() {}
}
