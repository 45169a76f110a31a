package io.kinesisbatch.itest.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.LongSupplier;

import io.kinesisbatch.camel.KinesisBatchEndpoint;
import io.kinesisbatch.camel.producer.RecordReader;
import org.apache.camel.AsyncProducer;
import org.apache.camel.CamelContext;
import org.apache.camel.Endpoint;
import org.apache.camel.impl.DefaultCamelContext;

/**
 * How much of a stream's write capacity a producer gets, and how many of its entries are throttled, on the
 * {@link PerShardLimitKinesisServer} (4 shards, Kinesis' per-shard limits), for the raw SDK loop
 * ({@link RawRetryingLoop}) and our producer with and without its per-shard limits (and two of ours sharing the
 * stream), with 100-byte messages: over random keys, and with a hot key taking half
 * of the traffic (two of the four sources send every message with one key). Each side of each round gets a fresh
 * server, feeds it for a settling time, then the server's counts are read over the measured time. Medians of the
 * rounds. Never part of the test run: {@code ./mvnw -B -ntp -Pbench verify -DskipTests} (docs/performance.md).
 * <p>
 * System properties: {@code bench.shardLimit.seconds} (measured seconds per side and round, 10),
 * {@code bench.shardLimit.settleSeconds} (3), {@code bench.shardLimit.repetitions} (3), {@code bench.payloadBytes}
 * (100), {@code bench.maxInFlight} (16), {@code bench.shardLimit.output} (a file to write the table to).
 */
public final class ShardLimitBenchmark {

    static final String STREAM = "bench";
    static final int SHARDS = 4;
    static final int SOURCES = 4;
    static final String HOT_KEY = "hot";

    private final int seconds;
    private final int settleSeconds;
    private final int maxInFlight;
    private final byte[] payload;

    ShardLimitBenchmark(int seconds, int settleSeconds, int maxInFlight, int payloadBytes) {
        this.seconds = seconds;
        this.settleSeconds = settleSeconds;
        this.maxInFlight = maxInFlight;
        this.payload = new byte[payloadBytes];
        Arrays.fill(payload, (byte) 'x');
    }

    public static void main(String[] args) throws Exception {
        int repetitions = Integer.getInteger("bench.shardLimit.repetitions", 3);
        ShardLimitBenchmark bench = new ShardLimitBenchmark(Integer.getInteger("bench.shardLimit.seconds", 10),
                Integer.getInteger("bench.shardLimit.settleSeconds", 3), Integer.getInteger("bench.maxInFlight", 16),
                Integer.getInteger("bench.payloadBytes", 100));
        List<String> table = new ArrayList<>();
        table.add("| scenario (4 shards, " + bench.payload.length
                  + "-byte messages) | side | messages/s | share of capacity"
                  + " | hot shard's share of its capacity | other shards' share of theirs | entries throttled | exchanges failed (all rounds) |");
        table.add("|---|---|---|---|---|---|---|---|");
        for (boolean hot : new boolean[]{ false, true }) {
            List<Result> raw = new ArrayList<>();
            List<Result> off = new ArrayList<>();
            List<Result> ours = new ArrayList<>();
            for (int i = 0; i < repetitions; i++) {
                raw.add(bench.rawRun(hot));
                off.add(bench.oursRun(hot, "shardRateLimit=0", 1));
                ours.add(bench.oursRun(hot, "", 1));
                System.out.printf(Locale.ROOT, "  %s rep %d: raw %s; shardRateLimit=0 %s; default %s%n",
                        hot ? "hot key" : "random keys", i + 1, raw.get(i), off.get(i), ours.get(i));
            }
            String scenario = hot ? "hot key: half the messages on one key" : "random keys";
            table.add(Result.median(raw).row(scenario, "raw SDK loop (failed entries resent at once)"));
            table.add(Result.median(off).row(scenario, "kinesis-batch, shardRateLimit=0 (no limiter)"));
            table.add(Result.median(ours).row(scenario, "kinesis-batch, shardRateLimit=100 (default)"));
        }
        List<Result> shared = new ArrayList<>();
        for (int i = 0; i < repetitions; i++) {
            shared.add(bench.oursRun(false, "", 2));
            System.out.printf(Locale.ROOT, "  two producers rep %d: %s%n", i + 1, shared.get(i));
        }
        table.add(Result.median(shared).row("two producers, random keys",
                "two kinesis-batch endpoints (own contexts), shardRateLimit=100"));
        String report = "Run " + Instant.now() + " on " + Runtime.getRuntime().availableProcessors() + " cores, Java "
                        + System.getProperty("java.version") + "; " + bench.seconds + " s measured after "
                        + bench.settleSeconds + " s, medians of " + repetitions + " rounds\n\n"
                        + String.join("\n", table) + "\n";
        System.out.println();
        System.out.println(report);
        String output = System.getProperty("bench.shardLimit.output");
        if (output != null && !output.isBlank()) {
            Path path = Paths.get(output);
            Files.writeString(path, report);
            System.out.println("written to " + path.toAbsolutePath());
        }
    }

