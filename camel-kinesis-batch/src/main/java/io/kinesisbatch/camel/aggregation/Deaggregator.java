package io.kinesisbatch.camel.aggregation;

import io.kinesisbatch.camel.checkpoint.SequencePosition;
import io.kinesisbatch.camel.shardmap.HashKeyRange;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Turns one Kinesis record into the user records the route receives, applying KCL's hash-range rule: an aggregate
 * with any user record whose hash key (explicit, else the MD5 of its partition key) lies outside the range of the
 * shard it was read from is dropped whole. Such an aggregate was written before a reshard and sent again, re-grouped,
 * by a producer that noticed (ours does, and so does the KPL for its misfits); reading it would deliver some user
 * records twice. Pure and stateless.
 */
public final class Deaggregator {

    private Deaggregator() {}

    /**
     * @param sequenceNumber the Kinesis record's sequence number
     * @param partitionKey   the Kinesis record's partition key
     * @param data           the Kinesis record's data
     * @param shardRange     the hash key range of the shard the record was read from; {@link HashKeyRange#ALL} turns
     *                       the rule off
     * @throws CorruptAggregateException when the record is framed as an aggregate (magic and MD5) but its protobuf is
     *                                   invalid; the message names the sequence number
     */
    public static DeaggregatedRecord deaggregate(String sequenceNumber, String partitionKey, byte[] data,
                                                 HashKeyRange shardRange) {
        Optional<List<SubRecord>> decoded;
        try {
            decoded = AggregateDecoder.decode(data);
        } catch (CorruptAggregateException e) {
            throw new CorruptAggregateException("Record " + sequenceNumber + ": " + e.getMessage(), e);
        }
        if (decoded.isEmpty()) {
            UserRecord plain = new UserRecord(SequencePosition.of(sequenceNumber), partitionKey, null, data, false,
                    true);
            return new DeaggregatedRecord(DeaggregatedRecord.Outcome.PLAIN, sequenceNumber, List.of(plain), 0, null);
        }
        List<SubRecord> subRecords = decoded.get();
        BigInteger misplaced = firstOutside(subRecords, shardRange, sequenceNumber);
        if (misplaced != null) {
            return new DeaggregatedRecord(DeaggregatedRecord.Outcome.OUTSIDE_SHARD_RANGE, sequenceNumber, List.of(),
                    subRecords.size(), misplaced);
        }
        List<UserRecord> userRecords = new ArrayList<>(subRecords.size());
        for (int i = 0; i < subRecords.size(); i++) {
            SubRecord s = subRecords.get(i);
            userRecords.add(new UserRecord(SequencePosition.of(sequenceNumber, i), s.partitionKey(),
                    s.explicitHashKey(), s.data(), true, i == subRecords.size() - 1));
        }
        return new DeaggregatedRecord(DeaggregatedRecord.Outcome.AGGREGATE, sequenceNumber, userRecords,
                subRecords.size(), null);
    }

    /** The first hash key outside the range, or null; explicit hash keys are validated even when the rule is off. */
    private static BigInteger firstOutside(List<SubRecord> subRecords, HashKeyRange range, String sequenceNumber) {
        boolean checkRange = !range.equals(HashKeyRange.ALL);
        for (int i = 0; i < subRecords.size(); i++) {
            SubRecord record = subRecords.get(i);
            if (record.explicitHashKey() == null && !checkRange) {
                continue; // an MD5 per user record spared when every hash key is in range anyway
            }
            BigInteger hashKey;
            try {
                hashKey = record.hashKey();
            } catch (IllegalArgumentException e) {
                throw new CorruptAggregateException("Record " + sequenceNumber + ": corrupt KPL aggregate: user record "
                                                    + i + ": " + e.getMessage(),
                        e);
            }
            if (checkRange && !range.contains(hashKey)) {
                return hashKey;
            }
        }
        return null;
    }
}
