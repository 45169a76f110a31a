package io.kinesisbatch.itest.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import io.kinesisbatch.camel.KinesisBatchEndpoint;
import io.kinesisbatch.itest.bench.ThreadCpu.Role;
import org.apache.camel.AsyncProducer;
import org.apache.camel.CamelContext;
import org.apache.camel.Endpoint;
import org.apache.camel.impl.DefaultCamelContext;
import software.amazon.awssdk.services.kinesis.KinesisAsyncClient;

/**
 * Producer throughput and CPU: our {@code kinesis-batch:} endpoint fed by concurrent callers against the raw SDK
 * loop ({@link RawPutRecordsLoop}) with the same batch size, calls in flight and the very client the endpoint built,
 * both writing to the in-process {@link NullKinesisServer}. Interleaved A B A B after a warm-up; medians. Two more
 * sides run in each round: the {@link CompletionFloorProducer}, and our endpoint fed the same records as List bodies
 * of {@link #LIST_RECORDS} (Camel's cost per exchange mostly out of the way).
 * <p>
 * The warm-up runs both sides, interleaved, until each has written {@code warmupRecords}: the JIT needs about two
 * million records to settle here, and its compiler threads count in process CPU, so a short warm-up charged
 * compilation to the measured runs (more of it to the side with more code).
 */
public final class ProducerBenchmark {

    static final String STREAM = "bench";

    /**
     * Records per exchange of the List-body side: the same records, a hundredth of the exchanges, so that side shows
     * the component's cost per record with Camel's cost per exchange mostly out of the way.
     */
    static final int LIST_RECORDS = 100;

    private final long records;
    private final long warmupRecords;
    private final int repetitions;
    private final int callers;
    private final int maxInFlight;
    private final byte[] payload;
    private final List<Measurement> raw = new ArrayList<>();
    private final List<Measurement> ours = new ArrayList<>();
    private final List<Measurement> floors = new ArrayList<>();
    private final List<Measurement> lists = new ArrayList<>();

    ProducerBenchmark(long records, long warmupRecords, int repetitions, int callers, int maxInFlight,
                      int payloadBytes) {
        this.records = records;
        this.warmupRecords = warmupRecords;
        this.repetitions = repetitions;
        this.callers = callers;
        this.maxInFlight = maxInFlight;
        this.payload = new byte[payloadBytes];
        java.util.Arrays.fill(payload, (byte) 'x');
    }

    /** Returns the Markdown rows of the result table; {@link #breakdown()} then holds the CPU by thread. */
    List<String> run() throws Exception {
        try (NullKinesisServer server = new NullKinesisServer(4)) {
            CamelContext camel = new DefaultCamelContext();
            camel.start();
            try {
                Endpoint endpoint = camel.getEndpoint(BenchUris.kinesisBatch(STREAM, server.endpoint(),
                        "maxInFlight=" + maxInFlight));
                AsyncProducer producer = endpoint.createAsyncProducer();
                producer.start();
                AsyncProducer floor = new CompletionFloorProducer(endpoint);
                floor.start();
                // the baseline calls the very client the endpoint built (same HTTP client and connection pool)
                KinesisAsyncClient kinesis = ((KinesisBatchEndpoint) endpoint).getKinesisClient();

                // warm-up, not counted
                for (long warm = 0; warm < Math.max(records, warmupRecords); warm += records) {
                    rawRun(kinesis);
                    oursRun(camel, producer);
                    oursRun(camel, floor);
                    listsRun(camel, producer);
                }
                for (int i = 0; i < repetitions; i++) {
                    raw.add(Measurement.of(records, () -> rawRun(kinesis)));
                    ours.add(Measurement.of(records, () -> oursRun(camel, producer)));
                    floors.add(Measurement.of(records, () -> oursRun(camel, floor)));
                    lists.add(Measurement.of(records, () -> listsRun(camel, producer)));
                    System.out.printf(
                            Locale.ROOT, "  producer rep %d: raw %.0f rec/s %.2f cpu ms/1000, kinesis-batch %.0f rec/s"
                                         + " %.2f cpu ms/1000 (%.2fx, %.2fx), completion floor %.2f cpu ms/1000,"
                                         + " List bodies %.2f cpu ms/1000 (%.2fx)%n",
                            i + 1,
                            raw.get(i).recordsPerSecond(), raw.get(i).cpuMillisPer1000Records(),
                            ours.get(i).recordsPerSecond(), ours.get(i).cpuMillisPer1000Records(),
                            ours.get(i).recordsPerSecond() / raw.get(i).recordsPerSecond(),
                            ours.get(i).cpuMillisPer1000Records() / raw.get(i).cpuMillisPer1000Records(),
                            floors.get(i).cpuMillisPer1000Records(), lists.get(i).cpuMillisPer1000Records(),
                            lists.get(i).cpuMillisPer1000Records() / raw.get(i).cpuMillisPer1000Records());
                }
                floor.stop();
                producer.stop();
                return rows();
            } finally {
                camel.stop();
            }
        }
    }

