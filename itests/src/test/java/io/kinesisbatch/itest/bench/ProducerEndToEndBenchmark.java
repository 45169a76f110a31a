package io.kinesisbatch.itest.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

import io.kinesisbatch.camel.aws.AwsClientFactory;
import io.kinesisbatch.itest.support.KinesisMockServer;
import org.apache.camel.AsyncProducer;
import org.apache.camel.CamelContext;
import org.apache.camel.Endpoint;
import org.apache.camel.impl.DefaultCamelContext;
import software.amazon.awssdk.services.kinesis.KinesisAsyncClient;

/**
 * The producer end to end: the same comparison as {@link ProducerBenchmark} (our endpoint fed by concurrent callers
 * against the raw SDK loop, same batch size and calls in flight), written to a real Kinesis implementation,
 * kinesis-mock, over HTTP on loopback. Here the emulator is the bottleneck for both sides, so the ratio tells whether
 * the component costs anything in a real write path, not how fast the client is.
 */
final class ProducerEndToEndBenchmark {

    private static final int SHARDS = 4;

    private final long records;
    private final int repetitions;
    private final int callers;
    private final int maxInFlight;
    private final byte[] payload;

    ProducerEndToEndBenchmark(long records, int repetitions, int callers, int maxInFlight, int payloadBytes) {
        this.records = records;
        this.repetitions = repetitions;
        this.callers = callers;
        this.maxInFlight = maxInFlight;
        this.payload = new byte[payloadBytes];
        Arrays.fill(payload, (byte) 'x');
    }

    List<String> run() throws Exception {
        CamelContext camel = new DefaultCamelContext();
        camel.start();
        try {
            List<Measurement> raw = new ArrayList<>();
            List<Measurement> ours = new ArrayList<>();
            // round -1 is the warm-up of both sides, not counted
            for (int i = -1; i < repetitions; i++) {
                // kinesis-mock slows down as it fills: each side of each round gets a fresh one, so both start
                // equal, and the side that goes first alternates (A B B A ...). It also stalls now and then past the
                // SDK's 10 s read timeout, even when empty: BenchmarkMain then reports this figure as not measured.
                Measurement r;
                Measurement o;
                if (i % 2 == 0) {
                    r = rawRun();
                    o = oursRun(camel);
                } else {
                    o = oursRun(camel);
                    r = rawRun();
                }
                if (i >= 0) {
                    raw.add(r);
                    ours.add(o);
                    System.out.printf(Locale.ROOT,
                            "  producer end to end rep %d: raw %.0f rec/s, kinesis-batch %.0f rec/s%n",
                            i + 1, r.recordsPerSecond(), o.recordsPerSecond());
                }
            }
            double r = Measurement.median(raw.stream().map(Measurement::recordsPerSecond).toList());
            double o = Measurement.median(ours.stream().map(Measurement::recordsPerSecond).toList());
            return List.of(String.format(Locale.ROOT,
                    "| producer records/s end to end (kinesis-mock, %d shards, %,d x %d-byte records, %d calls in flight) | %.0f | %.0f | **%.2fx** | (informative) |",
                    SHARDS, records, payload.length, maxInFlight, r, o, o / r));
        } finally {
            camel.stop();
        }
    }

    private Measurement rawRun() throws Exception {
        try (KinesisMockServer kinesisMock = KinesisMockServer.start();
                AwsClientFactory clients = new AwsClientFactory(BenchUris.configuration(kinesisMock.plainEndpoint()))) {
            KinesisAsyncClient kinesis = clients.kinesis();
            String stream = createStream(kinesis, "bench-raw", SHARDS);
            return Measurement.of(records,
                    () -> RawPutRecordsLoop.run(kinesis, stream, records, 500, maxInFlight, payload));
        }
    }

    private Measurement oursRun(CamelContext camel) throws Exception {
        try (KinesisMockServer kinesisMock = KinesisMockServer.start();
                AwsClientFactory clients = new AwsClientFactory(BenchUris.configuration(kinesisMock.plainEndpoint()))) {
            String stream = createStream(clients.kinesis(), "bench-ours", SHARDS);
            Endpoint endpoint = camel.getEndpoint(BenchUris.kinesisBatch(stream, kinesisMock.plainEndpoint(),
                    "maxInFlight=" + maxInFlight));
            AsyncProducer producer = endpoint.createAsyncProducer();
            producer.start(); // its DescribeStreamSummary is not measured
            try {
                return Measurement.of(records, () -> AsyncCallers.run(camel, producer, records, callers, payload));
            } finally {
                producer.stop();
                camel.removeEndpoint(endpoint); // its clients close with the kinesis-mock of this round
            }
        }
    }

    /** Creates a stream of {@code shards} shards and waits until it is ACTIVE; returns its name. */
    static String createStream(KinesisAsyncClient kinesis, String stream, int shards) throws InterruptedException {
        kinesis.createStream(b -> b.streamName(stream).shardCount(shards)).join();
        while (!"ACTIVE".equals(kinesis.describeStreamSummary(b -> b.streamName(stream)).join()
                .streamDescriptionSummary().streamStatusAsString())) {
            Thread.sleep(200);
        }
        return stream;
    }
}
