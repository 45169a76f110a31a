package io.kinesisbatch.camel.shardmap;

import java.math.BigInteger;
import java.util.Objects;

/**
 * An inclusive range of hash keys, as a shard's {@code HashKeyRange} in ListShards. Immutable.
 */
public record HashKeyRange(BigInteger start, BigInteger end) {

    /** Every hash key: what a stream of one shard covers. */
    public static final HashKeyRange ALL = new HashKeyRange(BigInteger.ZERO, HashKeys.MAX);

    public HashKeyRange {
        Objects.requireNonNull(start, "start");
        Objects.requireNonNull(end, "end");
        if (start.signum() < 0 || end.compareTo(HashKeys.MAX) > 0 || start.compareTo(end) > 0) {
            throw new IllegalArgumentException("A hash key range needs 0 <= start <= end <= 2^128-1, not " + start
                                               + ".." + end);
        }
    }

    /** From the decimal strings ListShards returns. */
    public static HashKeyRange parse(String startingHashKey, String endingHashKey) {
        return new HashKeyRange(HashKeys.parse(startingHashKey, "starting hash key"),
                HashKeys.parse(endingHashKey, "ending hash key"));
    }

    public boolean contains(BigInteger hashKey) {
        return hashKey.compareTo(start) >= 0 && hashKey.compareTo(end) <= 0;
    }

    public boolean overlaps(HashKeyRange other) {
        return start.compareTo(other.end) <= 0 && other.start.compareTo(end) <= 0;
    }

    @Override
    public String toString() {
        return start + ".." + end;
    }
}
