package io.kinesisbatch.camel.aggregation;

/**
 * Writes proto2 fields into a byte array sized in advance by the caller's own accounting. Only what
 * {@code AggregatedRecord} needs: varint fields and length-delimited fields with field numbers below 16.
 */
final class ProtoWriter {

    private final byte[] out;
    private int position;

    ProtoWriter(byte[] out, int offset) {
        this.out = out;
        this.position = offset;
    }

    void writeVarintField(int fieldNumber, long value) {
        writeVarint(fieldNumber << 3 | KplFormat.WIRE_VARINT);
        writeVarint(value);
    }

    void writeBytesField(int fieldNumber, byte[] bytes) {
        writeLengthHeader(fieldNumber, bytes.length);
        System.arraycopy(bytes, 0, out, position, bytes.length);
        position += bytes.length;
    }

    /** Tag and length of a length-delimited field whose payload the caller writes next. */
    void writeLengthHeader(int fieldNumber, int length) {
        writeVarint(fieldNumber << 3 | KplFormat.WIRE_LENGTH_DELIMITED);
        writeVarint(length);
    }

    int position() {
        return position;
    }

    private void writeVarint(long value) {
        while ((value & ~0x7FL) != 0) {
            out[position++] = (byte) ((value & 0x7F) | 0x80);
            value >>>= 7;
        }
        out[position++] = (byte) value;
    }
}
