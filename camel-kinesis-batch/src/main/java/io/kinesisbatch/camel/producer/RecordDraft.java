package io.kinesisbatch.camel.producer;

/**
 * What a user record becomes after conversion and validation: the data and keys of one Kinesis record. Its size is
 * computed once: validation, buffer room, batching and the pipeline all ask for it.
 */
public final class RecordDraft {

    private final byte[] data;
    private final String partitionKey;
    private final String explicitHashKey;
    private final int size;

    public RecordDraft(byte[] data, String partitionKey, String explicitHashKey) {
        this.data = data;
        this.partitionKey = partitionKey;
        this.explicitHashKey = explicitHashKey;
        this.size = data.length + (partitionKey == null ? 0 : utf8Length(partitionKey));
    }

    public byte[] data() {
        return data;
    }

    public String partitionKey() {
        return partitionKey;
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
            } else if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
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
