package io.kinesisbatch.camel.aggregation;

import io.kinesisbatch.camel.shardmap.HashKeys;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Packs user records into one KPL aggregate, knowing its exact encoded size at every step, so a packer can ask whether
 * one more record fits before adding it. Partition keys and explicit hash keys are stored once each in their tables.
 * <p>
 * Size accounting: an aggregate's size is what Kinesis counts for the outer record, its data (4 magic bytes, the
 * protobuf, 16 MD5 bytes) plus its partition key in UTF-8. {@link #tryAdd} refuses a record that would take the size
 * past {@code maxBytes} (the {@code aggregationMaxBytes} option, at most the stream's record limit).
 * <p>
 * Outer keys: the aggregate goes out with the first user record's partition key and, as explicit hash key, the first
 * user record's hash key (its explicit hash key, else the MD5 of its partition key) in decimal. So the aggregate lands
 * exactly where its first record would have landed alone, whatever the packer grouped by.
 * <p>
 * One builder makes one aggregate: mutable, confined to the packer that owns it, unusable after {@link #build()}.
 */
public final class AggregateBuilder {

    /** KPL's default aggregate size, and the default of {@code aggregationMaxBytes}. */
    public static final int DEFAULT_MAX_BYTES = 51200;
    /** Kinesis' classic record limit, data plus partition key. */
    public static final int DEFAULT_RECORD_LIMIT = 1024 * 1024;

    private final int maxBytes;
    private final Map<String, Integer> partitionKeyIndex = new HashMap<>();
    private final Map<String, Integer> explicitHashKeyIndex = new HashMap<>();
    private final List<byte[]> partitionKeyTable = new ArrayList<>();
    private final List<byte[]> explicitHashKeyTable = new ArrayList<>();
    private final List<Entry> entries = new ArrayList<>();
    private int protobufSize;
    private int outerPartitionKeyLength;
    private String outerPartitionKey;
    private BigInteger outerHashKey;
    private BigInteger lowestHashKey;
    private BigInteger highestHashKey;
    private boolean built;

    /** @param maxBytes most bytes of the aggregate, data plus outer partition key; 1 to the stream's record limit */
    public AggregateBuilder(int maxBytes) {
        if (maxBytes < 1) {
            throw new IllegalArgumentException("aggregationMaxBytes must be positive, not " + maxBytes);
        }
        this.maxBytes = maxBytes;
    }

    /** A builder bounded by both the aggregation limit and the stream's record limit, whichever is lower. */
    public static AggregateBuilder bounded(int aggregationMaxBytes, int recordLimit) {
        return new AggregateBuilder(Math.min(aggregationMaxBytes, recordLimit));
    }

    /**
     * Adds the record when the aggregate stays within {@code maxBytes}; otherwise leaves the builder as it was and
     * returns false. A record refused by an empty builder is too big to be aggregated at all: send it plain.
     *
     * @throws IllegalArgumentException when the explicit hash key is not a hash key
     */
    public boolean tryAdd(SubRecord record) {
        if (built) {
            throw new IllegalStateException("This aggregate is already built; start a new builder");
        }
        BigInteger hashKey = record.hashKey();
        byte[] newPartitionKey = partitionKeyIndex.containsKey(record.partitionKey()) ? null
                : record.partitionKey().getBytes(StandardCharsets.UTF_8);
        String ehk = record.explicitHashKey();
        byte[] newExplicitHashKey = ehk == null || explicitHashKeyIndex.containsKey(ehk) ? null
                : ehk.getBytes(StandardCharsets.UTF_8);
        int pkIndex = newPartitionKey != null ? partitionKeyTable.size() : partitionKeyIndex.get(record.partitionKey());
        int ehkIndex = ehk == null ? -1
                : newExplicitHashKey != null ? explicitHashKeyTable.size() : explicitHashKeyIndex.get(ehk);

        long growth = KplFormat.lengthDelimitedFieldSize(recordMessageSize(pkIndex, ehkIndex, record.data().length));
        if (newPartitionKey != null) {
            growth += KplFormat.lengthDelimitedFieldSize(newPartitionKey.length);
        }
        if (newExplicitHashKey != null) {
            growth += KplFormat.lengthDelimitedFieldSize(newExplicitHashKey.length);
        }
        int outerKeyLength = entries.isEmpty() ? newPartitionKey.length : outerPartitionKeyLength;
        long size = (long) KplFormat.OVERHEAD + protobufSize + growth + outerKeyLength;
        if (size > maxBytes) {
            return false;
        }

        if (newPartitionKey != null) {
            partitionKeyIndex.put(record.partitionKey(), pkIndex);
            partitionKeyTable.add(newPartitionKey);
        }
        if (newExplicitHashKey != null) {
            explicitHashKeyIndex.put(ehk, ehkIndex);
            explicitHashKeyTable.add(newExplicitHashKey);
        }
        if (entries.isEmpty()) {
            outerPartitionKey = record.partitionKey();
            outerPartitionKeyLength = outerKeyLength;
            outerHashKey = hashKey;
            lowestHashKey = hashKey;
            highestHashKey = hashKey;
        } else {
            lowestHashKey = lowestHashKey.min(hashKey);
            highestHashKey = highestHashKey.max(hashKey);
        }
        entries.add(new Entry(pkIndex, ehkIndex, record.data()));
        protobufSize += (int) growth; // fits: the whole aggregate is within maxBytes
        return true;
    }

    /** User records added so far. */
    public int count() {
        return entries.size();
    }

    public boolean isEmpty() {
        return entries.isEmpty();
    }

    /** The aggregate's size now, data plus outer partition key, exactly as {@link Aggregate#recordSize()} will be. */
    public int size() {
        return entries.isEmpty() ? 0 : KplFormat.OVERHEAD + protobufSize + outerPartitionKeyLength;
    }

    /** Encodes the aggregate; the builder cannot be used afterwards. */
    public Aggregate build() {
        if (entries.isEmpty()) {
            throw new IllegalStateException("An aggregate needs at least one user record");
        }
        if (built) {
            throw new IllegalStateException("This aggregate is already built");
        }
        built = true;
        byte[] out = new byte[KplFormat.OVERHEAD + protobufSize];
        System.arraycopy(KplFormat.MAGIC, 0, out, 0, KplFormat.MAGIC.length);
        ProtoWriter writer = new ProtoWriter(out, KplFormat.MAGIC.length);
        for (byte[] key : partitionKeyTable) {
            writer.writeBytesField(KplFormat.PARTITION_KEY_TABLE, key);
        }
        for (byte[] key : explicitHashKeyTable) {
            writer.writeBytesField(KplFormat.EXPLICIT_HASH_KEY_TABLE, key);
        }
        for (Entry e : entries) {
            writer.writeLengthHeader(KplFormat.RECORDS, (int) recordMessageSize(e.pkIndex, e.ehkIndex, e.data.length));
            writer.writeVarintField(KplFormat.PARTITION_KEY_INDEX, e.pkIndex);
            if (e.ehkIndex >= 0) {
                writer.writeVarintField(KplFormat.EXPLICIT_HASH_KEY_INDEX, e.ehkIndex);
            }
            writer.writeBytesField(KplFormat.DATA, e.data);
        }
        int end = writer.position();
        if (end != KplFormat.MAGIC.length + protobufSize) {
            throw new IllegalStateException("Aggregate size accounting is off: wrote " + (end - KplFormat.MAGIC.length)
                                            + " protobuf bytes, counted " + protobufSize);
        }
        MessageDigest md5 = HashKeys.md5();
        md5.update(out, KplFormat.MAGIC.length, protobufSize);
        System.arraycopy(md5.digest(), 0, out, end, KplFormat.DIGEST_LENGTH);
        return new Aggregate(outerPartitionKey, outerPartitionKeyLength, outerHashKey.toString(), out, entries.size(),
                lowestHashKey, highestHashKey);
    }

    private static long recordMessageSize(int pkIndex, int ehkIndex, int dataLength) {
        long size = 1 + KplFormat.varintSize(pkIndex);
        if (ehkIndex >= 0) {
            size += 1 + KplFormat.varintSize(ehkIndex);
        }
        return size + KplFormat.lengthDelimitedFieldSize(dataLength);
    }

    private record Entry(int pkIndex, int ehkIndex, byte[] data) {
    }
}
