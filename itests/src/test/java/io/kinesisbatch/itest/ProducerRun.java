package io.kinesisbatch.itest;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import io.kinesisbatch.camel.KinesisBatchEndpoint;
import io.kinesisbatch.camel.KinesisBatchProducer;
import io.kinesisbatch.itest.support.AwsPeers;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.apache.camel.support.service.ServiceHelper;

/**
 * A Camel context with one kinesis-batch producer, driven through its asynchronous API so that many exchanges are in
 * flight at once (as with many concurrent routes), with access to the producer's JMX counters.
 */
final class ProducerRun implements AutoCloseable {

    static final Duration DEADLINE = Duration.ofSeconds(120);
    /** Exchange property: the thread the producer completed the exchange on. */
    static final String COMPLETION_THREAD = "completionThread";

    final DefaultCamelContext context = new DefaultCamelContext();
    final KinesisBatchProducer producer;

    /** A producer for the stream, reaching Kinesis through {@code endpoint} (null: the peers' own endpoint). */
    ProducerRun(String stream, String endpoint, String options) throws Exception {
        context.getShutdownStrategy().setTimeout(60);
        context.start();
        KinesisBatchEndpoint kb = context.getEndpoint(uri(stream, endpoint, options), KinesisBatchEndpoint.class);
        producer = (KinesisBatchProducer) kb.createProducer();
        ServiceHelper.startService(producer);
    }

    static String uri(String stream, String endpoint, String options) {
        AwsPeers peers = AwsPeers.get();
        if (endpoint == null) {
            return peers.uri(stream, options);
        }
        Map<String, String> connection = peers.connectionOptions();
        connection.put("uriEndpointOverride", URLEncoder.encode(endpoint, StandardCharsets.UTF_8));
        String query = connection.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                .collect(Collectors.joining("&"));
        return "kinesis-batch:" + stream + "?" + query + (options.isEmpty() ? "" : "&" + options);
    }

    /** Sends one exchange; the future completes (never exceptionally) when the producer completes the exchange. */
    CompletableFuture<Exchange> send(Object body, Map<String, Object> headers) {
        Exchange exchange = new DefaultExchange(context);
        exchange.getMessage().setBody(body);
        headers.forEach(exchange.getMessage()::setHeader);
        CompletableFuture<Exchange> done = new CompletableFuture<>();
        producer.process(exchange, sync -> {
            exchange.setProperty(COMPLETION_THREAD, Thread.currentThread().getName());
            done.complete(exchange);
        });
        return done;
    }

    static List<Exchange> awaitAll(List<CompletableFuture<Exchange>> futures) throws Exception {
        CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new)).get(DEADLINE.toSeconds(), TimeUnit.SECONDS);
        List<Exchange> out = new ArrayList<>();
        for (CompletableFuture<Exchange> f : futures) {
            out.add(f.get());
        }
        return out;
    }

    void stopProducer() {
        ServiceHelper.stopService(producer);
    }

    @Override
    public void close() {
        stopProducer();
        context.stop();
    }
}