    private void rawRun(KinesisAsyncClient kinesis) throws Exception {
        RawPutRecordsLoop.run(kinesis, STREAM, records, 500, maxInFlight, payload);
    }

    private void oursRun(CamelContext camel, AsyncProducer producer) throws Exception {
        AsyncCallers.run(camel, producer, records, callers, payload);
    }

    private void listsRun(CamelContext camel, AsyncProducer producer) throws Exception {
        AsyncCallers.run(camel, producer, records, callers, payload, LIST_RECORDS);
    }

    private static double medianCpu(List<Measurement> runs) {
        return Measurement.median(runs.stream().map(Measurement::cpuMillisPer1000Records).toList());
    }

    private static double medianRole(List<Measurement> runs, Role role) {
        return Measurement.median(runs.stream().map(m -> m.roleMillisPer1000Records(role)).toList());
    }

    private List<String> rows() {
        double rawRate = Measurement.median(raw.stream().map(Measurement::recordsPerSecond).toList());
        double ourRate = Measurement.median(ours.stream().map(Measurement::recordsPerSecond).toList());
        double rawCpu = medianCpu(raw);
        double ourCpu = medianCpu(ours);
        double floorCpu = medianCpu(floors);
        double listCpu = medianCpu(lists);
        return List.of(
                String.format(Locale.ROOT,
                        "| producer records/s (null endpoint, %d-byte records, %d callers) | %.0f | %.0f | **%.2fx** | ≥ 0.95x |",
                        payload.length, callers, rawRate, ourRate, ourRate / rawRate),
                String.format(Locale.ROOT,
                        "| producer CPU ms per 1,000 records (JIT compilation left out) | %.2f | %.2f | **%.2fx** | ≤ 1.1x |",
                        rawCpu, ourCpu, ourCpu / rawCpu),
                String.format(Locale.ROOT,
                        "| of which completing Camel exchanges off the caller's thread (a producer doing only that) | – | %.2f | %.2fx | (informative) |",
                        floorCpu, floorCpu / rawCpu),
                String.format(Locale.ROOT, "| producer CPU above that floor | %.2f | %.2f | %.2fx | (informative) |",
                        rawCpu, ourCpu - floorCpu, (ourCpu - floorCpu) / rawCpu),
                String.format(Locale.ROOT,
                        "| producer CPU ms per 1,000 records, %d records per exchange (List bodies) | %.2f | %.2f | %.2fx | (informative) |",
                        LIST_RECORDS, rawCpu, listCpu, listCpu / rawCpu));
    }

    /** CPU by thread role, ms per 1,000 records (medians), as Markdown rows; empty where /proc is not readable. */
    List<String> breakdown() {
        List<String> lines = new ArrayList<>();
        if (raw.isEmpty() || raw.get(0).byRole().isEmpty()) {
            return lines;
        }
        lines.add(
                "| producer CPU by thread, ms per 1,000 records | baseline | kinesis-batch | completion floor | List bodies |");
        lines.add("|---|---|---|---|---|");
        for (Role role : Role.values()) {
            lines.add(String.format(Locale.ROOT, "| %s | %.2f | %.2f | %.2f | %.2f |", role.label,
                    medianRole(raw, role), medianRole(ours, role), medianRole(floors, role), medianRole(lists, role)));
        }
        return lines;
    }
}
