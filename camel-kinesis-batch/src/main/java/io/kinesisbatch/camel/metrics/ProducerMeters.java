package io.kinesisbatch.camel.metrics;

/** The meters of one producer pipeline; {@link #close()} removes them from the registry. */
public interface ProducerMeters extends AutoCloseable {

    /** Removes this pipeline's meters (the pipeline stopped). */
    @Override
    void close();
}
