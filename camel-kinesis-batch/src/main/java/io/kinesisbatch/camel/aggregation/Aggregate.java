package io.kinesisbatch.camel.aggregation;

import io.kinesisbatch.camel.shardmap.HashKeyRange;
import java.math.BigInteger;

/**
 * One Kinesis record in the KPL aggregated format, ready for a PutRecords entry: the outer partition key and explicit
 * hash key, the encoded bytes, how many user records it carries (user record {@code i} gets sub-sequence number
 * {@code i}) and the lowest and highest hash key among them, so a reply can be checked against the landing shard.
 * {@link #data()} is not copied: do not change it.
 */
public final class Aggregate {

    private final String partitionKey;
    private final int partitionKeyBytes;
    private final String explicitHashKey;
    private final byte[] data;
    private final int userRecordCount;
    private final BigInteger lowestHashKey;
    private final BigInteger highestHashKey;

    Aggregate(String partitionKey, int partitionKeyBytes, String explicitHashKey, byte[] data, int userRecordCount,
              BigInteger lowestHashKey, BigInteger highestHashKey) {
        this.partitionKey = partitionKey;
        this.partitionKeyBytes = partitionKeyBytes;
        this.explicitHashKey = explicitHashKey;
        this.data = data;
        this.userRecordCount = userRecordCount;
        this.lowestHashKey = lowestHashKey;
        this.highestHashKey = highestHashKey;
    }

    /** The outer record's partition key: the first user record's. */
    public String partitionKey() {
        return partitionKey;
    }

    /** The outer record's explicit hash key: the first user record's hash key, in decimal. */
    public String explicitHashKey() {
        return explicitHashKey;
    }

    /** Magic, protobuf and MD5: the outer record's data. */
    public byte[] data() {
        return data;
    }

    public int userRecordCount() {
        return userRecordCount;
    }

    /** Bytes Kinesis counts against its record and request limits: data plus partition key (UTF-8). */
    public int recordSize() {
        return data.length + partitionKeyBytes;
    }

    public BigInteger lowestHashKey() {
        return lowestHashKey;
    }

    public BigInteger highestHashKey() {
        return highestHashKey;
    }

    /** True when every user record's hash key lies in the range: a KCL-rule consumer of that shard reads them all. */
    public boolean fitsWithin(HashKeyRange range) {
        return range.contains(lowestHashKey) && range.contains(highestHashKey);
    }

    @Override
    public String toString() {
        return "Aggregate[" + userRecordCount + " user records, " + data.length + " bytes, partitionKey="
               + partitionKey + "]";
    }
}
