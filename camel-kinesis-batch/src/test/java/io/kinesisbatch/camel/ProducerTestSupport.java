package io.kinesisbatch.camel;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.apache.camel.support.service.ServiceHelper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

import static org.assertj.core.api.Assertions.assertThat;

/** A real Camel context with a {@link FakeKinesis} bound as {@code fake}; producers driven through their async API. */
abstract class ProducerTestSupport {

    protected DefaultCamelContext context;
    protected FakeKinesis kinesis;
    protected KinesisBatchProducer producer;

    @BeforeEach
    void startContext() throws Exception {
        context = new DefaultCamelContext();
        kinesis = new FakeKinesis();
        context.getRegistry().bind("fake", kinesis);
        context.getShutdownStrategy().setTimeout(5);
        context.start();
    }

    @AfterEach
    void stopContext() {
        kinesis.release();
        if (producer != null) {
            ServiceHelper.stopService(producer);
        }
        context.stop();
        kinesis.close();
    }

    protected KinesisBatchProducer start(String options) throws Exception {
        return start("test-stream", options);
    }

    protected KinesisBatchProducer start(String stream, String options) throws Exception {
        KinesisBatchEndpoint endpoint = context.getEndpoint(
                "kinesis-batch:" + stream + "?kinesisClient=#fake" + (options.isEmpty() ? "" : "&" + options),
                KinesisBatchEndpoint.class);
        producer = (KinesisBatchProducer) endpoint.createProducer();
        ServiceHelper.startService(producer);
        return producer;
    }

    /** A sent exchange, completed when its callback ran; counts callbacks to catch double completion. */
    protected static final class Sent {
        final Exchange exchange;
        final CompletableFuture<Exchange> done = new CompletableFuture<>();
        final AtomicInteger callbacks = new AtomicInteger();
        volatile boolean completedSynchronously;
        volatile String completionThread;

        Sent(Exchange exchange) {
            this.exchange = exchange;
        }

        Exchange await() {
            try {
                return done.get(20, TimeUnit.SECONDS);
            } catch (Exception e) {
                throw new AssertionError("exchange did not complete", e);
            }
        }
    }

    protected Sent send(Object body) {
        return send(body, Map.of());
    }

    protected Sent send(Object body, Map<String, Object> headers) {
        Exchange exchange = new DefaultExchange(context);
        exchange.getMessage().setBody(body);
        headers.forEach(exchange.getMessage()::setHeader);
        Sent sent = new Sent(exchange);
        boolean sync = producer.process(exchange, doneSync -> {
            sent.callbacks.incrementAndGet();
            sent.completionThread = Thread.currentThread().getName();
            sent.completedSynchronously = doneSync;
            sent.done.complete(exchange);
        });
        assertThat(sync).isEqualTo(sent.done.isDone() && sent.completedSynchronously);
        return sent;
    }

    protected static List<Exchange> awaitAll(List<Sent> sent) {
        List<Exchange> out = new ArrayList<>();
        for (Sent s : sent) {
            out.add(s.await());
        }
        return out;
    }
}
