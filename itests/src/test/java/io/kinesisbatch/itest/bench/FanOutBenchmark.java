package io.kinesisbatch.itest.bench;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;

import io.kinesisbatch.camel.KinesisBatchConfiguration;
import io.kinesisbatch.camel.KinesisBatchConsumer;
import io.kinesisbatch.camel.aws.AwsClientFactory;
import io.kinesisbatch.itest.support.DynamoDbLocalServer;
import io.kinesisbatch.itest.support.KinesisMockServer;
import org.apache.camel.CamelContext;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kinesis.KinesisAsyncClient;
import software.amazon.awssdk.services.kinesis.model.PutRecordsRequestEntry;

/**
 * Polling against enhanced fan-out on one kinesis-mock, in one run (docs/performance.md, "Enhanced fan-out"):
 * <ul>
 * <li>propagation latency: the three consumers read one stream at the same time (polling with the default
 * {@code pollDelay=1s}, polling with {@code pollDelay=200ms}, enhanced fan-out) while a writer puts
 * {@code bench.fanOut.rate} records per second, each carrying the nanoTime it was sent at; each route notes the time
 * from the send to its own exchange;</li>
 * <li>records/s: each side reads the same pre-filled stream from its start alone, start-up (and, for fan-out, the
 * registration of its consumer) included; sides alternate, medians of the rounds.</li>
 * </ul>
 */
public final class FanOutBenchmark {

    private static final int SHARDS = 4;
    private static final Map<String, String> SIDES = new LinkedHashMap<>();

    static {
        SIDES.put("polling, pollDelay=1s (default)", "readMode=polling");
        SIDES.put("polling, pollDelay=200ms", "readMode=polling&pollDelay=200ms");
        SIDES.put("enhanced fan-out", "readMode=enhancedFanOut&deregisterConsumerOnStop=true");
    }

    public static void main(String[] args) throws Exception {
        int seconds = Integer.getInteger("bench.fanOut.seconds", 30);
        int rate = Integer.getInteger("bench.fanOut.rate", 20);
        int records = Integer.getInteger("bench.fanOut.records", 20_000);
        int repetitions = Integer.getInteger("bench.fanOut.repetitions", 3);
        List<String> table = new ArrayList<>();
        try (KinesisMockServer kinesisMock = KinesisMockServer.start();
                DynamoDbLocalServer dynamoDb = DynamoDbLocalServer.start()) {
            KinesisBatchConfiguration config = BenchUris.configuration(kinesisMock.plainEndpoint());
            try (AwsClientFactory clients = new AwsClientFactory(config)) {
                KinesisAsyncClient kinesis = clients.kinesis();
                String base = BenchUris.kinesisBatch("%s", kinesisMock.plainEndpoint(),
                        "dynamoDbUriEndpointOverride=" + dynamoDb.endpoint());
                Map<String, List<Long>> latencies = latency(kinesis, base, seconds, rate);
                Map<String, Double> throughput = throughput(kinesis, base, records, repetitions);
                table.add("| side (kinesis-mock, " + SHARDS + " shards, 16-byte records) | latency p50 ms | p90 ms"
                          + " | p99 ms | max ms | records/s reading " + String.format(Locale.ROOT, "%,d", records)
                          + " records |");
                table.add("|---|---|---|---|---|---|");
                for (String side : SIDES.keySet()) {
                    List<Long> l = latencies.get(side);
                    table.add(String.format(Locale.ROOT, "| %s | %d | %d | %d | %d | %.0f |", side, pct(l, 50),
                            pct(l, 90), pct(l, 99), l.get(l.size() - 1), throughput.get(side)));
                }
            }
        }
        String report = "Run " + Instant.now() + " on " + Runtime.getRuntime().availableProcessors() + " cores, Java "
                        + System.getProperty("java.version") + "; latency: " + rate + " records/s for " + seconds
                        + " s read by all three sides at once; records/s: medians of " + repetitions
                        + " rounds, each side alone\n\n" + String.join("\n", table) + "\n";
        System.out.println();
        System.out.println(report);
        String output = System.getProperty("bench.fanOut.output");
        if (output != null && !output.isBlank()) {
            Path path = Paths.get(output);
            Files.writeString(path, report);
            System.out.println("written to " + path.toAbsolutePath());
        }
    }

