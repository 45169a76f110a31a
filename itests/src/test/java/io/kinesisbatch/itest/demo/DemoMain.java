package io.kinesisbatch.itest.demo;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;

import io.kinesisbatch.camel.checkpoint.CheckpointAttributes;
import io.kinesisbatch.itest.support.DynamoDbLocalServer;
import io.kinesisbatch.itest.support.KinesisMockServer;
import org.apache.camel.AsyncProducer;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.health.HealthCheckHelper;
import org.apache.camel.health.HealthCheckRepository;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The one-command demo (README): a 4-shard stream, a producer route writing orders through the batching producer,
 * and two consumer "instances" (two CamelContexts) sharing one checkpoint table. Progress every second, a summary at
 * the end. Emulators by default; {@code -Ddemo.endpoint=...} (LocalStack) or {@code -Ddemo.region=...} alone (real
 * AWS, default credentials) to run elsewhere.
 */
public final class DemoMain {

    private final DemoSettings settings;
    private final AtomicLong acked = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final Map<String, AtomicLong> consumedBy = new ConcurrentHashMap<>();
    private final Set<String> distinct = ConcurrentHashMap.newKeySet();

    private DemoMain(DemoSettings settings) {
        this.settings = settings;
    }

    public static void main(String[] args) throws Exception {
        DemoSettings settings = DemoSettings.fromSystemProperties();
        List<AutoCloseable> servers = new ArrayList<>();
        try {
            if (settings.startEmulators()) {
                say("starting kinesis-mock and DynamoDB Local on loopback ...");
                KinesisMockServer kinesis = KinesisMockServer.start();
                servers.add(kinesis);
                DynamoDbLocalServer dynamoDb = DynamoDbLocalServer.start();
                servers.add(dynamoDb);
                settings = settings.withEmulators(kinesis.plainEndpoint(), dynamoDb.endpoint());
            }
            new DemoMain(settings).run();
        } finally {
            for (AutoCloseable server : servers) {
                server.close();
            }
        }
        System.exit(0);
    }

