package io.kinesisbatch.camel.aggregation;

import io.kinesisbatch.camel.shardmap.HashKeys;
import java.math.BigInteger;

/**
 * One user record inside a KPL aggregate: its partition key, its explicit hash key (null when none) and its data.
 * The data array is the record's own (the decoder copies it out of the aggregate; the builder does not copy it, so a
 * caller must not change an array after handing it over).
 */
public record SubRecord(String partitionKey, String explicitHashKey, byte[] data) {

    public SubRecord {
        if (partitionKey == null) {
            throw new IllegalArgumentException("A user record needs a partition key");
        }
        if (data == null) {
            throw new IllegalArgumentException("A user record needs data (an empty array is fine)");
        }
    }

    /** The hash key that decides this record's shard: its explicit hash key, else the MD5 of its partition key. */
    public BigInteger hashKey() {
        return HashKeys.effective(partitionKey, explicitHashKey);
    }

    @Override
    public String toString() {
        return "SubRecord[partitionKey=" + partitionKey + ", explicitHashKey=" + explicitHashKey + ", "
               + data.length + " bytes]";
    }
}
