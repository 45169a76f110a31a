package io.kinesisbatch.itest.bench;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import software.amazon.awssdk.thirdparty.jackson.core.JsonFactory;
import software.amazon.awssdk.thirdparty.jackson.dataformat.cbor.CBORFactory;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;

/**
 * The HTTP side the benchmarks' in-process Kinesis endpoints share: a server on a free loopback port, run by daemon
 * threads of one name (so their CPU can be told apart from the client's), and what every request says about itself
 * (the operation from {@code X-Amz-Target}, CBOR or JSON from {@code Content-Type}).
 */
final class LoopbackServer implements AutoCloseable {

    private static final JsonFactory JSON = new JsonFactory();
    private static final CBORFactory CBOR = new CBORFactory();

    private final HttpServer server;
    private final ExecutorService executor;

    LoopbackServer(String threadName, int threads, HttpHandler handler) throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 256);
        executor = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, threadName);
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(executor);
        server.createContext("/", handler);
        server.start();
    }

    String endpoint() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** The Kinesis operation a request asks for ({@code PutRecords}, ...); empty when it names none. */
    static String operation(HttpExchange exchange) {
        String target = exchange.getRequestHeaders().getFirst("X-Amz-Target");
        return target == null ? "" : target.substring(target.indexOf('.') + 1);
    }

    /** Whether the request (and so its answer) is CBOR rather than JSON. */
    static boolean cbor(HttpExchange exchange) {
        String contentType = exchange.getRequestHeaders().getFirst("Content-Type");
        return contentType != null && contentType.contains("cbor");
    }

    /** The factory reading and writing bodies in the request's format. */
    static JsonFactory format(boolean cbor) {
        return cbor ? CBOR : JSON;
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
