package io.kinesisbatch.camel.producer;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.IntSupplier;

import io.kinesisbatch.camel.KinesisBatchConstants;
import io.kinesisbatch.camel.KinesisBatchRecordRejectedException;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.Expression;
import org.apache.camel.Message;
import org.apache.camel.NoTypeConversionAvailableException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns an exchange into the records to write: converts the body (one record, or one per element of a
 * {@link Iterable} body), picks partition and explicit hash keys, and validates every record before any is handed
 * over. A problem fails that exchange alone with a {@link KinesisBatchRecordRejectedException}.
 * <p>
 * Keys: the header wins, else the endpoint's expression (evaluated once per exchange, so all elements of a List body
 * share it), else, for a List element that is a {@link Message} (a record a {@code kinesis-batch} consumer delivered
 * in List mode), that message's own partition key header, else a random 128-bit key per record. An expression that
 * fails rejects the exchange; one that gives null falls back to a random key, with a warning the first time.
 * <p>
 * Streams and files are read up to the stream's record limit plus one byte, never whole: a larger one is rejected
 * without being held in memory.
 */
public final class RecordReader {

    private static final Logger LOG = LoggerFactory.getLogger(RecordReader.class);

    private final CamelContext context;
    private final String streamName;
    private final Expression partitionKey;
    private final Expression explicitHashKey;
    private final IntSupplier maxRecordSize;
    private final String partitionKeyText;
    private final AtomicBoolean warnedNullKey = new AtomicBoolean();

    public RecordReader(CamelContext context, String streamName, String partitionKeyExpression,
                        String explicitHashKeyExpression, IntSupplier maxRecordSize) {
        this.context = context;
        this.streamName = streamName;
        this.partitionKey = expression(partitionKeyExpression);
        this.explicitHashKey = expression(explicitHashKeyExpression);
        this.maxRecordSize = maxRecordSize;
        this.partitionKeyText = partitionKeyExpression;
    }

    private Expression expression(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        Expression e = context.resolveLanguage("simple").createExpression(text);
        e.init(context);
        return e;
    }

    /**
     * Whether the exchange's body is a list of records (one per element) rather than one record. A {@link Path} is
     * an {@code Iterable} of its name elements, but one record: the file's contents.
     */
    public static boolean isMulti(Object body) {
        return body instanceof Iterable && !(body instanceof Path);
    }

    public List<RecordDraft> read(Exchange exchange) {
        Object body = exchange.getMessage().getBody();
        if (body == null) {
            throw rejected("the message body is null");
        }
        String key = keyOf(exchange, KinesisBatchConstants.PARTITION_KEY, partitionKey, "partitionKey");
        if (key == null && partitionKey != null && warnedNullKey.compareAndSet(false, true)) {
            LOG.warn(
                    "Kinesis stream {}: the partitionKey expression {} gave null (exchange {}); such records get a random"
                     + " partition key (warned once per endpoint)",
                    streamName, partitionKeyText, exchange.getExchangeId());
        }
        String hashKey = keyOf(exchange, KinesisBatchConstants.EXPLICIT_HASH_KEY, explicitHashKey, "explicitHashKey");
        if (!isMulti(body)) {
            return List.of(draft(exchange, body, key, hashKey, ""));
        }
        List<RecordDraft> drafts = new ArrayList<>();
        int index = 0;
        for (Object element : (Iterable<?>) body) {
            String where = "element " + index + " of the body: ";
            if (element instanceof Message record) {
                // a record a kinesis-batch consumer delivered in List mode: its own keys keep per-key order (and a
                // KPL producer's placement) in a relay, as its headers do for a one-record exchange
                String own = key != null ? key : record.getHeader(KinesisBatchConstants.PARTITION_KEY, String.class);
                String ownHash = hashKey != null
                        ? hashKey
                        : record.getHeader(KinesisBatchConstants.EXPLICIT_HASH_KEY, String.class);
                drafts.add(draft(exchange, record.getBody(), own, ownHash, where));
            } else {
                drafts.add(draft(exchange, element, key, hashKey, where));
            }
            index++;
        }
        if (drafts.isEmpty()) {
            throw rejected("the message body is an empty " + body.getClass().getSimpleName());
        }
        return drafts;
    }

