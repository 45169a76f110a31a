package io.kinesisbatch.camel.producer;

/**
 * What a user record becomes after conversion and validation: the data and keys of one Kinesis record. Its size is
 * computed once: validation, buffer room, batching and the pipeline all ask for it.
 * <p>
 * A record without a partition key of its own gets a random one ({@link RecordReader#randomKey()}), made only when
 * the record is first sent ({@link BufferedRecord#entry()}): its length is fixed, so its size is known before.
 */
public final class RecordDraft {

    /** Length of a random partition key in characters and UTF-8 bytes: 32 hex digits. */
    public static final int RANDOM_KEY_LENGTH = 32;

    private final byte[] data;
    private final String partitionKey;
    private final String explicitHashKey;
    private final int size;

    /** @param partitionKey the record's key; null for a random one, made when it is sent */
    public RecordDraft(byte[] data, String partitionKey, String explicitHashKey) {
        this.data = data;
        this.partitionKey = partitionKey;
        this.explicitHashKey = explicitHashKey;
        this.size = data.length + (partitionKey == null ? RANDOM_KEY_LENGTH : utf8Length(partitionKey));
    }

    public byte[] data() {
        return data;
    }

    /** The record's own partition key; null when it gets a random one. */
    public String partitionKey() {
        return partitionKey;
    }

    public boolean hasRandomKey() {
        return partitionKey == null;
    }

    public String explicitHashKey() {
        return explicitHashKey;
    }

    /** Bytes counting toward Kinesis limits: data plus the partition key in UTF-8. */
    public int size() {
        return size;
    }

    /** Bytes of the string in UTF-8, without encoding it. */
    static int utf8Length(String s) {
        int bytes = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                bytes++;
            } else if (c < 0x800) {
                bytes += 2;
            } else if (Character.isHighSurrogate(c) && i + 1 < s.length()
                       && Character.isLowSurrogate(s.charAt(i + 1))) {
                bytes += 4;
                i++;
            } else if (Character.isSurrogate(c)) {
                bytes++; // unpaired: the encoder writes '?'
            } else {
                bytes += 3;
            }
        }
        return bytes;
    }
}
