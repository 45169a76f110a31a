package io.kinesisbatch.camel.producer;

import java.math.BigInteger;

/**
 * Checks a record against Kinesis' limits before anything is sent. Pure; each method returns null when the record is
 * fine, else a message naming the problem (the caller adds the stream and fails that exchange alone).
 */
public final class RecordValidator {

    /** Longest partition key Kinesis accepts, in characters. */
    public static final int MAX_PARTITION_KEY_LENGTH = 256;
    /** Largest explicit hash key: 2^128 - 1. */
    public static final BigInteger MAX_HASH_KEY = BigInteger.ONE.shiftLeft(128).subtract(BigInteger.ONE);
    /** Largest record when the stream does not tell: 1 MiB. */
    public static final int DEFAULT_MAX_RECORD_SIZE = 1024 * 1024;

    private RecordValidator() {}

    public static String checkPartitionKey(String key) {
        if (key == null || key.isEmpty()) {
            return "the partition key is empty";
        }
        if (key.length() > MAX_PARTITION_KEY_LENGTH) {
            return "the partition key has " + key.length() + " characters, more than the " + MAX_PARTITION_KEY_LENGTH
                   + " Kinesis allows";
        }
        int lone = loneSurrogate(key);
        if (lone >= 0) {
            return String.format("the partition key has a lone UTF-16 surrogate (\\u%04X) at index %d: half of a"
                                 + " character such as an emoji (a key cut in the middle?), which cannot be sent to Kinesis",
                    (int) key.charAt(lone), lone);
        }
        return null;
    }

    /**
     * Index of the first UTF-16 surrogate without its partner, or -1. The SDK cannot marshal such a string: it would
     * fail the whole PutRecords call, every record of the batch with it.
     */
    static int loneSurrogate(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return i;
            }
        }
        return -1;
    }

    /** Null is fine (no explicit hash key). */
    public static String checkExplicitHashKey(String key) {
        if (key == null) {
            return null;
        }
        boolean digits = !key.isEmpty() && key.length() <= 39 && key.chars().allMatch(c -> c >= '0' && c <= '9');
        if (!digits || new BigInteger(key).compareTo(MAX_HASH_KEY) > 0) {
            return "the explicit hash key '" + abbreviate(key) + "' is not a decimal number from 0 to 2^128-1";
        }
        if (key.length() > 1 && key.charAt(0) == '0') {
            return "the explicit hash key '" + abbreviate(key) + "' has a leading zero, which Kinesis refuses";
        }
        return null;
    }

    public static String checkSize(RecordDraft draft, int maxRecordSize) {
        int size = draft.size();
        if (size > maxRecordSize) {
            return "the record has " + size + " bytes (data plus partition key), more than the stream's maximum of "
                   + maxRecordSize;
        }
        return null;
    }

    /** Every check of one record; the first problem found, or null. */
    public static String check(RecordDraft draft, int maxRecordSize) {
        String problem = draft.hasRandomKey() ? null : checkPartitionKey(draft.partitionKey());
        if (problem == null) {
            problem = checkExplicitHashKey(draft.explicitHashKey());
        }
        if (problem == null) {
            problem = checkSize(draft, maxRecordSize);
        }
        return problem;
    }

    private static String abbreviate(String s) {
        return s.length() <= 60 ? s : s.substring(0, 57) + "...";
    }
}
