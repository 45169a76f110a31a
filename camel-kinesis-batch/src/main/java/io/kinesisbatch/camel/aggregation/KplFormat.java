package io.kinesisbatch.camel.aggregation;

/**
 * Constants of the KPL aggregated-record format: {@code F3 89 9A C2}, the protobuf {@code AggregatedRecord}, then the
 * 16-byte MD5 of the protobuf bytes. Field numbers are those of KPL's {@code messages.proto}.
 */
final class KplFormat {

    static final byte[] MAGIC = { (byte) 0xF3, (byte) 0x89, (byte) 0x9A, (byte) 0xC2 };
    static final int DIGEST_LENGTH = 16;
    /** Magic plus digest: the bytes of an aggregate that are not protobuf. */
    static final int OVERHEAD = MAGIC.length + DIGEST_LENGTH;

    // AggregatedRecord
    static final int PARTITION_KEY_TABLE = 1;
    static final int EXPLICIT_HASH_KEY_TABLE = 2;
    static final int RECORDS = 3;
    // Record
    static final int PARTITION_KEY_INDEX = 1;
    static final int EXPLICIT_HASH_KEY_INDEX = 2;
    static final int DATA = 3;
    static final int TAGS = 4;
    // Tag
    static final int TAG_KEY = 1;
    static final int TAG_VALUE = 2;

    static final int WIRE_VARINT = 0;
    static final int WIRE_FIXED64 = 1;
    static final int WIRE_LENGTH_DELIMITED = 2;
    static final int WIRE_START_GROUP = 3;
    static final int WIRE_END_GROUP = 4;
    static final int WIRE_FIXED32 = 5;

    private KplFormat() {}

    /** Bytes of {@code value} as a protobuf varint (unsigned). */
    static int varintSize(long value) {
        int size = 1;
        while ((value & ~0x7FL) != 0) {
            value >>>= 7;
            size++;
        }
        return size;
    }

    /** Bytes of a length-delimited field (one-byte tag, as every field number here is below 16) with this payload. */
    static long lengthDelimitedFieldSize(long payloadLength) {
        return 1L + varintSize(payloadLength) + payloadLength;
    }
}
