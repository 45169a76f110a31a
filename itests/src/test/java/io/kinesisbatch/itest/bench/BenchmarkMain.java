package io.kinesisbatch.itest.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Runs the benchmarks and prints a Markdown table of ratios (ours / baseline, measured in the same process,
 * interleaved). Never part of the test run: {@code ./mvnw -B -ntp -Pbench verify} (see docs/performance.md).
 * <p>
 * System properties: {@code bench.records} (default 500000), {@code bench.warmupRecords} (2000000, per side),
 * {@code bench.repetitions} (5), {@code bench.producerRepetitions} (11: the null-endpoint rounds are short and their
 * CPU ratio moves by ±15% from one to the next), {@code bench.callers} (4),
 * {@code bench.maxInFlight} (16), {@code bench.payloadBytes} (100), {@code bench.memoryMessages} (1000000),
 * {@code bench.maxBufferedBytes} (64 MiB), {@code bench.consumerRecords} (20000; 0 skips the consumer benchmark),
 * {@code bench.consumerCostRecords} (1000000 on a null GetRecords endpoint; 0 skips it),
 * {@code bench.consumerCostWarmups} (3 runs per side before measuring),
 * {@code bench.consumerCostListSize} (100: maxRecordsPerExchange of the cost benchmark's List side; 0 skips it),
 * {@code bench.e2eRecords} (20000 records written to kinesis-mock by each side; 0 skips it), {@code bench.e2eMaxInFlight}
 * (4), {@code bench.output} (a file to write the table to).
 */
public final class BenchmarkMain {

    private BenchmarkMain() {}

    public static void main(String[] args) throws Exception {
        long records = Long.getLong("bench.records", 500_000);
        long warmupRecords = Long.getLong("bench.warmupRecords", 2_000_000);
        int repetitions = Integer.getInteger("bench.repetitions", 5);
        int producerRepetitions = Integer.getInteger("bench.producerRepetitions", 11);
        int callers = Integer.getInteger("bench.callers", 4);
        int maxInFlight = Integer.getInteger("bench.maxInFlight", 16);
        int payloadBytes = Integer.getInteger("bench.payloadBytes", 100);

        List<String> table = new ArrayList<>();
        table.add("| measure | baseline | kinesis-batch | ratio | target |");
        table.add("|---|---|---|---|---|");
        List<String> breakdown = new ArrayList<>();
        if (producerRepetitions > 0) {
            System.out.println("producer: " + records + " records x " + producerRepetitions + " repetitions");
            ProducerBenchmark producer = new ProducerBenchmark(records, warmupRecords, producerRepetitions, callers,
                    maxInFlight, payloadBytes);
            table.addAll(producer.run());
            breakdown.addAll(producer.breakdown());
        }

        long e2eRecords = Long.getLong("bench.e2eRecords", 20_000);
        if (e2eRecords > 0) {
            System.out.println("producer end to end: " + e2eRecords + " records x " + Math.max(1, repetitions)
                               + " repetitions on kinesis-mock");
            int e2eMaxInFlight = Integer.getInteger("bench.e2eMaxInFlight", 4);
            try {
                table.addAll(new ProducerEndToEndBenchmark(e2eRecords, Math.max(1, repetitions), callers,
                        e2eMaxInFlight, payloadBytes).run());
            } catch (Exception e) {
                // kinesis-mock now and then answers a call after the SDK's 10 s read timeout; the figure is
                // informative, so a run that hit that is reported and the other benchmarks still run
                e.printStackTrace();
                table.add(String.format(Locale.ROOT,
                        "| producer records/s end to end (kinesis-mock, %,d records, %d calls in flight) | – | – | not measured: %s | (informative) |",
                        e2eRecords, e2eMaxInFlight, rootMessage(e).replace('|', '/')));
            }
        }

        int consumerRecords = Integer.getInteger("bench.consumerRecords", 20_000);
        if (consumerRecords > 0) {
            System.out.println(
                    "consumer: " + consumerRecords + " records x " + Math.max(1, repetitions) + " repetitions");
            table.addAll(new ConsumerBenchmark(consumerRecords, Math.max(1, repetitions), payloadBytes).run());
        }

        int costRecords = Integer.getInteger("bench.consumerCostRecords", 1_000_000);
        if (costRecords > 0) {
            int warmups = Integer.getInteger("bench.consumerCostWarmups", 3);
            System.out.println("consumer cost: " + costRecords + " records x " + Math.max(1, repetitions)
                               + " repetitions on a null GetRecords endpoint, after " + warmups
                               + " warm-up runs per side");
            int listSize = Integer.getInteger("bench.consumerCostListSize", 100);
            table.addAll(
                    new ConsumerCostBenchmark(costRecords, Math.max(1, repetitions), warmups, payloadBytes, listSize)
                            .run());
        }

        long burst = Long.getLong("bench.memoryMessages", 1_000_000);
        long bound = Long.getLong("bench.maxBufferedBytes", 64L * 1024 * 1024);
        if (burst > 0) {
            System.out.println("memory: " + burst + " messages into a stalled endpoint");
            table.addAll(new MemoryBenchmark(burst, bound, payloadBytes).run());
        }

        String machine = Runtime.getRuntime().availableProcessors() + " cores, Java "
                         + System.getProperty("java.version")
                         + ", max heap " + Runtime.getRuntime().maxMemory() / (1024 * 1024) + " MiB";
        String report = "Run " + Instant.now() + " on " + machine + "\n\n" + String.join("\n", table) + "\n"
                        + (breakdown.isEmpty() ? "" : "\n" + String.join("\n", breakdown) + "\n");
        System.out.println();
        System.out.println(report);
        String output = System.getProperty("bench.output");
        if (output != null && !output.isBlank()) {
            Path path = Paths.get(output);
            Files.writeString(path, report);
            System.out.println("written to " + path.toAbsolutePath());
        }
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null) {
            root = root.getCause();
        }
        String message = root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
        return message.length() > 120 ? message.substring(0, 120) + "..." : message;
    }
}