    /** The sorted write-to-route latencies (ms) of each side, all reading one stream at once. */
    private static Map<String, List<Long>> latency(KinesisAsyncClient kinesis, String base, int seconds, int rate)
            throws Exception {
        String stream = ProducerEndToEndBenchmark.createStream(kinesis, "bench-latency", SHARDS);
        Map<String, ConcurrentLinkedQueue<Long>> seen = new LinkedHashMap<>();
        List<CamelContext> contexts = new ArrayList<>();
        int n = 0;
        for (Map.Entry<String, String> side : SIDES.entrySet()) {
            ConcurrentLinkedQueue<Long> queue = new ConcurrentLinkedQueue<>();
            seen.put(side.getKey(), queue);
            contexts.add(start(String.format(base, stream) + "&iteratorType=LATEST&checkpointTable=bench-latency-"
                               + n++ + "&" + side.getValue(),
                    body -> queue.add(
                            (System.nanoTime() - ByteBuffer.wrap(body).getLong()) / 1_000_000)));
        }
        try {
            for (CamelContext context : contexts) {
                awaitReading(context);
            }
            Thread.sleep(3000); // every side past its first poll or event
            long total = (long) seconds * rate;
            long start = System.nanoTime();
            for (long i = 0; i < total; i++) {
                long due = start + i * 1_000_000_000L / rate;
                long wait = due - System.nanoTime();
                if (wait > 0) {
                    Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                }
                ByteBuffer data = ByteBuffer.allocate(16).putLong(System.nanoTime()).putLong(i);
                kinesis.putRecords(b -> b.streamName(stream).records(PutRecordsRequestEntry.builder()
                        .partitionKey(Long.toString(System.nanoTime())).data(SdkBytes.fromByteArray(data.array()))
                        .build()));
            }
            long deadline = System.nanoTime() + 60_000_000_000L;
            while (seen.values().stream().anyMatch(q -> q.size() < total) && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
        } finally {
            contexts.forEach(CamelContext::stop);
        }
        Map<String, List<Long>> sorted = new LinkedHashMap<>();
        seen.forEach((side, q) -> sorted.put(side, q.stream().sorted().toList()));
        sorted.forEach((side, l) -> System.out.printf(Locale.ROOT, "  latency %s: %d records, p50 %d ms%n", side,
                l.size(), pct(l, 50)));
        return sorted;
    }

    /** Records per second of each side reading a pre-filled stream from its start, alone. */
    private static Map<String, Double> throughput(KinesisAsyncClient kinesis, String base, int records,
                                                  int repetitions)
            throws Exception {
        String stream = ProducerEndToEndBenchmark.createStream(kinesis, "bench-throughput", SHARDS);
        for (int sent = 0; sent < records; sent += 500) {
            List<PutRecordsRequestEntry> entries = new ArrayList<>();
            for (int i = sent; i < Math.min(records, sent + 500); i++) {
                entries.add(PutRecordsRequestEntry.builder().partitionKey(Integer.toString(i))
                        .data(SdkBytes.fromByteArray(new byte[16])).build());
            }
            kinesis.putRecords(b -> b.streamName(stream).records(entries)).join();
        }
        Map<String, List<Double>> runs = new LinkedHashMap<>();
        int n = 0;
        for (int round = 0; round < repetitions; round++) {
            for (Map.Entry<String, String> side : SIDES.entrySet()) {
                String uri = String.format(base, stream) + "&checkpointTable=bench-throughput-" + n++ + "&"
                             + side.getValue();
                double perSecond = Measurement.of(records, () -> ConsumerBenchmark.consumeAll(uri, records))
                        .recordsPerSecond();
                runs.computeIfAbsent(side.getKey(), k -> new ArrayList<>()).add(perSecond);
                System.out.printf(Locale.ROOT, "  records/s round %d, %s: %.0f%n", round + 1, side.getKey(),
                        perSecond);
            }
        }
        Map<String, Double> medians = new LinkedHashMap<>();
        runs.forEach((side, values) -> medians.put(side, Measurement.median(values)));
        return medians;
    }

    private static CamelContext start(String uri, java.util.function.Consumer<byte[]> route) throws Exception {
        CamelContext camel = new DefaultCamelContext();
        camel.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from(uri).routeId("read").process(e -> route.accept(e.getMessage().getBody(byte[].class)));
            }
        });
        camel.start();
        return camel;
    }

    private static void awaitReading(CamelContext camel) throws InterruptedException {
        KinesisBatchConsumer consumer = (KinesisBatchConsumer) camel.getRoute("read").getConsumer();
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (consumer.snapshots().size() < SHARDS
               || !consumer.snapshots().stream().allMatch(s -> "READING".equals(s.state()))) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("not all shards reading: " + consumer.shardStatus());
            }
            Thread.sleep(50);
        }
    }

    private static long pct(List<Long> sorted, int percent) {
        if (sorted.isEmpty()) {
            return -1;
        }
        return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(sorted.size() * percent / 100.0) - 1));
    }

    private FanOutBenchmark() {}

}
