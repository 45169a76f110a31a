package io.kinesisbatch.itest.bench;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.atomic.AtomicLong;

import com.sun.net.httpserver.HttpExchange;
import software.amazon.awssdk.thirdparty.jackson.core.JsonFactory;
import software.amazon.awssdk.thirdparty.jackson.core.JsonGenerator;
import software.amazon.awssdk.thirdparty.jackson.core.JsonParser;
import software.amazon.awssdk.thirdparty.jackson.core.JsonToken;
import software.amazon.awssdk.thirdparty.jackson.dataformat.cbor.CBORFactory;

/**
 * A Kinesis endpoint that does nothing: PutRecords is acknowledged at once (every entry succeeds),
 * DescribeStreamSummary and ListShards describe a one-shard stream. With it a benchmark measures the client's own
 * cost rather than a server's. Speaks the SDK's CBOR and JSON. It can be stalled (requests are held until
 * {@link #release()}) to measure memory under back-pressure.
 */
public final class NullKinesisServer implements AutoCloseable {

    private static final String SHARD = "shardId-000000000000";

    private final LoopbackServer server;
    private final AtomicLong sequence = new AtomicLong(49_000_000_000_000_000L);
    private final AtomicLong putRecordsCalls = new AtomicLong();
    private final AtomicLong recordsAcknowledged = new AtomicLong();
    private volatile CountDownLatch stall = new CountDownLatch(0);

    public NullKinesisServer(int threads) throws IOException {
        server = new LoopbackServer("null-kinesis", threads, this::handle);
    }

    public String endpoint() {
        return server.endpoint();
    }

    public long putRecordsCalls() {
        return putRecordsCalls.get();
    }

    public long recordsAcknowledged() {
        return recordsAcknowledged.get();
    }

    /** From now on, hold every request until {@link #release()}. */
    public void stall() {
        stall = new CountDownLatch(1);
    }

    public void release() {
        stall.countDown();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            boolean cbor = LoopbackServer.cbor(exchange);
            byte[] request = exchange.getRequestBody().readAllBytes();
            stall.await();
            String operation = LoopbackServer.operation(exchange);
            ByteArrayOutputStream body = new ByteArrayOutputStream(256);
            try (JsonGenerator out = LoopbackServer.format(cbor).createGenerator(body)) {
                switch (operation) {
                    case "PutRecords" -> putRecords(request, cbor, out);
                    case "DescribeStreamSummary" -> describeStreamSummary(request, cbor, out);
                    case "ListShards" -> listShards(out);
                    default -> {
                        exchange.getResponseHeaders().add("x-amzn-ErrorType", "UnknownOperationException");
                        out.writeStartObject();
                        out.writeStringField("message", "null Kinesis does not answer " + operation);
                        out.writeEndObject();
                        out.close();
                        send(exchange, 400, cbor, body.toByteArray());
                        return;
                    }
                }
            }
            send(exchange, 200, cbor, body.toByteArray());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void putRecords(byte[] request, boolean cbor, JsonGenerator out) throws IOException {
        int records = countRecords(request, cbor);
        putRecordsCalls.incrementAndGet();
        recordsAcknowledged.addAndGet(records);
        long first = sequence.getAndAdd(records);
        out.writeStartObject();
        out.writeNumberField("FailedRecordCount", 0);
        out.writeArrayFieldStart("Records");
        for (int i = 0; i < records; i++) {
            out.writeStartObject();
            out.writeStringField("SequenceNumber", Long.toString(first + i));
            out.writeStringField("ShardId", SHARD);
            out.writeEndObject();
        }
        out.writeEndArray();
        out.writeEndObject();
    }

    private static void describeStreamSummary(byte[] request, boolean cbor, JsonGenerator out) throws IOException {
        describeStreamSummary(request, cbor, out, 1);
    }

    /** A DescribeStreamSummary answer: an active stream of {@code openShards} shards. */
    static void describeStreamSummary(byte[] request, boolean cbor, JsonGenerator out, int openShards)
            throws IOException {
        String stream = stringField(request, cbor, "StreamName");
        out.writeStartObject();
        out.writeObjectFieldStart("StreamDescriptionSummary");
        out.writeStringField("StreamName", stream == null ? "bench" : stream);
        out.writeStringField("StreamARN", "arn:aws:kinesis:us-east-1:000000000000:stream/" + stream);
        out.writeStringField("StreamStatus", "ACTIVE");
        out.writeNumberField("RetentionPeriodHours", 24);
        out.writeNumberField("OpenShardCount", openShards);
        out.writeEndObject();
        out.writeEndObject();
    }

    private static void listShards(JsonGenerator out) throws IOException {
        out.writeStartObject();
        out.writeArrayFieldStart("Shards");
        out.writeStartObject();
        out.writeStringField("ShardId", SHARD);
        out.writeObjectFieldStart("HashKeyRange");
        out.writeStringField("StartingHashKey", "0");
        out.writeStringField("EndingHashKey", "340282366920938463463374607431768211455");
        out.writeEndObject();
        out.writeObjectFieldStart("SequenceNumberRange");
        out.writeStringField("StartingSequenceNumber", "49000000000000000000");
        out.writeEndObject();
        out.writeEndObject();
        out.writeEndArray();
        out.writeEndObject();
    }

    /** Number of elements of the top-level "Records" array, read as a stream of tokens. */
    static int countRecords(byte[] request, boolean cbor) throws IOException {
        try (JsonParser in = LoopbackServer.format(cbor).createParser(request)) {
            in.nextToken();
            while (in.nextToken() == JsonToken.FIELD_NAME) {
                String name = in.getCurrentName();
                in.nextToken();
                if ("Records".equals(name)) {
                    int count = 0;
                    while (in.nextToken() == JsonToken.START_OBJECT) {
                        count++;
                        in.skipChildren();
                    }
                    return count;
                }
                in.skipChildren();
            }
            return 0;
        }
    }

    static String stringField(byte[] request, boolean cbor, String field) throws IOException {
        try (JsonParser in = LoopbackServer.format(cbor).createParser(request)) {
            in.nextToken();
            while (in.nextToken() == JsonToken.FIELD_NAME) {
                String name = in.getCurrentName();
                in.nextToken();
                if (field.equals(name)) {
                    return in.getValueAsString();
                }
                in.skipChildren();
            }
            return null;
        }
    }

    static void send(HttpExchange exchange, int status, boolean cbor, byte[] body) throws IOException {
        exchange.getResponseHeaders().add("Content-Type",
                cbor ? "application/x-amz-cbor-1.1" : "application/x-amz-json-1.1");
        exchange.getResponseHeaders().add("x-amzn-RequestId", "null");
        exchange.sendResponseHeaders(status, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    @Override
    public void close() {
        release();
        server.close();
    }
}
