package io.kinesisbatch.itest.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongConsumer;

import io.kinesisbatch.camel.KinesisBatchConfiguration;
import io.kinesisbatch.camel.aws.AwsClientFactory;
import io.kinesisbatch.itest.support.DynamoDbLocalServer;
import io.kinesisbatch.itest.support.KinesisMockServer;
import org.apache.camel.CamelContext;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kinesis.KinesisAsyncClient;
import software.amazon.awssdk.services.kinesis.model.GetRecordsResponse;
import software.amazon.awssdk.services.kinesis.model.PutRecordsRequestEntry;
import software.amazon.awssdk.services.kinesis.model.Shard;
import software.amazon.awssdk.services.kinesis.model.ShardIteratorType;

/**
 * Consumer throughput over the same pre-filled kinesis-mock stream: our consumer (checkpointing in DynamoDB Local,
 * one exchange per record) against a raw GetRecords loop (one thread per shard, the same 200 ms minimum between calls
 * of a shard that Kinesis enforces, no checkpoints). Each run reads the whole stream from its start.
 */
public final class ConsumerBenchmark {

    private static final int SHARDS = 4;

    private final int requested;
    private int records;
    private final int repetitions;
    private final int payloadBytes;

    ConsumerBenchmark(int records, int repetitions, int payloadBytes) {
        this.requested = records;
        this.records = records;
        this.repetitions = repetitions;
        this.payloadBytes = payloadBytes;
    }

    List<String> run() throws Exception {
        try (KinesisMockServer kinesisMock = KinesisMockServer.start();
                DynamoDbLocalServer dynamoDbLocal = DynamoDbLocalServer.start()) {
            KinesisBatchConfiguration config = BenchUris.configuration(kinesisMock.plainEndpoint());
            config.setDynamoDbUriEndpointOverride(dynamoDbLocal.endpoint());
            try (AwsClientFactory clients = new AwsClientFactory(config)) {
                KinesisAsyncClient kinesis = clients.kinesis();
                String stream = "bench-consumer";
                prefill(kinesis, stream);
                // the SDK's own retries of a timed-out PutRecords can write a batch twice: count what is there
                records = countOnce(kinesis, stream);
                System.out.println("  consumer: the stream holds " + records + " records (" + requested + " written)");
                String uri = BenchUris.kinesisBatch(stream, kinesisMock.plainEndpoint(),
                        "dynamoDbUriEndpointOverride=" + dynamoDbLocal.endpoint());
                List<Double> raw = new ArrayList<>();
                List<Double> ours = new ArrayList<>();
                for (int i = 0; i < repetitions; i++) {
                    raw.add(Measurement.of(records, () -> rawRun(kinesis, stream)).recordsPerSecond());
                    int run = i;
                    ours.add(Measurement.of(records, () -> oursRun(uri + "&checkpointTable=bench-run-" + run))
                            .recordsPerSecond());
                    System.out.printf(Locale.ROOT, "  consumer rep %d: raw %.0f rec/s, kinesis-batch %.0f rec/s%n",
                            i + 1,
                            raw.get(i), ours.get(i));
                }
                double r = Measurement.median(raw);
                double o = Measurement.median(ours);
                return List.of(String.format(Locale.ROOT,
                        "| consumer records/s, start-up included (kinesis-mock, %,d records on %d shards, checkpoints in DynamoDB Local) | %.0f | %.0f | **%.2fx** | ≥ 0.9x |",
                        records, SHARDS, r, o, o / r));
            }
        }
    }

    private void prefill(KinesisAsyncClient kinesis, String stream) throws Exception {
        ProducerEndToEndBenchmark.createStream(kinesis, stream, SHARDS);
        System.out.println("  consumer: writing " + requested + " records to kinesis-mock ...");
        byte[] payload = new byte[payloadBytes];
        List<CompletableFuture<?>> calls = new ArrayList<>();
        for (int sent = 0; sent < requested; sent += 500) {
            List<PutRecordsRequestEntry> entries = new ArrayList<>();
            for (int i = sent; i < Math.min(requested, sent + 500); i++) {
                entries.add(PutRecordsRequestEntry.builder().partitionKey(Integer.toString(i))
                        .data(SdkBytes.fromByteArray(payload)).build());
            }
            calls.add(kinesis.putRecords(b -> b.streamName(stream).records(entries)).thenAccept(r -> {
                if (r.failedRecordCount() > 0) {
                    throw new IllegalStateException(r.failedRecordCount() + " records not written");
                }
            }));
            if (calls.size() == 4) {
                CompletableFuture.allOf(calls.toArray(CompletableFuture[]::new)).join();
                calls.clear();
            }
        }
        CompletableFuture.allOf(calls.toArray(CompletableFuture[]::new)).join();
    }