    /** Four raw loops, each with a quarter of the calls in flight; with {@code hot}, two of them send one key. */
    Result rawRun(boolean hot) throws Exception {
        try (PerShardLimitKinesisServer server = new PerShardLimitKinesisServer(SHARDS, 4, System::nanoTime)) {
            CamelContext camel = new DefaultCamelContext();
            camel.start();
            try {
                // the endpoint's own client, as in the producer benchmark: same HTTP client, retries and protocol
                KinesisBatchEndpoint endpoint = (KinesisBatchEndpoint) camel.getEndpoint(
                        BenchUris.kinesisBatch(STREAM, server.endpoint(), ""));
                endpoint.start();
                List<RawRetryingLoop> loops = new ArrayList<>();
                for (int s = 0; s < SOURCES; s++) {
                    boolean hotSource = hot && s < SOURCES / 2;
                    loops.add(
                            new RawRetryingLoop(endpoint.getKinesisClient(), STREAM, Math.max(1, maxInFlight / SOURCES),
                                    payload, hotSource ? () -> HOT_KEY : RecordReader::randomKey, "bench-raw-" + s)
                                    .start());
                }
                try {
                    return measure(server, hot, () -> 0L);
                } finally {
                    for (RawRetryingLoop loop : loops) {
                        loop.close();
                    }
                }
            } finally {
                camel.stop();
            }
        }
    }

    /**
     * Our endpoint ({@code maxInFlight} and {@code options}) fed by four callers; with {@code hot}, two of them send
     * one key. With {@code producers} 2, two endpoints in Camel contexts of their own (two applications writing one
     * stream), two callers each.
     */
    Result oursRun(boolean hot, String options, int producers) throws Exception {
        try (PerShardLimitKinesisServer server = new PerShardLimitKinesisServer(SHARDS, 4, System::nanoTime)) {
            List<CamelContext> camels = new ArrayList<>();
            List<AsyncProducer> producersStarted = new ArrayList<>();
            List<TimedCallers> callers = new ArrayList<>();
            try {
                for (int p = 0; p < producers; p++) {
                    CamelContext camel = new DefaultCamelContext();
                    camels.add(camel);
                    camel.start();
                    Endpoint endpoint = camel.getEndpoint(BenchUris.kinesisBatch(STREAM, server.endpoint(),
                            "maxInFlight=" + maxInFlight + (options.isEmpty() ? "" : "&" + options)));
                    AsyncProducer producer = endpoint.createAsyncProducer();
                    producer.start();
                    producersStarted.add(producer);
                    for (int s = p; s < SOURCES; s += producers) {
                        boolean hotSource = hot && s < SOURCES / 2;
                        callers.add(new TimedCallers(camel, producer, payload, hotSource ? HOT_KEY : null,
                                "bench-caller-" + s).start());
                    }
                }
                return measure(server, hot, () -> callers.stream().mapToLong(TimedCallers::failed).sum());
            } finally {
                for (TimedCallers c : callers) {
                    c.close();
                }
                for (AsyncProducer producer : producersStarted) {
                    producer.stop();
                }
                for (CamelContext camel : camels) {
                    camel.stop();
                }
            }
        }
    }

    /** Sums the server's counts over the whole one-second windows inside the measured time ({@link MeasuredSeconds}). */
    private Result measure(PerShardLimitKinesisServer server, boolean hot, LongSupplier failed)
            throws InterruptedException {
        MeasuredSeconds measured = MeasuredSeconds.after(server, settleSeconds, seconds, failed);
        long firstSecond = measured.first();
        long lastSecond = measured.last();
        long failedExchanges = measured.failedExchanges();
        int windows = measured.windows();
        int hotShard = hot ? server.shardOfPartitionKey(HOT_KEY) : -1;
        long total = 0;
        long throttled = 0;
        long hotAccepted = 0;
        for (int s = 0; s < SHARDS; s++) {
            long a = server.accepted(s, firstSecond, lastSecond);
            total += a;
            throttled += server.throttled(s, firstSecond, lastSecond);
            if (s == hotShard) {
                hotAccepted = a;
            }
        }
        double capacityPerShard = PerShardLimitKinesisServer.RECORDS_PER_SECOND * (double) windows;
        return new Result(total / (double) windows, total / (capacityPerShard * SHARDS),
                hot ? hotAccepted / capacityPerShard : Double.NaN,
                hot ? (total - hotAccepted) / (capacityPerShard * (SHARDS - 1)) : total / (capacityPerShard * SHARDS),
                throttled / (double) (throttled + total), failedExchanges);
    }

    /** One side's figures in one round. */
    record Result(double messagesPerSecond, double shareOfCapacity, double hotShardShare, double otherShardsShare,
                  double throttledShare, long failedExchanges) {

        static Result median(List<Result> runs) {
            return new Result(Measurement.median(runs.stream().map(Result::messagesPerSecond).toList()),
                    Measurement.median(runs.stream().map(Result::shareOfCapacity).toList()),
                    Measurement.median(runs.stream().map(Result::hotShardShare).toList()),
                    Measurement.median(runs.stream().map(Result::otherShardsShare).toList()),
                    Measurement.median(runs.stream().map(Result::throttledShare).toList()),
                    runs.stream().mapToLong(Result::failedExchanges).sum());
        }

        String row(String scenario, String side) {
            return String.format(Locale.ROOT, "| %s | %s | %,.0f | %.1f%% | %s | %.1f%% | %.1f%% | %,d |", scenario,
                    side,
                    messagesPerSecond, 100 * shareOfCapacity,
                    Double.isNaN(hotShardShare) ? "–" : String.format(Locale.ROOT, "%.1f%%", 100 * hotShardShare),
                    100 * otherShardsShare, 100 * throttledShare, failedExchanges);
        }

        @Override
        public String toString() {
            return String.format(Locale.ROOT,
                    "%.0f msg/s (%.1f%% of capacity, hot %.1f%%, others %.1f%%), %.1f%% throttled,"
                                              + " %d failed",
                    messagesPerSecond, 100 * shareOfCapacity,
                    100 * hotShardShare, 100 * otherShardsShare, 100 * throttledShare, failedExchanges);
        }
    }
}
