package io.kinesisbatch.itest.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.kinesisbatch.itest.support.FaultRule.Call;
import io.kinesisbatch.itest.support.FaultRule.Reply;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An HTTP/1.1 proxy on a free 127.0.0.1 port in front of kinesis-mock's plain port, injecting faults through a chain
 * of {@link FaultRule}s (see {@link Faults} for the ready-made ones). Point a client's endpoint override at
 * {@link #endpoint()}. Counts calls per operation, so tests can check how many PutRecords calls a producer made.
 * Works with the SDK over CBOR and JSON.
 */
public final class FaultInjectingProxy implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(FaultInjectingProxy.class);
    /** Hop-by-hop headers and those the JDK client sets itself. */
    private static final Set<String> NOT_FORWARDED = Set.of("host", "content-length", "connection", "expect", "upgrade",
            "transfer-encoding", "keep-alive", "te", "trailer", "proxy-connection", "date");

    private final URI upstream;
    private final HttpServer server;
    private final ExecutorService threads = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "fault-proxy");
        t.setDaemon(true);
        return t;
    });
    private final HttpClient client;
    private final List<FaultRule> rules = new CopyOnWriteArrayList<>();
    private final Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();

    private FaultInjectingProxy(URI upstream) throws IOException {
        this.upstream = upstream;
        this.client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).executor(threads)
                .connectTimeout(Duration.ofSeconds(10)).build();
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 200);
        server.createContext("/", this::serve);
        server.setExecutor(threads);
        server.start();
    }

    /** A proxy in front of the given plain-HTTP endpoint, e.g. {@code AwsPeers.get().kinesisEndpoint()}. */
    public static FaultInjectingProxy start(String upstreamEndpoint) throws IOException {
        return new FaultInjectingProxy(URI.create(upstreamEndpoint));
    }

    public String endpoint() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** Adds a rule at the end of the chain (rules added first see calls first). */
    public FaultInjectingProxy with(FaultRule rule) {
        rules.add(rule);
        return this;
    }

    public void clearRules() {
        rules.clear();
    }

    /** Calls received for an operation (e.g. {@code PutRecords}), faulty or not. */
    public int calls(String operation) {
        AtomicInteger n = calls.get(operation);
        return n == null ? 0 : n.get();
    }

    private void serve(HttpExchange exchange) throws IOException {
        try (exchange) {
            Call call = read(exchange);
            calls.computeIfAbsent(call.operation(), k -> new AtomicInteger()).incrementAndGet();
            Reply reply;
            try {
                reply = chain(0, call);
            } catch (Exception e) {
                LOG.warn("fault proxy: {} failed: {}", call.operation(), e.toString());
                reply = Reply.error(call, 500, "InternalFailure", "fault proxy: " + e);
            }
            reply.headers().forEach((name, values) -> {
                if (!NOT_FORWARDED.contains(name.toLowerCase())) {
                    exchange.getResponseHeaders().put(name, values);
                }
            });
            exchange.sendResponseHeaders(reply.status(), reply.body().length == 0 ? -1 : reply.body().length);
            if (reply.body().length > 0) {
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(reply.body());
                }
            }
        } catch (IOException e) {
            LOG.debug("fault proxy: client went away: {}", e.toString());
        }
    }

    private Reply chain(int index, Call call) throws Exception {
        if (index < rules.size()) {
            return rules.get(index).handle(call, next -> chain(index + 1, next));
        }
        return forward(call);
    }

    private static Call read(HttpExchange exchange) throws IOException {
        byte[] body;
        try (InputStream in = exchange.getRequestBody()) {
            body = in.readAllBytes();
        }
        Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        headers.putAll(exchange.getRequestHeaders());
        String target = exchange.getRequestHeaders().getFirst("X-Amz-Target");
        String operation = target == null ? "" : target.substring(target.indexOf('.') + 1);
        return new Call(exchange.getRequestMethod(), exchange.getRequestURI().toString(), headers, body, operation,
                AwsWireBody.isCbor(exchange.getRequestHeaders().getFirst("Content-Type")));
    }

    private Reply forward(Call call) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(upstream.resolve(call.path()))
                .timeout(Duration.ofMinutes(2))
                .method(call.method(), HttpRequest.BodyPublishers.ofByteArray(call.body()));
        call.headers().forEach((name, values) -> {
            if (!NOT_FORWARDED.contains(name.toLowerCase())) {
                values.forEach(v -> request.header(name, v));
            }
        });
        HttpResponse<byte[]> response = client.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        headers.putAll(response.headers().map());
        headers.remove(":status");
        return new Reply(response.statusCode(), headers, response.body());
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }
}