    private void run() throws Exception {
        DemoStream stream = new DemoStream(settings);
        say("creating stream %s with %d shards in %s ...", settings.stream(), settings.shards(), settings.target());
        stream.create();

        CamelContext producerSide = new DefaultCamelContext();
        CamelContext consumer1 = consumerContext("consumer-1");
        CamelContext consumer2 = consumerContext("consumer-2");
        producerSide.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:orders").routeId("producer")
                        .to(uri(settings.stream(), "partitionKey=" + enc("${header.orderId}")));
            }
        });
        long start = System.nanoTime();
        producerSide.start();
        consumer1.start();
        consumer2.start();
        say("producer route and two consumer routes started; writing %d orders ...", settings.records());

        Thread feeder = new Thread(() -> feed(producerSide), "demo-feeder");
        feeder.start();
        long deadline = System.nanoTime() + settings.timeout().toNanos();
        while (distinct.size() < settings.records() && System.nanoTime() < deadline) {
            Thread.sleep(1000);
            say("written %,d/%,d (failed %d) | PutRecords calls %,d | consumed: consumer-1 %,d, consumer-2 %,d | distinct %,d",
                    acked.get(), settings.records(), failed.get(), putRecordsCalls(producerSide),
                    count("consumer-1"), count("consumer-2"), distinct.size());
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        feeder.join();
        long calls = putRecordsCalls(producerSide);
        Map<String, String> owners = new java.util.TreeMap<>();
        stream.checkpointRows()
                .forEach(row -> owners.put(s(row, CheckpointAttributes.SHARD_ID), s(row, CheckpointAttributes.OWNER)));
        // let the consumers write their final checkpoints: stop them gracefully (which also gives the shards back)
        consumer1.stop();
        consumer2.stop();
        producerSide.stop();
        summary(stream, owners, calls, seconds);
        if (distinct.size() < settings.records()) {
            throw new IllegalStateException(
                    "demo timed out: " + distinct.size() + " of " + settings.records() + " consumed");
        }
    }

    private CamelContext consumerContext(String workerId) throws Exception {
        CamelContext context = new DefaultCamelContext();
        // the two instances share the shards through leases in one table: no shard list, no coordination here
        String options = "checkpointTable=" + settings.checkpointTable() + "&workerId=" + workerId
                         + "&checkpointInterval=1s&rebalanceInterval=1s&leaseDuration=6s";
        consumedBy.put(workerId, new AtomicLong());
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from(uri(settings.stream(), options)).routeId(workerId)
                        .process(e -> {
                            consumedBy.get(workerId).incrementAndGet();
                            distinct.add(e.getMessage().getBody(String.class));
                        });
            }
        });
        return context;
    }

    /** Feeds the producer route asynchronously, with a bounded number of exchanges outstanding. */
    private void feed(CamelContext context) {
        try {
            AsyncProducer direct = context.getEndpoint("direct:orders").createAsyncProducer();
            direct.start();
            Semaphore window = new Semaphore(2_000);
            for (int i = 1; i <= settings.records(); i++) {
                window.acquire();
                Exchange exchange = new DefaultExchange(context);
                exchange.getMessage().setHeader("orderId", "order-" + (i % 500));
                exchange.getMessage().setBody("{\"order\":" + i + ",\"amount\":" + (i * 7 % 1000) + "}");
                direct.process(exchange, doneSync -> {
                    (exchange.getException() == null ? acked : failed).incrementAndGet();
                    window.release();
                });
            }
            window.acquire(2_000);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private void summary(DemoStream stream, Map<String, String> owners, long calls, double seconds) {
        long consumed = count("consumer-1") + count("consumer-2");
        System.out.println();
        System.out.println("==================== summary ====================");
        System.out.printf(Locale.ROOT, "records sent (acknowledged)   %,d (failed %d)%n", acked.get(), failed.get());
        System.out.printf(Locale.ROOT, "PutRecords calls              %,d (%.0f records per call)%n", calls,
                acked.get() / (double) Math.max(1, calls));
        System.out.printf(Locale.ROOT,
                "records consumed              %,d (consumer-1 %,d, consumer-2 %,d; %,d distinct, %,d redelivered)%n",
                consumed, count("consumer-1"), count("consumer-2"), distinct.size(), consumed - distinct.size());
        System.out.printf(Locale.ROOT, "end-to-end throughput         %,.0f records/s over %.1f s%n",
                distinct.size() / seconds, seconds);
        System.out.println("checkpoint table " + settings.checkpointTable() + ":");
        System.out.printf(Locale.ROOT, "  %-22s %-12s %s%n", "shard", "owner", "final checkpoint (sequence number)");
        for (Map<String, AttributeValue> row : stream.checkpointRows()) {
            String shard = s(row, CheckpointAttributes.SHARD_ID);
            System.out.printf(Locale.ROOT, "  %-22s %-12s %s%n", shard, owners.getOrDefault(shard, "-"),
                    s(row, CheckpointAttributes.SEQUENCE));
        }
        System.out.println("  (owner while running; a graceful stop gives every shard back for the next instance)");
        System.out.println("=================================================");
    }

    private static String s(Map<String, AttributeValue> row, String name) {
        AttributeValue v = row.get(name);
        return v == null ? "-" : v.s() != null ? v.s() : v.n() != null ? v.n() : String.valueOf(v.bool());
    }

    private long count(String workerId) {
        return consumedBy.get(workerId).get();
    }

    private String uri(String stream, String options) {
        return "kinesis-batch:" + stream + "?" + settings.connectionOptions()
               + (options.isEmpty() ? "" : "&" + options);
    }

    /** The producer's counters, read the way operators read them: from its health check's details. */
    private static long putRecordsCalls(CamelContext context) {
        HealthCheckRepository producers = HealthCheckHelper.getHealthCheckRepository(context, "producers");
        if (producers == null) {
            return 0;
        }
        producers.setEnabled(true);
        return producers.stream()
                .filter(check -> check.getId().startsWith("producer:kinesis-batch"))
                .map(check -> check.call().getDetails().get("putRecordsCalls"))
                .filter(Number.class::isInstance)
                .mapToLong(v -> ((Number) v).longValue())
                .sum();
    }

    static String enc(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    static void say(String format, Object... args) {
        System.out.printf(Locale.ROOT, "[demo] " + format + "%n", args);
    }
}
