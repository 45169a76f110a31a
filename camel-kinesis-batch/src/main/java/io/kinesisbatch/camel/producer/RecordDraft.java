package io.kinesisbatch.camel.producer;

import java.nio.charset.StandardCharsets;

/** What a user record becomes after conversion and validation: the data and keys of one Kinesis record. */
public record RecordDraft(byte[] data, String partitionKey, String explicitHashKey) {

    /** Bytes counting toward Kinesis limits: data plus the partition key in UTF-8. */
    public int size() {
        return data.length + partitionKey.getBytes(StandardCharsets.UTF_8).length;
    }
}
