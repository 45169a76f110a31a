package io.kinesisbatch.itest.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;

import io.kinesisbatch.camel.KinesisBatchConfiguration;
import io.kinesisbatch.camel.aws.AwsClientFactory;
import io.kinesisbatch.itest.bench.ThreadCpu.Role;
import io.kinesisbatch.itest.support.DynamoDbLocalServer;
import software.amazon.awssdk.services.kinesis.KinesisAsyncClient;

/**
 * The consumer's own cost, on a {@link NullGetRecordsServer} (4 shards answering up to 10,000 ready-made records per
 * GetRecords at once): our consumer (one exchange per record, checkpoints in DynamoDB Local) against the raw loop of
 * {@link ConsumerBenchmark#readAll} (one thread per shard, paced like the consumer: at most one call per shard every
 * 200 ms, each record's data copied to a {@code byte[]}). Records/s (the pacing bounds both; target ≥ 0.9x) and client
 * CPU per 1,000 records, the endpoint's and DynamoDB Local's threads and JIT compilation left out: ≤ 1.2x of Camel's
 * floor (the raw loop routing a bare exchange per record) with one record per exchange, ≤ 1.2x of the raw loop with
 * List bodies. The raw loop alone is below what any Camel consumer with one exchange per record can reach.
 * Both sides are warmed up first, then measured interleaved.
 */
final class ConsumerCostBenchmark {

    private static final int SHARDS = 4;
    private static final String STREAM = "bench-null-get";

    private final int recordsPerShard;
    private final int repetitions;
    private final int warmups;
    private final int payloadBytes;
    private final int listSize;

    /** @param listSize maxRecordsPerExchange of a third side, List bodies (0 leaves it out) */
    ConsumerCostBenchmark(int records, int repetitions, int warmups, int payloadBytes, int listSize) {
        this.recordsPerShard = records / SHARDS;
        this.repetitions = repetitions;
        this.warmups = warmups;
        this.payloadBytes = payloadBytes;
        this.listSize = listSize;
    }

    /** One way of reading all the records, counting them through the span it is given. */
    @FunctionalInterface
    private interface Side {
        void read(RecordSpan span) throws Exception;
    }

    /** A side's runs: steady (first to last record) and whole (start-up and stop included). */
    private record Runs(String name, List<Measurement> steady, List<Measurement> whole) {
        Runs(String name) {
            this(name, new ArrayList<>(), new ArrayList<>());
        }

        double rate() {
            return Measurement.median(steady.stream().map(Measurement::recordsPerSecond).toList());
        }

        double cpu() {
            return Measurement.median(steady.stream().map(ConsumerCostBenchmark::clientCpu).toList());
        }

        double wholeCpu() {
            return Measurement.median(whole.stream().map(ConsumerCostBenchmark::clientCpu).toList());
        }

        void measure(long total, Side side) throws Exception {
            RecordSpan span = new RecordSpan(total);
            whole.add(Measurement.of(total, () -> side.read(span)));
            steady.add(span.steady());
            Measurement m = steady.get(steady.size() - 1);
            System.out.printf(Locale.ROOT,
                    "    %s: %.0f rec/s, %.2f ms CPU/1000 (kernel %.2f; whole run %.2f); by role: %s%n", name,
                    m.recordsPerSecond(), clientCpu(m), m.kernelMillisPer1000Records(),
                    clientCpu(whole.get(whole.size() - 1)), byRole(m));
        }
    }

