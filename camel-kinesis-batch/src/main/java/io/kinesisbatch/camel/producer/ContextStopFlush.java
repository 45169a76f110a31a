package io.kinesisbatch.camel.producer;

import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

import org.apache.camel.CamelContext;
import org.apache.camel.spi.AsyncProcessorAwaitManager;
import org.apache.camel.support.LifecycleStrategySupport;
import org.apache.camel.support.PluginHelper;

/**
 * The pipeline's part in the Camel context's stop: registered with the context while the pipeline runs, it flushes
 * the pipeline as the very first step of the context's stop, while routes and templates still wait for their
 * exchanges (see docs/producer.md, Stopping). It owns its registration: {@link #unregister()} when the pipeline
 * closes.
 */
final class ContextStopFlush extends LifecycleStrategySupport {

    /** How long the context's stop waits for woken template callers to leave Camel's list of blocked callers. */
    private static final long CALLERS_WOKEN_MILLIS = 1000;

    private final CamelContext context;
    private final BatchPipeline pipeline;
    private final LongSupplier shutdownTimeoutMillis;

    private ContextStopFlush(CamelContext context, BatchPipeline pipeline, LongSupplier shutdownTimeoutMillis) {
        this.context = context;
        this.pipeline = pipeline;
        this.shutdownTimeoutMillis = shutdownTimeoutMillis;
    }

    /** Registers the flush with the context: it runs when the context starts stopping. */
    static ContextStopFlush register(CamelContext context, BatchPipeline pipeline, LongSupplier shutdownTimeoutMillis) {
        ContextStopFlush flush = new ContextStopFlush(context, pipeline, shutdownTimeoutMillis);
        context.addLifecycleStrategy(flush);
        return flush;
    }

    /** The pipeline closes: the context's stop no longer concerns it. */
    void unregister() {
        context.getLifecycleStrategies().remove(this);
    }

    /**
     * First thing when the Camel context stops (before routes stop): everything held goes now and is waited for, so
     * the callers of a {@code ProducerTemplate} waiting for their exchanges get their outcome before Camel interrupts
     * them (it does so right after the routes stop, before it stops the endpoints). Records are still taken: routes
     * finishing their in-flight exchanges send theirs, without waiting for {@code batchTimeout}.
     */
    @Override
    public void onContextStopping(CamelContext stopping) {
        try {
            pipeline.sendAllAndAwaitHeld(shutdownTimeoutMillis.getAsLong());
            awaitCallersWoken();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * A caller blocked in a template is woken by its exchange's callback, but leaves Camel's list of blocked callers
     * only once its thread runs again; Camel interrupts every caller still on that list when it stops (setting a
     * RejectedExecutionException on an exchange that did complete). So give the woken callers a moment to leave it:
     * at most {@link #CALLERS_WOKEN_MILLIS}, less as soon as nobody is blocked (callers blocked elsewhere in the
     * application only make this wait its bound).
     */
    private void awaitCallersWoken() throws InterruptedException {
        AsyncProcessorAwaitManager blocked = PluginHelper.getAsyncProcessorAwaitManager(context);
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(CALLERS_WOKEN_MILLIS);
        while (blocked.size() > 0 && System.nanoTime() - deadline < 0) {
            Thread.sleep(1);
        }
    }
}
