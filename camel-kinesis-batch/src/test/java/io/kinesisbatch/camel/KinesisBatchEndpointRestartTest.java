package io.kinesisbatch.camel;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpServer;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.apache.camel.support.service.ServiceHelper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.kinesis.KinesisAsyncClient;
import software.amazon.awssdk.services.kinesis.model.KinesisException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * An endpoint that builds its own clients, stopped and used again: a producer started on it after its stop starts it
 * again, works, and the clients built for it are closed at the endpoint's next stop. The "AWS" here is a local HTTP
 * server denying every call, which an open client reaches. (Whether a closed client can still send depends on other
 * SDK clients of the JVM keeping Netty's shared event loop alive, so the endpoint is asked whether it still holds
 * the clients it built; closing them is AwsClientFactoryTest's.)
 */
class KinesisBatchEndpointRestartTest {

    private final AtomicInteger requests = new AtomicInteger();
    private HttpServer aws;
    private DefaultCamelContext context;

    @BeforeEach
    void start() throws Exception {
        aws = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        aws.createContext("/", exchange -> {
            requests.incrementAndGet();
            exchange.getRequestBody().readAllBytes();
            exchange.getResponseHeaders().add("x-amzn-ErrorType", "AccessDeniedException");
            exchange.getResponseHeaders().add("Content-Type", "application/x-amz-json-1.1");
            byte[] body = "{\"message\":\"denied by the test\"}".getBytes();
            exchange.sendResponseHeaders(400, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        aws.start();
        context = new DefaultCamelContext();
        context.getShutdownStrategy().setTimeout(5);
        context.start();
    }

    @AfterEach
    void stop() {
        context.stop();
        aws.stop(0);
    }

    private KinesisBatchEndpoint endpoint() {
        return context.getEndpoint("kinesis-batch:s?uriEndpointOverride=http://127.0.0.1:" + aws.getAddress().getPort()
                                   + "&region=eu-west-1&accessKey=AKID&secretKey=TOPSECRETVALUE&cborEnabled=false"
                                   + "&shardRateLimit=0&batchTimeout=0",
                KinesisBatchEndpoint.class);
    }

    /** Sends one record and returns the exchange once it completed: Kinesis (the test's server) denied it. */
    private Exchange sendThrough(KinesisBatchProducer producer) throws Exception {
        Exchange exchange = new DefaultExchange(context);
        exchange.getMessage().setBody("r");
        CompletableFuture<Exchange> done = new CompletableFuture<>();
        producer.process(exchange, sync -> done.complete(exchange));
        return done.get(20, TimeUnit.SECONDS);
    }

    private void assertOpen(KinesisAsyncClient client) {
        int before = requests.get();
        assertThatThrownBy(() -> client.describeStreamSummary(b -> b.streamName("s")).join())
                .hasCauseInstanceOf(KinesisException.class);
        assertThat(requests.get()).as("an open client reaches the server").isGreaterThan(before);
    }

    @Test
    void aProducerStartedOnAStoppedEndpointStartsItAgainAndItsClientsCloseAtTheNextStop() throws Exception {
        KinesisBatchEndpoint endpoint = endpoint();
        KinesisBatchProducer first = (KinesisBatchProducer) endpoint.createProducer();
        ServiceHelper.startService(first);
        KinesisAsyncClient firstClient = endpoint.getKinesisClient();
        assertThat(sendThrough(first).getException()).isInstanceOf(KinesisBatchRequestFailedException.class);
        ServiceHelper.stopService(first);
        ServiceHelper.stopService(endpoint); // e.g. context.removeEndpoint: the endpoint closes its clients
        assertThat(endpoint.holdsBuiltClients()).isFalse();

        // a template's producer, created on the endpoint it still holds
        KinesisBatchProducer later = (KinesisBatchProducer) endpoint.createProducer();
        ServiceHelper.startService(later);
        assertThat(endpoint.isStarted()).as("the producer started its endpoint again").isTrue();
        KinesisAsyncClient laterClient = endpoint.getKinesisClient();
        assertThat(laterClient).isNotSameAs(firstClient);
        assertOpen(laterClient);
        assertThat(sendThrough(later).getException()).as("the restarted endpoint's producer reaches Kinesis")
                .isInstanceOf(KinesisBatchRequestFailedException.class);
        ServiceHelper.stopService(later);

        ServiceHelper.stopService(endpoint); // its next stop
        assertThat(endpoint.holdsBuiltClients()).as("the clients built for the later producer were closed").isFalse();
    }

    /**
     * A template kept a producer of an endpoint removed from its context: the producer starts the endpoint again, and
     * since nothing else will ever stop it (the context no longer knows it), the producer's stop stops it and its
     * clients are closed.
     */
    @Test
    void aRemovedEndpointRestartedByAProducerIsStoppedWithIt() throws Exception {
        KinesisBatchEndpoint endpoint = endpoint();
        context.removeEndpoint(endpoint); // stops it
        assertThat(endpoint.isStarted()).isFalse();

        KinesisBatchProducer producer = (KinesisBatchProducer) endpoint.createProducer();
        ServiceHelper.startService(producer);
        assertThat(sendThrough(producer).getException()).isInstanceOf(KinesisBatchRequestFailedException.class);
        assertThat(endpoint.holdsBuiltClients()).isTrue();
        ServiceHelper.stopService(producer);

        assertThat(endpoint.isStarted()).as("stopped with its last producer").isFalse();
        assertThat(endpoint.holdsBuiltClients()).as("its clients closed").isFalse();
    }

    /** An endpoint its context knows stays started when its last producer stops: the context stops it. */
    @Test
    void aRegisteredEndpointOutlivesItsProducers() throws Exception {
        KinesisBatchEndpoint endpoint = endpoint();
        KinesisBatchProducer producer = (KinesisBatchProducer) endpoint.createProducer();
        ServiceHelper.startService(producer);
        sendThrough(producer);
        ServiceHelper.stopService(producer);
        assertThat(endpoint.isStarted()).isTrue();
        assertThat(endpoint.holdsBuiltClients()).isTrue();
        context.stop();
        assertThat(endpoint.holdsBuiltClients()).as("closed with the context").isFalse();
    }

    @Test
    void aStoppedEndpointRefusesToAttachAProducer() {
        KinesisBatchEndpoint endpoint = endpoint();
        ServiceHelper.stopService(endpoint);
        assertThatThrownBy(endpoint::attachProducer).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("endpoint for stream s is stopped")
                .hasMessageNotContaining("TOPSECRETVALUE");
    }
}