    List<String> run() throws Exception {
        long total = (long) recordsPerShard * SHARDS;
        try (NullGetRecordsServer endpoint = new NullGetRecordsServer(SHARDS, recordsPerShard, payloadBytes);
                DynamoDbLocalServer dynamoDbLocal = DynamoDbLocalServer.start()) {
            KinesisBatchConfiguration config = BenchUris.configuration(endpoint.endpoint());
            try (AwsClientFactory clients = new AwsClientFactory(config)) {
                KinesisAsyncClient kinesis = clients.kinesis();
                String uri = BenchUris.kinesisBatch(STREAM, endpoint.endpoint(),
                        "dynamoDbUriEndpointOverride=" + dynamoDbLocal.endpoint());
                String listUri = uri + "&maxRecordsPerExchange=" + listSize;
                AtomicLong tables = new AtomicLong();
                Side rawSide = span -> ConsumerBenchmark.readAll(kinesis, STREAM, span, data -> {});
                Side floorSide = span -> ConsumerBenchmark.readAllThroughCamel(kinesis, STREAM, span);
                Side oursSide = span -> ConsumerBenchmark.consumeAll(
                        uri + "&checkpointTable=cost-" + tables.incrementAndGet(), span);
                Side listSide = span -> ConsumerBenchmark.consumeAll(
                        listUri + "&checkpointTable=cost-" + tables.incrementAndGet(), span);
                for (int i = 0; i < warmups; i++) {
                    System.out.println("  warm-up " + (i + 1) + " of " + warmups);
                    Runs warm = new Runs("warm-up");
                    warm.measure(total, rawSide);
                    warm.measure(total, floorSide);
                    warm.measure(total, oursSide);
                    if (listSize > 0) {
                        warm.measure(total, listSide);
                    }
                }
                Runs raw = new Runs("raw loop");
                Runs floor = new Runs("raw loop + a bare Camel exchange per record (Camel's floor)");
                Runs ours = new Runs("kinesis-batch, one record per exchange");
                Runs lists = new Runs("kinesis-batch, List bodies of " + listSize);
                for (int i = 0; i < repetitions; i++) {
                    System.out.println("  consumer cost repetition " + (i + 1) + " of " + repetitions);
                    raw.measure(total, rawSide);
                    floor.measure(total, floorSide);
                    ours.measure(total, oursSide);
                    if (listSize > 0) {
                        lists.measure(total, listSide);
                    }
                }
                List<String> rows = new ArrayList<>(List.of(String.format(Locale.ROOT,
                        "| consumer records/s on a null GetRecords endpoint (%,d records on %d shards, paced 200 ms per shard, checkpoints in DynamoDB Local; first to last record) | %.0f | %.0f | **%.2fx** | ≥ 0.9x |",
                        total, SHARDS, raw.rate(), ours.rate(), ours.rate() / raw.rate()),
                        String.format(Locale.ROOT,
                                "| consumer client CPU ms per 1,000 records (same runs, first to last record; endpoint, DynamoDB Local and JIT left out) | %.2f | %.2f | **%.2fx** | ≤ 1.2x as the issue set it; Camel's floor alone is above it (next row) |",
                                raw.cpu(), ours.cpu(), ours.cpu() / raw.cpu()),
                        String.format(Locale.ROOT,
                                "| raw loop + one bare Camel exchange per record, routed through direct: (records/s, then client CPU ms per 1,000 records; Camel's own floor) | %.0f / %.2f | %.0f / %.2f | %.2fx / %.2fx | (informative) |",
                                raw.rate(), raw.cpu(), floor.rate(), floor.cpu(), floor.rate() / raw.rate(),
                                floor.cpu() / raw.cpu()),
                        String.format(Locale.ROOT,
                                "| kinesis-batch, one record per exchange, against that floor (client CPU: the consumer's own cost) | %.2f | %.2f | **%.2fx** | ≤ 1.2x |",
                                floor.cpu(), ours.cpu(), ours.cpu() / floor.cpu())));
                if (listSize > 0) {
                    rows.add(String.format(Locale.ROOT,
                            "| the same with maxRecordsPerExchange=%d (List bodies; records/s, then client CPU ms per 1,000 records) | %.0f / %.2f | %.0f / %.2f | %.2fx / **%.2fx** | ≥ 0.9x / ≤ 1.2x |",
                            listSize, raw.rate(), raw.cpu(), lists.rate(), lists.cpu(), lists.rate() / raw.rate(),
                            lists.cpu() / raw.cpu()));
                }
                rows.add(String.format(Locale.ROOT,
                        "| whole runs, start-up and stop included (client CPU ms per 1,000 records: raw loop / floor / one per exchange / List bodies) | %.2f | %.2f / %.2f / %.2f | %.2fx / %.2fx / %.2fx | (informative) |",
                        raw.wholeCpu(), floor.wholeCpu(), ours.wholeCpu(), listSize > 0 ? lists.wholeCpu() : 0,
                        floor.wholeCpu() / raw.wholeCpu(), ours.wholeCpu() / raw.wholeCpu(),
                        listSize > 0 ? lists.wholeCpu() / raw.wholeCpu() : 0));
                return rows;
            }
        }
    }

    /** CPU per 1,000 records of everything but the endpoint and DynamoDB Local (JIT is out of cpuNanos already). */
    private static double clientCpu(Measurement m) {
        return m.cpuMillisPer1000Records() - m.roleMillisPer1000Records(Role.ENDPOINT)
               - m.roleMillisPer1000Records(Role.DYNAMODB_LOCAL);
    }

    private static String byRole(Measurement m) {
        StringBuilder text = new StringBuilder();
        for (Role role : Role.values()) {
            text.append(String.format(Locale.ROOT, "%s %.2f; ", role.name(), m.roleMillisPer1000Records(role)));
        }
        return text.toString();
    }
}
