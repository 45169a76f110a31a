package io.kinesisbatch.itest.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

import org.apache.camel.AsyncProducer;
import org.apache.camel.CamelContext;
import org.apache.camel.Endpoint;
import org.apache.camel.impl.DefaultCamelContext;

/**
 * User messages per second through the {@link PerShardLimitKinesisServer} (4 shards, Kinesis' per-shard limits: 1,000
 * records/s and 1 MiB/s each), 100-byte messages over random keys, from our producer without and with
 * {@code aggregation=shard}. The server counts the user records inside each accepted aggregate, so the figures are
 * messages, not Kinesis records; the aggregated side runs with the per-shard limiter ({@code shardRateLimit}) off and
 * on. Each side of each round gets a fresh server; medians of the rounds. Never part of
 * the test run (docs/performance.md).
 * <p>
 * System properties: {@code bench.aggregation.seconds} (10), {@code bench.aggregation.settleSeconds} (3),
 * {@code bench.aggregation.repetitions} (3), {@code bench.payloadBytes} (100), {@code bench.maxInFlight} (16),
 * {@code bench.aggregation.output} (a file to write the table to).
 */
public final class AggregationBenchmark {

    private final int seconds;
    private final int settleSeconds;
    private final int maxInFlight;
    private final byte[] payload;

    AggregationBenchmark(int seconds, int settleSeconds, int maxInFlight, int payloadBytes) {
        this.seconds = seconds;
        this.settleSeconds = settleSeconds;
        this.maxInFlight = maxInFlight;
        this.payload = new byte[payloadBytes];
        Arrays.fill(payload, (byte) 'x');
    }

    public static void main(String[] args) throws Exception {
        int repetitions = Integer.getInteger("bench.aggregation.repetitions", 3);
        AggregationBenchmark bench = new AggregationBenchmark(Integer.getInteger("bench.aggregation.seconds", 10),
                Integer.getInteger("bench.aggregation.settleSeconds", 3), Integer.getInteger("bench.maxInFlight", 16),
                Integer.getInteger("bench.payloadBytes", 100));
        List<String> table = new ArrayList<>();
        table.add("| side (4 shards, " + bench.payload.length + "-byte messages, random keys) | messages/s"
                  + " | Kinesis records/s | share of the shards' byte capacity | share of their record capacity"
                  + " | entries throttled | exchanges failed (all rounds) |");
        table.add("|---|---|---|---|---|---|---|");
        for (String options : List.of("aggregation=none", "aggregation=shard&shardRateLimit=0", "aggregation=shard")) {
            List<Result> runs = new ArrayList<>();
            for (int i = 0; i < repetitions; i++) {
                runs.add(bench.run(options));
                System.out.printf(Locale.ROOT, "  %s rep %d: %s%n", options, i + 1, runs.get(i));
            }
            table.add(Result.median(runs).row("kinesis-batch, " + options.replace("&", ", ")));
        }
        String report = "Run " + Instant.now() + " on " + Runtime.getRuntime().availableProcessors() + " cores, Java "
                        + System.getProperty("java.version") + "; " + bench.seconds + " s measured after "
                        + bench.settleSeconds + " s, medians of " + repetitions + " rounds\n\n"
                        + String.join("\n", table) + "\n";
        System.out.println();
        System.out.println(report);
        String output = System.getProperty("bench.aggregation.output");
        if (output != null && !output.isBlank()) {
            Path path = Paths.get(output);
            Files.writeString(path, report);
            System.out.println("written to " + path.toAbsolutePath());
        }
    }

    /** Our endpoint fed by four callers of random-key messages, with the given options (aggregation mode...). */
    Result run(String options) throws Exception {
        int shards = ShardLimitBenchmark.SHARDS;
        try (PerShardLimitKinesisServer server = new PerShardLimitKinesisServer(shards, 4, System::nanoTime)) {
            CamelContext camel = new DefaultCamelContext();
            camel.start();
            try {
                Endpoint endpoint = camel.getEndpoint(BenchUris.kinesisBatch(ShardLimitBenchmark.STREAM,
                        server.endpoint(), "maxInFlight=" + maxInFlight + "&" + options));
                AsyncProducer producer = endpoint.createAsyncProducer();
                producer.start();
                List<TimedCallers> callers = new ArrayList<>();
                for (int s = 0; s < ShardLimitBenchmark.SOURCES; s++) {
                    callers.add(new TimedCallers(camel, producer, payload, null, "bench-caller-" + s).start());
                }
                try {
                    MeasuredSeconds measured = MeasuredSeconds.after(server, settleSeconds, seconds,
                            () -> callers.stream().mapToLong(TimedCallers::failed).sum());
                    long first = measured.first();
                    long last = measured.last();
                    long failed = measured.failedExchanges();
                    int windows = measured.windows();
                    long messages = 0;
                    long records = 0;
                    long bytes = 0;
                    long throttled = 0;
                    for (int s = 0; s < shards; s++) {
                        messages += server.acceptedMessages(s, first, last);
                        records += server.accepted(s, first, last);
                        bytes += server.acceptedBytes(s, first, last);
                        throttled += server.throttled(s, first, last);
                    }
                    return new Result(messages / (double) windows, records / (double) windows,
                            bytes / ((double) PerShardLimitKinesisServer.BYTES_PER_SECOND * windows * shards),
                            records / ((double) PerShardLimitKinesisServer.RECORDS_PER_SECOND * windows * shards),
                            throttled / (double) (throttled + records), failed);
                } finally {
                    for (TimedCallers c : callers) {
                        c.close();
                    }
                    producer.stop();
                }
            } finally {
                camel.stop();
            }
        }
    }

    /** One side's figures in one round. */
    record Result(double messagesPerSecond, double recordsPerSecond, double byteShare, double recordShare,
                  double throttledShare, long failedExchanges) {

        static Result median(List<Result> runs) {
            return new Result(Measurement.median(runs.stream().map(Result::messagesPerSecond).toList()),
                    Measurement.median(runs.stream().map(Result::recordsPerSecond).toList()),
                    Measurement.median(runs.stream().map(Result::byteShare).toList()),
                    Measurement.median(runs.stream().map(Result::recordShare).toList()),
                    Measurement.median(runs.stream().map(Result::throttledShare).toList()),
                    runs.stream().mapToLong(Result::failedExchanges).sum());
        }

        String row(String side) {
            return String.format(Locale.ROOT, "| %s | %,.0f | %,.0f | %.1f%% | %.1f%% | %.1f%% | %,d |", side,
                    messagesPerSecond, recordsPerSecond, 100 * byteShare, 100 * recordShare, 100 * throttledShare,
                    failedExchanges);
        }

        @Override
        public String toString() {
            return String.format(Locale.ROOT, "%.0f msg/s in %.0f records/s (%.1f%% of bytes, %.1f%% of records), "
                                              + "%.1f%% throttled, %d failed",
                    messagesPerSecond, recordsPerSecond,
                    100 * byteShare, 100 * recordShare, 100 * throttledShare, failedExchanges);
        }
    }
}
