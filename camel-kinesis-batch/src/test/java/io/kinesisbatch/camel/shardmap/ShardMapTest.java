package io.kinesisbatch.camel.shardmap;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.kinesis.model.Shard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ShardMapTest {

    private static final BigInteger QUARTER = BigInteger.TWO.pow(126);

    /** The ranges CreateStream gives four shards: quarters of 0..2^128-1. */
    private static List<ShardHashRange> fourShards() {
        List<ShardHashRange> shards = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            BigInteger start = QUARTER.multiply(BigInteger.valueOf(i));
            BigInteger end = QUARTER.multiply(BigInteger.valueOf(i + 1)).subtract(BigInteger.ONE);
            shards.add(ShardHashRange.of("shardId-00000000000" + i, start.toString(), end.toString()));
        }
        return shards;
    }

    @Test
    void findsTheShardOfAPartitionKeyByItsMd5() {
        ShardMap map = ShardMap.of(fourShards());
        // MD5("abc") = 0x9001...: in the third quarter (0x80.. to 0xBF..)
        assertThat(map.shardFor("abc", null)).map(ShardHashRange::shardId).contains("shardId-000000000002");
        // MD5("a") = 0x0cc1...: first quarter
        assertThat(map.shardFor("a", null)).map(ShardHashRange::shardId).contains("shardId-000000000000");
        // the explicit hash key wins over the partition key
        assertThat(map.shardFor("abc", HashKeys.MAX.toString())).map(ShardHashRange::shardId)
                .contains("shardId-000000000003");
    }

    @Test
    void rangeBoundsAreInclusive() {
        ShardMap map = ShardMap.of(fourShards());
        assertThat(map.shardFor(BigInteger.ZERO)).map(ShardHashRange::shardId).contains("shardId-000000000000");
        assertThat(map.shardFor(QUARTER.subtract(BigInteger.ONE))).map(ShardHashRange::shardId)
                .contains("shardId-000000000000");
        assertThat(map.shardFor(QUARTER)).map(ShardHashRange::shardId).contains("shardId-000000000001");
        assertThat(map.shardFor(HashKeys.MAX)).map(ShardHashRange::shardId).contains("shardId-000000000003");
        assertThatThrownBy(() -> map.shardFor(HashKeys.MAX.add(BigInteger.ONE)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void binarySearchAgreesWithAScanOverRandomKeysAndUnevenShards() {
        Random random = new Random(42);
        List<BigInteger> cuts = new ArrayList<>();
        for (int i = 0; i < 37; i++) {
            cuts.add(new BigInteger(128, random));
        }
        Collections.sort(cuts);
        List<ShardHashRange> shards = new ArrayList<>();
        BigInteger start = BigInteger.ZERO;
        for (int i = 0; i <= cuts.size(); i++) {
            BigInteger end = i < cuts.size() ? cuts.get(i) : HashKeys.MAX;
            if (end.compareTo(start) >= 0) {
                shards.add(new ShardHashRange("s" + i, new HashKeyRange(start, end)));
                start = end.add(BigInteger.ONE);
            }
        }
        Collections.shuffle(shards, random);
        ShardMap map = ShardMap.of(shards);
        assertThat(map.coversAllHashKeys()).isTrue();
        for (int i = 0; i < 2000; i++) {
            BigInteger key = i % 2 == 0 ? new BigInteger(128, random) : HashKeys.ofPartitionKey("key-" + i);
            String expected = shards.stream().filter(s -> s.range().contains(key)).findFirst().orElseThrow().shardId();
            assertThat(map.shardFor(key)).map(ShardHashRange::shardId).contains(expected);
        }
    }

    @Test
    void aKeyInAGapHasNoShard() {
        List<ShardHashRange> shards = new ArrayList<>(fourShards());
        shards.remove(1); // a ListShards answer read mid-reshard may lack a shard
        ShardMap map = ShardMap.of(shards);
        assertThat(map.coversAllHashKeys()).isFalse();
        assertThat(map.shardFor(QUARTER)).isEmpty();
        assertThat(map.shardFor(QUARTER.subtract(BigInteger.ONE))).isPresent();
        assertThat(ShardMap.of(List.of()).shardFor(BigInteger.ONE)).isEmpty();
        assertThat(ShardMap.of(List.of()).coversAllHashKeys()).isFalse();
    }

    @Test
    void childrenOfASplitReplaceTheirParent() {
        List<ShardHashRange> shards = new ArrayList<>(fourShards());
        ShardHashRange parent = shards.remove(2);
        BigInteger middle = parent.range().start().add(QUARTER.shiftRight(1));
        shards.add(new ShardHashRange("child-a", new HashKeyRange(parent.range().start(),
                middle.subtract(BigInteger.ONE))));
        shards.add(new ShardHashRange("child-b", new HashKeyRange(middle, parent.range().end())));
        ShardMap map = ShardMap.of(shards);
        assertThat(map.coversAllHashKeys()).isTrue();
        assertThat(map.size()).isEqualTo(5);
        assertThat(map.shardFor(middle)).map(ShardHashRange::shardId).contains("child-b");
        assertThat(map.shardFor(middle.subtract(BigInteger.ONE))).map(ShardHashRange::shardId).contains("child-a");
        assertThat(map.shard("child-a")).isPresent();
        assertThat(map.shard("shardId-000000000002")).isEmpty();
        assertThat(map.shards()).extracting(s -> s.range().start()).isSorted();
    }

    @Test
    void refusesOverlappingShardsAndRepeatedIds() {
        List<ShardHashRange> overlapping = new ArrayList<>(fourShards());
        overlapping.add(ShardHashRange.of("parent", "0", "100"));
        assertThatThrownBy(() -> ShardMap.of(overlapping)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("parent").hasMessageContaining("overlap");
        List<ShardHashRange> repeated = List.of(ShardHashRange.of("s", "0", "10"), ShardHashRange.of("s", "11", "20"));
        assertThatThrownBy(() -> ShardMap.of(repeated)).hasMessageContaining("Shard s appears twice");
    }

    @Test
    void rangesAreValidated() {
        assertThatThrownBy(() -> HashKeyRange.parse("10", "9")).hasMessageContaining("start <= end");
        assertThatThrownBy(() -> HashKeyRange.parse("0", "-1")).hasMessageContaining("ending hash key");
        assertThatThrownBy(() -> ShardHashRange.of("", "0", "1")).hasMessageContaining("needs an id");
        HashKeyRange range = HashKeyRange.parse("10", "20");
        assertThat(range.contains(BigInteger.TEN)).isTrue();
        assertThat(range.contains(BigInteger.valueOf(20))).isTrue();
        assertThat(range.contains(BigInteger.valueOf(9))).isFalse();
        assertThat(range.contains(BigInteger.valueOf(21))).isFalse();
        assertThat(HashKeyRange.ALL.contains(HashKeys.MAX)).isTrue();
    }

    @Test
    void aListShardsAnswerMapsItsOpenShardsOnly() {
        String half = BigInteger.TWO.pow(127).toString();
        String halfMinusOne = BigInteger.TWO.pow(127).subtract(BigInteger.ONE).toString();
        List<Shard> listed = List.of(
                Shard.builder().shardId("parent").hashKeyRange(r -> r.startingHashKey("0")
                        .endingHashKey(HashKeys.MAX.toString()))
                        .sequenceNumberRange(r -> r.startingSequenceNumber("1").endingSequenceNumber("9")).build(),
                Shard.builder().shardId("child-a").hashKeyRange(r -> r.startingHashKey("0").endingHashKey(halfMinusOne))
                        .sequenceNumberRange(r -> r.startingSequenceNumber("10")).build(),
                Shard.builder().shardId("child-b").hashKeyRange(r -> r.startingHashKey(half)
                        .endingHashKey(HashKeys.MAX.toString()))
                        .sequenceNumberRange(r -> r.startingSequenceNumber("11")).build());
        ShardMap map = ShardMap.ofListedShards(listed);
        assertThat(map.shards()).extracting(ShardHashRange::shardId).containsExactly("child-a", "child-b");
        assertThat(map.coversAllHashKeys()).isTrue();
        assertThat(map.shardFor("abc", null)).map(ShardHashRange::shardId).contains("child-b"); // MD5 0x90...
        assertThatThrownBy(() -> ShardMap.ofListedShards(List.of(Shard.builder().shardId("x").build())))
                .hasMessageContaining("Shard x was listed without a hash key range");
    }
}
