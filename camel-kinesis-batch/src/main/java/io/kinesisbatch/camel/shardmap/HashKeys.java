package io.kinesisbatch.camel.shardmap;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * The 128-bit hash key that decides a record's shard: the explicit hash key when one is given, else the MD5 of the
 * partition key's UTF-8 bytes read as an unsigned big-endian integer (Kinesis' rule). Pure.
 */
public final class HashKeys {

    /** Largest hash key: 2^128 - 1. */
    public static final BigInteger MAX = BigInteger.ONE.shiftLeft(128).subtract(BigInteger.ONE);

    /** More digits than this cannot be a hash key even with leading zeros; refused before any parsing. */
    private static final int MAX_DIGITS = 128;

    private HashKeys() {}

    /** The hash key Kinesis derives from a partition key. */
    public static BigInteger ofPartitionKey(String partitionKey) {
        if (partitionKey == null) {
            throw new IllegalArgumentException("A partition key is required to compute its hash key");
        }
        return new BigInteger(1, md5().digest(partitionKey.getBytes(StandardCharsets.UTF_8)));
    }

    /**
     * Parses a decimal hash key (an explicit hash key, or a shard's starting/ending hash key from ListShards).
     * Accepts ASCII digits only, from 0 to 2^128-1; {@code what} names the value in the error.
     */
    public static BigInteger parse(String decimal, String what) {
        if (decimal == null || decimal.isEmpty()) {
            throw new IllegalArgumentException("The " + what + " is empty");
        }
        boolean digits = decimal.length() <= MAX_DIGITS && decimal.chars().allMatch(c -> c >= '0' && c <= '9');
        BigInteger value = digits ? new BigInteger(decimal) : null;
        if (value == null || value.compareTo(MAX) > 0) {
            throw new IllegalArgumentException("The " + what + " '" + abbreviate(decimal)
                                               + "' is not a decimal number from 0 to 2^128-1");
        }
        return value;
    }

    /** The explicit hash key when not null (validated), else the partition key's MD5. */
    public static BigInteger effective(String partitionKey, String explicitHashKey) {
        return explicitHashKey != null
                ? parse(explicitHashKey, "explicit hash key")
                : ofPartitionKey(partitionKey);
    }

    /** A fresh MD5 digest (MessageDigest instances are not thread-safe: one per use). */
    public static MessageDigest md5() {
        try {
            return MessageDigest.getInstance("MD5");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("MD5 is required of every Java platform", e);
        }
    }

    private static String abbreviate(String s) {
        return s.length() <= 48 ? s : s.substring(0, 45) + "...";
    }
}
