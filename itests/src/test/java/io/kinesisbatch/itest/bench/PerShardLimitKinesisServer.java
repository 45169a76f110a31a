package io.kinesisbatch.itest.bench;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.function.LongSupplier;

import com.sun.net.httpserver.HttpExchange;
import software.amazon.awssdk.thirdparty.jackson.core.JsonFactory;
import software.amazon.awssdk.thirdparty.jackson.core.JsonGenerator;
import software.amazon.awssdk.thirdparty.jackson.core.JsonParser;
import software.amazon.awssdk.thirdparty.jackson.core.JsonToken;
import io.kinesisbatch.camel.aggregation.AggregateDecoder;
import software.amazon.awssdk.thirdparty.jackson.dataformat.cbor.CBORFactory;

/**
 * A Kinesis endpoint that enforces Kinesis' write limits per shard and does nothing else: a stream of {@code shards}
 * shards with even hash ranges (ListShards, DescribeStreamSummary), and PutRecords that accepts, per shard and per
 * second of this server's clock, the first 1,000 entries and the first 1 MiB of data plus partition keys, and fails
 * every entry past either with {@code ProvisionedThroughputExceededException}, as Kinesis does. An entry's shard is
 * its explicit hash key's, else the MD5 of its partition key's (Kinesis' rule, computed here on its own, not with the
 * producer's shard map, so that a wrong prediction in the producer shows). Counts entries accepted and throttled per
 * shard. Speaks the SDK's CBOR and JSON. For the per-shard-limit benchmark (docs/performance.md).
 * <p>
 * The limits are counted in fixed one-second windows (second 0 starts when the server does): the literal reading of
 * "per second". A client whose bucket runs at exactly the limit can then still be throttled when its timing puts a
 * little more than a second's worth into one window.
 */
public final class PerShardLimitKinesisServer implements AutoCloseable {

    /** Kinesis' limits per shard and second. */
    public static final int RECORDS_PER_SECOND = 1_000;
    public static final long BYTES_PER_SECOND = 1_048_576;

    private static final BigInteger HASH_KEYS = BigInteger.ONE.shiftLeft(128);
    private static final long NANOS_PER_SECOND = 1_000_000_000L;

    private final LoopbackServer server;
    private final LongSupplier nanoClock;
    private final long origin;
    private final List<ShardWindow> shards = new ArrayList<>();

    /**
     * @param shards    number of shards, each owning an even share of the hash keys
     * @param nanoClock the clock the one-second windows are counted by ({@code System::nanoTime})
     */
    public PerShardLimitKinesisServer(int shards, int threads, LongSupplier nanoClock) throws IOException {
        if (shards < 1) {
            throw new IllegalArgumentException("A stream has at least one shard, not " + shards);
        }
        this.nanoClock = nanoClock;
        this.origin = nanoClock.getAsLong();
        BigInteger n = BigInteger.valueOf(shards);
        for (int i = 0; i < shards; i++) {
            this.shards.add(new ShardWindow(String.format("shardId-%012d", i), startingHashKey(i, n),
                    startingHashKey(i + 1, n).subtract(BigInteger.ONE)));
        }
        server = new LoopbackServer("per-shard-limit-kinesis", threads, this::handle);
    }

    public String endpoint() {
        return server.endpoint();
    }

    public int shardCount() {
        return shards.size();
    }

    public String shardId(int shard) {
        return shards.get(shard).id;
    }

    /** The shard owning a hash key: the key's share of 2^128, times the shard count, rounded down. */
    public int shardOf(BigInteger hashKey) {
        return hashKey.multiply(BigInteger.valueOf(shards.size())).shiftRight(128).intValueExact();
    }

    /** The shard a record with this partition key (and no explicit hash key) lands on. */
    public int shardOfPartitionKey(String partitionKey) {
        return shardOf(new BigInteger(1, md5().digest(partitionKey.getBytes(StandardCharsets.UTF_8))));
    }

    public long accepted(int shard) {
        return shards.get(shard).accepted();
    }

    /** The one-second window the server is in now (0 is the first second after it started). */
    public long currentSecond() {
        return (nanoClock.getAsLong() - origin) / NANOS_PER_SECOND;
    }

    /** Entries of this shard accepted in the one-second windows {@code from} to {@code to}, both included. */
    public long accepted(int shard, long from, long to) {
        return shards.get(shard).inSeconds(from, to, true);
    }

    /** User messages in the entries of this shard accepted in the windows {@code from} to {@code to} (aggregates counted inside). */
    public long acceptedMessages(int shard, long from, long to) {
        return shards.get(shard).inSeconds(from, to, 2);
    }

    /** Bytes (data plus partition keys) of the entries of this shard accepted in the windows {@code from} to {@code to}. */
    public long acceptedBytes(int shard, long from, long to) {
        return shards.get(shard).inSeconds(from, to, 3);
    }

    /** Entries of this shard throttled in the one-second windows {@code from} to {@code to}, both included. */
    public long throttled(int shard, long from, long to) {
        return shards.get(shard).inSeconds(from, to, false);
    }

    public long throttled(int shard) {
        return shards.get(shard).throttled();
    }

    public long acceptedTotal() {
        return shards.stream().mapToLong(ShardWindow::accepted).sum();
    }

    public long throttledTotal() {
        return shards.stream().mapToLong(ShardWindow::throttled).sum();
    }

