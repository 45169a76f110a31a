package io.kinesisbatch.camel.aggregation;

import io.kinesisbatch.camel.shardmap.HashKeys;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Reads KPL aggregated records. A record is an aggregate only when it starts with the magic, more than 16 bytes follow
 * it, and the last 16 bytes are the MD5 of the bytes between; anything else is a plain record. An aggregate whose
 * protobuf is not a valid {@code AggregatedRecord} is an error ({@link CorruptAggregateException}), never quietly
 * treated as plain. Unknown fields are skipped, as proto2 requires. Pure and stateless.
 */
public final class AggregateDecoder {

    private AggregateDecoder() {}

    /** True when the record is in the aggregated format (magic, length, MD5); its protobuf is not checked. */
    public static boolean isAggregate(byte[] recordData) {
        return recordData != null && hasAggregateFraming(recordData);
    }

    /**
     * True when the record starts with the aggregated format's magic bytes: cheap (no MD5), so a plain record can skip
     * the rest; {@link #isAggregate} still decides.
     */
    public static boolean startsWithMagic(byte[] recordData) {
        if (recordData == null || recordData.length <= KplFormat.OVERHEAD) {
            return false;
        }
        for (int i = 0; i < KplFormat.MAGIC.length; i++) {
            if (recordData[i] != KplFormat.MAGIC[i]) {
                return false;
            }
        }
        return true;
    }

    /**
     * The user records of an aggregate, in order, or empty when the record is plain.
     *
     * @throws CorruptAggregateException when the framing says aggregate but the protobuf is invalid
     */
    public static Optional<List<SubRecord>> decode(byte[] recordData) {
        if (!isAggregate(recordData)) {
            return Optional.empty();
        }
        int protobufLength = recordData.length - KplFormat.OVERHEAD;
        return Optional.of(parseAggregatedRecord(new ProtoReader(recordData, KplFormat.MAGIC.length, protobufLength)));
    }

    private static boolean hasAggregateFraming(byte[] data) {
        if (!startsWithMagic(data)) {
            return false;
        }
        MessageDigest md5 = HashKeys.md5();
        md5.update(data, KplFormat.MAGIC.length, data.length - KplFormat.OVERHEAD);
        byte[] expected = md5.digest();
        byte[] trailer = Arrays.copyOfRange(data, data.length - KplFormat.DIGEST_LENGTH, data.length);
        return MessageDigest.isEqual(expected, trailer);
    }

    private static List<SubRecord> parseAggregatedRecord(ProtoReader reader) {
        List<String> partitionKeys = new ArrayList<>();
        List<String> explicitHashKeys = new ArrayList<>();
        List<RawRecord> raw = new ArrayList<>();
        while (reader.hasMore()) {
            int tag = reader.readTag();
            if (tag == lengthDelimited(KplFormat.PARTITION_KEY_TABLE)) {
                partitionKeys.add(reader.readString());
            } else if (tag == lengthDelimited(KplFormat.EXPLICIT_HASH_KEY_TABLE)) {
                explicitHashKeys.add(reader.readString());
            } else if (tag == lengthDelimited(KplFormat.RECORDS)) {
                raw.add(parseRecord(reader.readMessage(), raw.size()));
            } else {
                reader.skipField(tag);
            }
        }
        // the tables may follow the records on the wire: indexes are resolved once the whole message is read
        List<SubRecord> records = new ArrayList<>(raw.size());
        for (int i = 0; i < raw.size(); i++) {
            RawRecord r = raw.get(i);
            String partitionKey = lookup(partitionKeys, r.partitionKeyIndex, "partition key", i);
            String explicitHashKey = r.explicitHashKeyIndex < 0 ? null
                    : lookup(explicitHashKeys, r.explicitHashKeyIndex, "explicit hash key", i);
            records.add(new SubRecord(partitionKey, explicitHashKey, r.data));
        }
        return records;
    }

    private static RawRecord parseRecord(ProtoReader reader, int index) {
        long partitionKeyIndex = -1;
        long explicitHashKeyIndex = -1;
        byte[] data = null;
        while (reader.hasMore()) {
            int tag = reader.readTag();
            if (tag == varint(KplFormat.PARTITION_KEY_INDEX)) {
                partitionKeyIndex = indexValue(reader, "partition key", index);
            } else if (tag == varint(KplFormat.EXPLICIT_HASH_KEY_INDEX)) {
                explicitHashKeyIndex = indexValue(reader, "explicit hash key", index);
            } else if (tag == lengthDelimited(KplFormat.DATA)) {
                data = reader.readBytes();
            } else if (tag == lengthDelimited(KplFormat.TAGS)) {
                checkTag(reader.readMessage(), index);
            } else {
                reader.skipField(tag);
            }
        }
        if (partitionKeyIndex < 0) {
            throw reader.corrupt("user record " + index + " lacks its required partition_key_index");
        }
        if (data == null) {
            throw reader.corrupt("user record " + index + " lacks its required data");
        }
        return new RawRecord(partitionKeyIndex, explicitHashKeyIndex, data);
    }

    /** Tags are not handed on (KCL drops them too), but a tag without its required key makes the message invalid. */
    private static void checkTag(ProtoReader reader, int index) {
        boolean hasKey = false;
        while (reader.hasMore()) {
            int tag = reader.readTag();
            if (tag == lengthDelimited(KplFormat.TAG_KEY)) {
                reader.readString();
                hasKey = true;
            } else {
                reader.skipField(tag);
            }
        }
        if (!hasKey) {
            throw reader.corrupt("a tag of user record " + index + " lacks its required key");
        }
    }

    private static long indexValue(ProtoReader reader, String table, int index) {
        long value = reader.readVarint();
        if (value < 0) {
            // uint64 above 2^63: no table is that long
            throw reader.corrupt("user record " + index + " names " + table + " " + Long.toUnsignedString(value));
        }
        return value;
    }

    private static String lookup(List<String> table, long index, String what, int record) {
        if (index >= table.size()) {
            throw new CorruptAggregateException("Corrupt KPL aggregate: user record " + record + " names " + what
                                                + " " + index + " of a table of " + table.size());
        }
        return table.get((int) index);
    }

    private static int varint(int fieldNumber) {
        return fieldNumber << 3 | KplFormat.WIRE_VARINT;
    }

    private static int lengthDelimited(int fieldNumber) {
        return fieldNumber << 3 | KplFormat.WIRE_LENGTH_DELIMITED;
    }

    private record RawRecord(long partitionKeyIndex, long explicitHashKeyIndex, byte[] data) {
    }
}
