package io.kinesisbatch.camel.shardmap;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;

import software.amazon.awssdk.services.kinesis.model.HashKeyRange;
import software.amazon.awssdk.services.kinesis.model.SequenceNumberRange;
import software.amazon.awssdk.services.kinesis.model.Shard;

/** ListShards answers for tests: one shard over all keys, and the same stream after splitting it in halves. */
public final class TestShards {

    public static final BigInteger HALF = BigInteger.ONE.shiftLeft(127);

    private TestShards() {}

    public static Shard shard(String id, BigInteger start, BigInteger end, boolean closed) {
        return Shard.builder().shardId(id)
                .hashKeyRange(
                        HashKeyRange.builder().startingHashKey(start.toString()).endingHashKey(end.toString()).build())
                .sequenceNumberRange(SequenceNumberRange.builder().startingSequenceNumber("1")
                        .endingSequenceNumber(closed ? "99" : null).build())
                .build();
    }

    /** shard-0 holding every hash key. */
    public static List<Shard> oneShard() {
        return List.of(shard("shard-0", BigInteger.ZERO, HashKeys.MAX, false));
    }

    /** shard-0 closed, split into shard-1 (lower half) and shard-2 (upper half). */
    public static List<Shard> split() {
        List<Shard> shards = new ArrayList<>();
        shards.add(shard("shard-0", BigInteger.ZERO, HashKeys.MAX, true));
        shards.add(shard("shard-1", BigInteger.ZERO, HALF.subtract(BigInteger.ONE), false));
        shards.add(shard("shard-2", HALF, HashKeys.MAX, false));
        return shards;
    }

    /** A partition key whose MD5 lies in the lower half (lower = true) or the upper half. */
    public static String keyIn(boolean lower, int n) {
        int found = 0;
        for (int i = 0;; i++) {
            String key = "key-" + i;
            if ((HashKeys.ofPartitionKey(key).compareTo(HALF) < 0) == lower && found++ == n) {
                return key;
            }
        }
    }
}
