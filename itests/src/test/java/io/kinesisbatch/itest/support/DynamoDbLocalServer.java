package io.kinesisbatch.itest.support;

import com.amazonaws.services.dynamodbv2.local.main.ServerRunner;
import com.amazonaws.services.dynamodbv2.local.server.DynamoDBProxyServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * DynamoDB Local (Maven Central {@code com.amazonaws:DynamoDBLocal}, which unpacks its own sqlite4java native
 * library) as an in-memory HTTP server inside the test JVM on a free port: it goes when the JVM goes.
 */
public final class DynamoDbLocalServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(DynamoDbLocalServer.class);

    private final DynamoDBProxyServer server;
    private final int port;

    private DynamoDbLocalServer(DynamoDBProxyServer server, int port) {
        this.server = server;
        this.port = port;
    }

    public static DynamoDbLocalServer start() throws Exception {
        int port = FreePort.find();
        long started = System.nanoTime();
        DynamoDBProxyServer server = ServerRunner.createServerFromCommandLineArgs(
                new String[]{ "-inMemory", "-sharedDb", "-disableTelemetry", "-port", Integer.toString(port) });
        server.start();
        FreePort.awaitListening(port, java.time.Duration.ofSeconds(30), null);
        LOG.info("DynamoDB Local listening on port {} after {} ms", port, (System.nanoTime() - started) / 1_000_000);
        return new DynamoDbLocalServer(server, port);
    }

    public String endpoint() {
        return "http://127.0.0.1:" + port;
    }

    @Override
    public void close() {
        try {
            server.stop();
        } catch (Exception e) {
            LOG.warn("DynamoDB Local did not stop cleanly: {}", e.toString());
        }
    }
}