    private int countOnce(KinesisAsyncClient kinesis, String stream) throws Exception {
        AtomicLong count = new AtomicLong();
        readAll(kinesis, stream, count);
        return (int) count.get();
    }

    /** One thread per shard: GetRecords until the shard's tip, at most one call per 200 ms per shard. */
    private void rawRun(KinesisAsyncClient kinesis, String stream) throws Exception {
        AtomicLong read = new AtomicLong();
        readAll(kinesis, stream, read);
        if (read.get() != records) {
            throw new IllegalStateException("raw loop read " + read.get() + " of " + records);
        }
    }

    /** The raw baseline: one thread per shard, GetRecords at most every 200 ms per shard, each record's data copied. */
    static void readAll(KinesisAsyncClient kinesis, String stream, AtomicLong read) throws Exception {
        readAll(kinesis, stream, read::addAndGet, data -> {});
    }

    /**
     * The raw loop handing each record's data to {@code perRecord} on its reader thread (one thread per shard, paced
     * like the consumer).
     */
    static void readAll(KinesisAsyncClient kinesis, String stream, LongConsumer counted,
                        java.util.function.Consumer<byte[]> perRecord)
            throws Exception {
        List<Thread> readers = new ArrayList<>();
        for (Shard shard : kinesis.listShards(b -> b.streamName(stream)).join().shards()) {
            Thread reader = new Thread(() -> {
                String iterator = kinesis.getShardIterator(b -> b.streamName(stream).shardId(shard.shardId())
                        .shardIteratorType(ShardIteratorType.TRIM_HORIZON)).join().shardIterator();
                long lastCall = 0;
                while (iterator != null) {
                    long wait = lastCall + 200_000_000L - System.nanoTime();
                    if (wait > 0) {
                        sleepNanos(wait);
                    }
                    lastCall = System.nanoTime();
                    String current = iterator;
                    GetRecordsResponse response = kinesis.getRecords(b -> b.shardIterator(current).limit(10_000))
                            .join();
                    response.records().forEach(r -> {
                        perRecord.accept(r.data().asByteArray());
                        counted.accept(1);
                    });
                    if (response.records().isEmpty() && Long.valueOf(0).equals(response.millisBehindLatest())) {
                        break;
                    }
                    iterator = response.nextShardIterator();
                }
            });
            reader.start();
            readers.add(reader);
        }
        for (Thread reader : readers) {
            reader.join();
        }
    }

    private void oursRun(String uri) throws Exception {
        consumeAll(uri, records);
    }

    /**
     * Our consumer (a route reading each record's body as {@code byte[]}, one per exchange or each element of a List
     * body) until {@code total} records went through it.
     */
    static void consumeAll(String uri, long total) throws Exception {
        consumeAll(uri, new RecordSpan(total));
    }

    /** The same, counting the records the route sees through {@code consumed} until it reached its total. */
    static void consumeAll(String uri, RecordSpan consumed) throws Exception {
        long total = consumed.total();
        CamelContext camel = new DefaultCamelContext();
        camel.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from(uri).process(e -> {
                    if (e.getMessage().getBody() instanceof List<?> list) { // maxRecordsPerExchange above 1
                        for (Object element : list) {
                            ((org.apache.camel.Message) element).getBody(byte[].class);
                        }
                        consumed.accept(list.size());
                    } else {
                        e.getMessage().getBody(byte[].class);
                        consumed.accept(1);
                    }
                });
            }
        });
        camel.start();
        try {
            if (!consumed.awaitTotal(600, TimeUnit.SECONDS)) {
                throw new IllegalStateException("consumer read " + consumed.seen() + " of " + total);
            }
        } finally {
            camel.stop();
        }
    }

    /**
     * The raw loop plus the least a Camel consumer does per record: a bare exchange with the data as its body, routed
     * (on the reader thread, through {@code direct:}) to the same processor as {@link #consumeAll}'s. What Camel costs
     * per exchange, with no Kinesis consumer logic at all (no window, checkpoints, leases or threads of its own).
     */
    static void readAllThroughCamel(KinesisAsyncClient kinesis, String stream, LongConsumer counted)
            throws Exception {
        CamelContext camel = new DefaultCamelContext();
        camel.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:raw").process(e -> e.getMessage().getBody(byte[].class));
            }
        });
        camel.start();
        try {
            org.apache.camel.Endpoint endpoint = camel.getEndpoint("direct:raw");
            org.apache.camel.Producer producer = endpoint.createProducer();
            producer.start();
            readAll(kinesis, stream, counted, data -> {
                org.apache.camel.Exchange exchange = endpoint.createExchange();
                exchange.getIn().setBody(data);
                try {
                    producer.process(exchange);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            producer.stop();
        } finally {
            camel.stop();
        }
    }

    private static void sleepNanos(long nanos) {
        try {
            Thread.sleep(nanos / 1_000_000, (int) (nanos % 1_000_000));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

}
