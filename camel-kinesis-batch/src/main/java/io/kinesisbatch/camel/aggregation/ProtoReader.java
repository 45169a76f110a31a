package io.kinesisbatch.camel.aggregation;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Reads proto2 wire format from a slice of a byte array, checking every length against what is left before anything
 * is allocated, so a declared length of 2 GiB in a 100-byte record fails at once. Errors name the byte offset inside
 * the protobuf. Single-threaded; one reader per message or sub-message.
 */
final class ProtoReader {

    /** Nesting of unknown groups skipped before giving up: a guard against stack exhaustion by crafted input. */
    private static final int MAX_GROUP_DEPTH = 64;

    private final byte[] buffer;
    /** Offset of the whole protobuf in {@code buffer}, so errors report offsets inside the protobuf. */
    private final int origin;
    private final int limit;
    private int position;

    ProtoReader(byte[] buffer, int offset, int length) {
        this(buffer, offset, offset, offset + length);
    }

    private ProtoReader(byte[] buffer, int origin, int position, int limit) {
        this.buffer = buffer;
        this.origin = origin;
        this.position = position;
        this.limit = limit;
    }

    boolean hasMore() {
        return position < limit;
    }

    /** The next field's tag; its field number is {@code tag >>> 3}, its wire type {@code tag & 7}. */
    int readTag() {
        int at = position;
        long tag = readVarint();
        if (tag >>> 3 == 0 || tag > Integer.MAX_VALUE) {
            throw corrupt("invalid field tag " + Long.toUnsignedString(tag), at);
        }
        return (int) tag;
    }

    long readVarint() {
        int at = position;
        long value = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            if (position >= limit) {
                throw corrupt("truncated varint", at);
            }
            byte b = buffer[position++];
            if (shift == 63 && (b & 0xFE) != 0) {
                throw corrupt("varint overflows 64 bits", at);
            }
            value |= (long) (b & 0x7F) << shift;
            if (b >= 0) {
                return value;
            }
        }
        throw corrupt("varint overflows 64 bits", at);
    }

    /** A reader over the next length-delimited field's payload; this reader moves past it. */
    ProtoReader readMessage() {
        int length = readLength();
        ProtoReader sub = new ProtoReader(buffer, origin, position, position + length);
        position += length;
        return sub;
    }

    byte[] readBytes() {
        int length = readLength();
        byte[] bytes = Arrays.copyOfRange(buffer, position, position + length);
        position += length;
        return bytes;
    }

    /** A proto2 string: UTF-8, malformed sequences replaced (as protobuf-java does for proto2). */
    String readString() {
        int length = readLength();
        String s = new String(buffer, position, length, StandardCharsets.UTF_8);
        position += length;
        return s;
    }

    /** Skips a field this reader does not know, whatever its wire type; groups are skipped to their end tag. */
    void skipField(int tag) {
        skipField(tag, 0);
    }

    private void skipField(int tag, int depth) {
        int at = position;
        switch (tag & 7) {
            case KplFormat.WIRE_VARINT -> readVarint();
            case KplFormat.WIRE_FIXED64 -> skipBytes(8, at);
            case KplFormat.WIRE_LENGTH_DELIMITED -> skipBytes(readLength(), at);
            case KplFormat.WIRE_FIXED32 -> skipBytes(4, at);
            case KplFormat.WIRE_START_GROUP -> skipGroup(tag >>> 3, depth + 1);
            case KplFormat.WIRE_END_GROUP -> throw corrupt("end of group " + (tag >>> 3) + " without its start", at);
            default -> throw corrupt("invalid wire type " + (tag & 7) + " for field " + (tag >>> 3), at);
        }
    }

    private void skipGroup(int fieldNumber, int depth) {
        int at = position;
        if (depth > MAX_GROUP_DEPTH) {
            throw corrupt("groups nested deeper than " + MAX_GROUP_DEPTH, at);
        }
        while (hasMore()) {
            int tag = readTag();
            if ((tag & 7) == KplFormat.WIRE_END_GROUP) {
                if (tag >>> 3 != fieldNumber) {
                    throw corrupt("group " + fieldNumber + " ended by the end tag of group " + (tag >>> 3), at);
                }
                return;
            }
            skipField(tag, depth);
        }
        throw corrupt("truncated group " + fieldNumber, at);
    }

    private void skipBytes(int count, int at) {
        if (count > limit - position) {
            throw corrupt("truncated field: " + count + " bytes needed, " + (limit - position) + " left", at);
        }
        position += count;
    }

    private int readLength() {
        int at = position;
        long length = readVarint();
        if (length < 0 || length > limit - position) {
            throw corrupt("length " + Long.toUnsignedString(length) + " beyond the " + (limit - position)
                          + " bytes left",
                    at);
        }
        return (int) length;
    }

    /** An error about the current message, naming the byte offset of the offending field inside the protobuf. */
    CorruptAggregateException corrupt(String problem) {
        return corrupt(problem, position);
    }

    private CorruptAggregateException corrupt(String problem, int at) {
        return new CorruptAggregateException(
                "Corrupt KPL aggregate: " + problem + " at byte " + (at - origin) + " of its protobuf");
    }
}