    /** The first hash key of shard i of n: ceil(i * 2^128 / n), so that {@link #shardOf} holds for every key. */
    private static BigInteger startingHashKey(int i, BigInteger n) {
        BigInteger[] qr = BigInteger.valueOf(i).shiftLeft(128).divideAndRemainder(n);
        return qr[1].signum() == 0 ? qr[0] : qr[0].add(BigInteger.ONE);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            boolean cbor = LoopbackServer.cbor(exchange);
            byte[] request = exchange.getRequestBody().readAllBytes();
            String operation = LoopbackServer.operation(exchange);
            ByteArrayOutputStream body = new ByteArrayOutputStream(256);
            int status = 200;
            try (JsonGenerator out = LoopbackServer.format(cbor).createGenerator(body)) {
                switch (operation) {
                    case "PutRecords" -> putRecords(request, cbor, out);
                    case "DescribeStreamSummary" ->
                        NullKinesisServer.describeStreamSummary(request, cbor, out, shards.size());
                    case "ListShards" -> listShards(out);
                    default -> {
                        status = 400;
                        exchange.getResponseHeaders().add("x-amzn-ErrorType", "UnknownOperationException");
                        out.writeStartObject();
                        out.writeStringField("message", "per-shard-limit Kinesis does not answer " + operation);
                        out.writeEndObject();
                    }
                }
            }
            NullKinesisServer.send(exchange, status, cbor, body.toByteArray());
        }
    }

    private void putRecords(byte[] request, boolean cbor, JsonGenerator out) throws IOException {
        List<Entry> entries = entries(request, cbor);
        long second = currentSecond();
        String[] sequences = new String[entries.size()];
        int failed = 0;
        for (int i = 0; i < entries.size(); i++) {
            Entry e = entries.get(i);
            sequences[i] = shards.get(e.shard).admit(second, e.bytes, e.messages);
            if (sequences[i] == null) {
                failed++;
            }
        }
        out.writeStartObject();
        out.writeNumberField("FailedRecordCount", failed);
        out.writeArrayFieldStart("Records");
        for (int i = 0; i < entries.size(); i++) {
            String shardId = shards.get(entries.get(i).shard).id;
            out.writeStartObject();
            if (sequences[i] != null) {
                out.writeStringField("SequenceNumber", sequences[i]);
                out.writeStringField("ShardId", shardId);
            } else {
                out.writeStringField("ErrorCode", "ProvisionedThroughputExceededException");
                out.writeStringField("ErrorMessage", "Rate exceeded for shard " + shardId
                                                     + " in stream bench under account 000000000000.");
            }
            out.writeEndObject();
        }
        out.writeEndArray();
        out.writeEndObject();
    }

    private void listShards(JsonGenerator out) throws IOException {
        out.writeStartObject();
        out.writeArrayFieldStart("Shards");
        for (ShardWindow shard : shards) {
            out.writeStartObject();
            out.writeStringField("ShardId", shard.id);
            out.writeObjectFieldStart("HashKeyRange");
            out.writeStringField("StartingHashKey", shard.start.toString());
            out.writeStringField("EndingHashKey", shard.end.toString());
            out.writeEndObject();
            out.writeObjectFieldStart("SequenceNumberRange");
            out.writeStringField("StartingSequenceNumber", "49000000000000000000");
            out.writeEndObject();
            out.writeEndObject();
        }
        out.writeEndArray();
        out.writeEndObject();
    }

    /**
     * One PutRecords entry as the limits see it: its shard, its size (data plus partition key) and how many user
     * messages it carries (more than one for a KPL aggregate).
     */
    private record Entry(int shard, long bytes, int messages) {
    }

    /** The entries of the top-level "Records" array, read as a stream of tokens. */
    private List<Entry> entries(byte[] request, boolean cbor) throws IOException {
        List<Entry> entries = new ArrayList<>();
        MessageDigest md5 = md5();
        try (JsonParser in = LoopbackServer.format(cbor).createParser(request)) {
            in.nextToken();
            while (in.nextToken() == JsonToken.FIELD_NAME) {
                String name = in.getCurrentName();
                in.nextToken();
                if (!"Records".equals(name)) {
                    in.skipChildren();
                    continue;
                }
                while (in.nextToken() == JsonToken.START_OBJECT) {
                    String partitionKey = null;
                    String explicitHashKey = null;
                    byte[] data = new byte[0];
                    while (in.nextToken() == JsonToken.FIELD_NAME) {
                        String field = in.getCurrentName();
                        in.nextToken();
                        switch (field) {
                            case "Data" -> data = in.getBinaryValue();
                            case "PartitionKey" -> partitionKey = in.getValueAsString();
                            case "ExplicitHashKey" -> explicitHashKey = in.getValueAsString();
                            default -> in.skipChildren();
                        }
                    }
                    byte[] key = partitionKey.getBytes(StandardCharsets.UTF_8);
                    BigInteger hashKey = explicitHashKey != null ? new BigInteger(explicitHashKey)
                            : new BigInteger(1, md5.digest(key));
                    int messages = AggregateDecoder.decode(data).map(List::size).orElse(1);
                    entries.add(new Entry(shardOf(hashKey), data.length + (long) key.length, messages));
                }
            }
        }
        return entries;
    }

    private static MessageDigest md5() {
        try {
            return MessageDigest.getInstance("MD5");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        server.close();
    }
}
