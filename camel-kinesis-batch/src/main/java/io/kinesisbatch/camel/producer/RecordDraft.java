package io.kinesisbatch.camel.producer;

/** What a user record becomes after conversion and validation: the data and keys of one Kinesis record. */
public record RecordDraft(byte[] data, String partitionKey, String explicitHashKey) {

    /** Bytes counting toward Kinesis limits: data plus the partition key in UTF-8. */
    public int size() {
        return data.length + utf8Length(partitionKey);
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
