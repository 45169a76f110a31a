package io.kinesisbatch.itest.bench;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;

import com.sun.net.httpserver.HttpExchange;
import software.amazon.awssdk.thirdparty.jackson.core.JsonFactory;
import software.amazon.awssdk.thirdparty.jackson.core.JsonGenerator;
import software.amazon.awssdk.thirdparty.jackson.dataformat.cbor.CBORFactory;

/**
 * A Kinesis endpoint that reads without a server's cost: {@code shards} open shards of {@code recordsPerShard}
 * records each ({@code payloadBytes} zero bytes, partition key "k"), ListShards, GetShardIterator (TRIM_HORIZON and
 * AFTER_SEQUENCE_NUMBER) and GetRecords answered at once, as fast as asked, from answers built once and kept (every
 * shard holds the same records under the same sequence numbers). With it a benchmark measures a consumer's own cost;
 * its threads are named {@code null-kinesis-get} so their CPU can be left out. Speaks the SDK's CBOR and JSON.
 */
final class NullGetRecordsServer implements AutoCloseable {

    private static final long FIRST_SEQUENCE = 49_000_000_000_000_000L;

    private final LoopbackServer server;
    private final int shards;
    private final int recordsPerShard;
    private final byte[] payload;
    private final Map<String, byte[]> answers = new ConcurrentHashMap<>();

    NullGetRecordsServer(int shards, int recordsPerShard, int payloadBytes) throws IOException {
        this.shards = shards;
        this.recordsPerShard = recordsPerShard;
        this.payload = new byte[payloadBytes];
        server = new LoopbackServer("null-kinesis-get", shards, this::handle);
    }

    String endpoint() {
        return server.endpoint();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            boolean cbor = LoopbackServer.cbor(exchange);
            byte[] request = exchange.getRequestBody().readAllBytes();
            String operation = LoopbackServer.operation(exchange);
            byte[] body = switch (operation) {
                case "ListShards" -> write(cbor, this::listShards);
                case "GetShardIterator" -> write(cbor, out -> iterator(request, cbor, out));
                case "GetRecords" -> records(cbor, index(NullKinesisServer.stringField(request, cbor, "ShardIterator")),
                        limit(request, cbor));
                default -> null;
            };
            if (body == null) {
                exchange.getResponseHeaders().add("x-amzn-ErrorType", "UnknownOperationException");
                NullKinesisServer.send(exchange, 400, cbor, write(cbor, out -> {
                    out.writeStartObject();
                    out.writeStringField("message", "null GetRecords does not answer " + operation);
                    out.writeEndObject();
                }));
                return;
            }
            NullKinesisServer.send(exchange, 200, cbor, body);
        }
    }

    @FunctionalInterface
    private interface Body {
        void write(JsonGenerator out) throws IOException;
    }

    private static byte[] write(boolean cbor, Body body) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(256);
        try (JsonGenerator out = LoopbackServer.format(cbor).createGenerator(bytes)) {
            body.write(out);
        }
        return bytes.toByteArray();
    }

    private void listShards(JsonGenerator out) throws IOException {
        out.writeStartObject();
        out.writeArrayFieldStart("Shards");
        for (int i = 0; i < shards; i++) {
            out.writeStartObject();
            out.writeStringField("ShardId", String.format("shardId-%012d", i));
            out.writeObjectFieldStart("HashKeyRange");
            out.writeStringField("StartingHashKey", Integer.toString(i));
            out.writeStringField("EndingHashKey", Integer.toString(i));
            out.writeEndObject();
            out.writeObjectFieldStart("SequenceNumberRange");
            out.writeStringField("StartingSequenceNumber", Long.toString(FIRST_SEQUENCE));
            out.writeEndObject();
            out.writeEndObject();
        }
        out.writeEndArray();
        out.writeEndObject();
    }

    /** The iterator is the index of the next record: 0 at TRIM_HORIZON, the one after a sequence number otherwise. */
    private static void iterator(byte[] request, boolean cbor, JsonGenerator out) throws IOException {
        String after = NullKinesisServer.stringField(request, cbor, "StartingSequenceNumber");
        long index = after == null ? 0 : Long.parseLong(after) - FIRST_SEQUENCE + 1;
        out.writeStartObject();
        out.writeStringField("ShardIterator", Long.toString(index));
        out.writeEndObject();
    }

    private static int index(String iterator) {
        return Integer.parseInt(iterator);
    }

    private static int limit(byte[] request, boolean cbor) throws IOException {
        String limit = NullKinesisServer.stringField(request, cbor, "Limit");
        return limit == null ? 10_000 : Integer.parseInt(limit);
    }

    /** Records {@code from} on, up to {@code limit}; caught up (millisBehindLatest 0) once all were read. */
    private byte[] records(boolean cbor, int from, int limit) {
        return answers.computeIfAbsent(cbor + ":" + from + ":" + limit, key -> {
            try {
                int to = Math.min(recordsPerShard, from + limit);
                return write(cbor, out -> {
                    out.writeStartObject();
                    out.writeArrayFieldStart("Records");
                    for (int i = from; i < to; i++) {
                        out.writeStartObject();
                        out.writeStringField("SequenceNumber", Long.toString(FIRST_SEQUENCE + i));
                        out.writeFieldName("Data");
                        out.writeBinary(payload);
                        out.writeStringField("PartitionKey", "k");
                        out.writeEndObject();
                    }
                    out.writeEndArray();
                    out.writeStringField("NextShardIterator", Integer.toString(to));
                    out.writeNumberField("MillisBehindLatest", to < recordsPerShard ? 1000 : 0);
                    out.writeEndObject();
                });
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
    }

    @Override
    public void close() {
        server.close();
    }
}
