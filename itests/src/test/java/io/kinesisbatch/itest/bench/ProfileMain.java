package io.kinesisbatch.itest.bench;

import java.util.Locale;

import io.kinesisbatch.camel.KinesisBatchEndpoint;
import org.apache.camel.AsyncProducer;
import org.apache.camel.CamelContext;
import org.apache.camel.Endpoint;
import org.apache.camel.impl.DefaultCamelContext;
import software.amazon.awssdk.services.kinesis.KinesisAsyncClient;

/**
 * Profiling run (never part of the test run): after the benchmark's warm-up of both sides, runs one side
 * ({@code raw} or {@code ours}) against the null endpoint for {@code seconds} while Linux {@code perf} samples the
 * process ({@code src/test/perf/profile.sh} starts it; see docs/performance.md). Each round prints its CPU per
 * 1,000 records.
 * <p>
 * Arguments: side, seconds, and the perf output file (omit it to run without perf).
 */
public final class ProfileMain {

    private ProfileMain() {}

    public static void main(String[] args) throws Exception {
        String side = args[0];
        int seconds = Integer.parseInt(args[1]);
        long records = 500_000;
        byte[] payload = new byte[100];
        java.util.Arrays.fill(payload, (byte) 'x');
        try (NullKinesisServer server = new NullKinesisServer(4)) {
            CamelContext camel = new DefaultCamelContext();
            camel.start();
            Endpoint endpoint = camel.getEndpoint(BenchUris.kinesisBatch(ProducerBenchmark.STREAM, server.endpoint(),
                    "maxInFlight=16"));
            AsyncProducer producer = endpoint.createAsyncProducer();
            producer.start();
            KinesisAsyncClient kinesis = ((KinesisBatchEndpoint) endpoint).getKinesisClient();
            for (int i = 0; i < 4; i++) {
                RawPutRecordsLoop.run(kinesis, ProducerBenchmark.STREAM, records, 500, 16, payload);
                AsyncCallers.run(camel, producer, records, 4, payload);
            }
            Process perf = null;
            if (args.length > 2) {
                perf = new ProcessBuilder("perf", "record", "-e", "cpu-clock", "-F", "1999", "-g", "-p",
                        String.valueOf(ProcessHandle.current().pid()), "-o", args[2], "--", "sleep",
                        String.valueOf(seconds)).inheritIO().start();
                Thread.sleep(300);
            }
            long end = System.nanoTime() + seconds * 1_000_000_000L;
            while (System.nanoTime() < end) {
                Measurement m = Measurement.of(records, () -> {
                    if (side.equals("raw")) {
                        RawPutRecordsLoop.run(kinesis, ProducerBenchmark.STREAM, records, 500, 16, payload);
                    } else {
                        AsyncCallers.run(camel, producer, records, 4, payload);
                    }
                });
                System.out.printf(Locale.ROOT, "%s %.0f rec/s %.2f cpu ms/1000%n", side, m.recordsPerSecond(),
                        m.cpuMillisPer1000Records());
            }
            if (perf != null) {
                perf.waitFor();
            }
            producer.stop();
            camel.stop();
        }
    }
}