    private RecordDraft draft(Exchange exchange, Object value, String key, String hashKey, String where) {
        if (value == null) {
            throw rejected(where + "it is null");
        }
        RecordDraft draft = new RecordDraft(bytes(exchange, value, where), key, hashKey); // no key: a random one
        String problem = RecordValidator.check(draft, maxRecordSize.getAsInt());
        if (problem != null) {
            throw rejected(where + problem);
        }
        return draft;
    }

    private byte[] bytes(Exchange exchange, Object value, String where) {
        if (value instanceof byte[] b) {
            return b;
        }
        if (value instanceof InputStream || value instanceof Path || value instanceof File) {
            return readAtMostLimit(value, where);
        }
        if (value instanceof String s) {
            return s.getBytes(StandardCharsets.UTF_8);
        }
        if (value instanceof ByteBuffer bb) {
            ByteBuffer view = bb.duplicate();
            byte[] b = new byte[view.remaining()];
            view.get(b);
            return b;
        }
        try {
            return context.getTypeConverter().mandatoryConvertTo(byte[].class, exchange, value);
        } catch (NoTypeConversionAvailableException | RuntimeException e) {
            throw new KinesisBatchRecordRejectedException(
                    message(where + "a " + value.getClass().getName() + " cannot be converted to bytes"), null, e);
        }
    }

    /**
     * The data of a stream or file, read up to the record limit plus one byte: a larger one is rejected before it is
     * held in memory whole.
     */
    private byte[] readAtMostLimit(Object value, String where) {
        int limit = maxRecordSize.getAsInt();
        try {
            if (value instanceof InputStream in) {
                byte[] data = in.readNBytes(limit + 1);
                if (data.length > limit) {
                    throw rejected(
                            where + "the stream has more than " + limit + " bytes, the stream's maximum record size");
                }
                return data;
            }
            Path path = value instanceof File f ? f.toPath() : (Path) value;
            long size = Files.size(path);
            if (size > limit) {
                throw rejected(
                        where + "the file " + path.getFileName() + " has " + size + " bytes, more than the stream's"
                               + " maximum record size of " + limit);
            }
            return Files.readAllBytes(path);
        } catch (IOException e) {
            throw new KinesisBatchRecordRejectedException(
                    message(where + "reading the " + value.getClass().getSimpleName()
                            + " failed: " + e),
                    null, e);
        }
    }

    private String keyOf(Exchange exchange, String header, Expression expression, String option) {
        // most messages carry no headers: no case-insensitive lookup (nor header map) for them
        Message message = exchange.getMessage();
        String value = message.hasHeaders() ? message.getHeader(header, String.class) : null;
        if (value == null && expression != null) {
            try {
                value = expression.evaluate(exchange, String.class);
            } catch (RuntimeException e) {
                throw new KinesisBatchRecordRejectedException(message("the " + option + " expression failed: " + e),
                        null, e);
            }
        }
        return value;
    }

    private static final char[] HEX = "0123456789abcdef".toCharArray();

    /** A random 128-bit number in {@value RecordDraft#RANDOM_KEY_LENGTH} hex digits: spreads records evenly over the shards. */
    public static String randomKey() {
        ThreadLocalRandom r = ThreadLocalRandom.current();
        long high = r.nextLong();
        long low = r.nextLong();
        char[] digits = new char[32];
        for (int i = 15; i >= 0; i--) {
            digits[i] = HEX[(int) (high & 15)];
            digits[16 + i] = HEX[(int) (low & 15)];
            high >>>= 4;
            low >>>= 4;
        }
        return new String(digits);
    }

    private KinesisBatchRecordRejectedException rejected(String problem) {
        return new KinesisBatchRecordRejectedException(message(problem), null, null);
    }

    private String message(String problem) {
        return "Record for Kinesis stream " + streamName + " rejected before sending: " + problem;
    }
}
