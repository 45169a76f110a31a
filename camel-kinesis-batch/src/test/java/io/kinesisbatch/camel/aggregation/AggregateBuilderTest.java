package io.kinesisbatch.camel.aggregation;

import io.kinesisbatch.camel.shardmap.HashKeyRange;
import io.kinesisbatch.camel.shardmap.HashKeys;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AggregateBuilderTest {

    private static SubRecord record(String partitionKey, String explicitHashKey, int size) {
        byte[] data = new byte[size];
        for (int i = 0; i < size; i++) {
            data[i] = (byte) (i * 31 + partitionKey.hashCode());
        }
        return new SubRecord(partitionKey, explicitHashKey, data);
    }

    private static List<SubRecord> decode(Aggregate aggregate) {
        return AggregateDecoder.decode(aggregate.data()).orElseThrow();
    }

    @Test
    void whatItBuildsDecodesToTheSameRecordsInOrder() {
        AggregateBuilder builder = new AggregateBuilder(AggregateBuilder.DEFAULT_MAX_BYTES);
        List<SubRecord> added = List.of(record("a", null, 3), record("b", "12345", 0), record("a", "12345", 5),
                record("\u00e9\uD83D\uDE00", null, 1));
        added.forEach(r -> assertThat(builder.tryAdd(r)).isTrue());
        Aggregate aggregate = builder.build();
        List<SubRecord> decoded = decode(aggregate);
        assertThat(decoded).hasSize(4);
        for (int i = 0; i < added.size(); i++) {
            assertThat(decoded.get(i).partitionKey()).isEqualTo(added.get(i).partitionKey());
            assertThat(decoded.get(i).explicitHashKey()).isEqualTo(added.get(i).explicitHashKey());
            assertThat(decoded.get(i).data()).isEqualTo(added.get(i).data());
        }
        assertThat(aggregate.userRecordCount()).isEqualTo(4);
    }

    @Test
    void repeatedKeysAreStoredOnce() {
        AggregateBuilder builder = new AggregateBuilder(AggregateBuilder.DEFAULT_MAX_BYTES);
        String key = "a-partition-key-of-some-length";
        builder.tryAdd(record(key, null, 10));
        int one = builder.size();
        builder.tryAdd(record(key, null, 10));
        // the second record costs its record message only: tag, length, index field, data field
        assertThat(builder.size() - one).isEqualTo(1 + 1 + 2 + (1 + 1 + 10));
        int two = builder.size();
        builder.tryAdd(record(key, "7", 10));
        builder.tryAdd(record(key, "7", 10));
        int withEhk = 1 + 1 + 2 + 2 + (1 + 1 + 10);
        assertThat(builder.size() - two).isEqualTo((1 + 1 + 1) + 2 * withEhk);
        byte[] data = builder.build().data();
        assertThat(occurrences(data, key.getBytes(StandardCharsets.UTF_8))).isEqualTo(1);
    }

    @Test
    void sizeIsExactAcrossVarintBoundaries() {
        Random random = new Random(7);
        int[] sizes = { 0, 1, 110, 127, 128, 129, 16383, 16384, 16385, 70000 };
        for (int round = 0; round < 30; round++) {
            AggregateBuilder builder = new AggregateBuilder(AggregateBuilder.DEFAULT_RECORD_LIMIT);
            int count = 1 + random.nextInt(300); // past 128 distinct keys: two-byte indexes
            for (int i = 0; i < count; i++) {
                String key = "k" + random.nextInt(200);
                String ehk = random.nextInt(4) == 0 ? Integer.toString(random.nextInt(150)) : null;
                int size = i % 17 == 0 ? sizes[random.nextInt(sizes.length)] : random.nextInt(40);
                builder.tryAdd(record(key, ehk, size));
            }
            int counted = builder.size();
            Aggregate aggregate = builder.build(); // build() itself checks the written length against the count
            assertThat(aggregate.recordSize()).isEqualTo(counted);
            assertThat(aggregate.recordSize()).isEqualTo(
                    aggregate.data().length + aggregate.partitionKey().getBytes(StandardCharsets.UTF_8).length);
            assertThat(decode(aggregate)).hasSize(aggregate.userRecordCount());
        }
    }

    @Test
    void aRecordFitsExactlyUpToTheLimitAndNotOneByteMore() {
        AggregateBuilder probe = new AggregateBuilder(AggregateBuilder.DEFAULT_RECORD_LIMIT);
        probe.tryAdd(record("key", null, 100));
        probe.tryAdd(record("other", null, 200));
        int exact = probe.size();

        AggregateBuilder fits = new AggregateBuilder(exact);
        assertThat(fits.tryAdd(record("key", null, 100))).isTrue();
        assertThat(fits.tryAdd(record("other", null, 200))).isTrue();
        assertThat(fits.build().recordSize()).isEqualTo(exact);

        AggregateBuilder tooSmall = new AggregateBuilder(exact - 1);
        assertThat(tooSmall.tryAdd(record("key", null, 100))).isTrue();
        int before = tooSmall.size();
        assertThat(tooSmall.tryAdd(record("other", null, 200))).isFalse();
        assertThat(tooSmall.size()).isEqualTo(before);
        assertThat(tooSmall.count()).isEqualTo(1);
        assertThat(decode(tooSmall.build())).extracting(SubRecord::partitionKey).containsExactly("key");
    }

    @Test
    void aRecordTooBigForAnyAggregateIsRefusedByAnEmptyBuilder() {
        AggregateBuilder builder = AggregateBuilder.bounded(AggregateBuilder.DEFAULT_MAX_BYTES,
                AggregateBuilder.DEFAULT_RECORD_LIMIT);
        assertThat(builder.tryAdd(record("k", null, AggregateBuilder.DEFAULT_MAX_BYTES))).isFalse();
        assertThat(builder.isEmpty()).isTrue();
        assertThat(builder.size()).isZero();
        assertThat(AggregateBuilder.bounded(10_000_000, 1000).tryAdd(record("k", null, 1000))).isFalse();
    }

    @Test
    void theOuterRecordTakesTheFirstRecordsPartitionKeyAndHashKey() {
        AggregateBuilder builder = new AggregateBuilder(AggregateBuilder.DEFAULT_MAX_BYTES);
        builder.tryAdd(record("first", null, 1));
        builder.tryAdd(record("second", "5", 1));
        Aggregate aggregate = builder.build();
        assertThat(aggregate.partitionKey()).isEqualTo("first");
        BigInteger md5 = new BigInteger("8b04d5e3775d298e78455efc5ca404d5", 16); // MD5("first"), independently known
        assertThat(aggregate.explicitHashKey()).isEqualTo(md5.toString());
        assertThat(aggregate.lowestHashKey()).isEqualTo(BigInteger.valueOf(5));
        assertThat(aggregate.highestHashKey()).isEqualTo(md5);

        AggregateBuilder explicitFirst = new AggregateBuilder(AggregateBuilder.DEFAULT_MAX_BYTES);
        explicitFirst.tryAdd(record("p", "00042", 1));
        assertThat(explicitFirst.build().explicitHashKey()).isEqualTo("42");
    }

    @Test
    void anAggregateFitsAShardOnlyWhenItsLowestAndHighestHashKeysDo() {
        AggregateBuilder builder = new AggregateBuilder(AggregateBuilder.DEFAULT_MAX_BYTES);
        builder.tryAdd(record("p", "100", 1));
        builder.tryAdd(record("p", "200", 1));
        builder.tryAdd(record("p", "150", 1));
        Aggregate aggregate = builder.build();
        assertThat(aggregate.fitsWithin(HashKeyRange.parse("100", "200"))).isTrue();
        assertThat(aggregate.fitsWithin(HashKeyRange.parse("101", "300"))).isFalse();
        assertThat(aggregate.fitsWithin(HashKeyRange.parse("0", "199"))).isFalse();
        assertThat(aggregate.fitsWithin(HashKeyRange.ALL)).isTrue();
    }

    @Test
    void badInputIsRefusedWithAClearError() {
        assertThatThrownBy(() -> new AggregateBuilder(0)).hasMessageContaining("aggregationMaxBytes must be positive");
        AggregateBuilder builder = new AggregateBuilder(AggregateBuilder.DEFAULT_MAX_BYTES);
        assertThatThrownBy(() -> builder.tryAdd(record("p", "2^128", 1))).hasMessageContaining("'2^128'");
        assertThat(builder.isEmpty()).isTrue();
        assertThatThrownBy(builder::build).hasMessageContaining("at least one user record");
        assertThatThrownBy(() -> new SubRecord(null, null, new byte[0])).hasMessageContaining("partition key");
        assertThatThrownBy(() -> new SubRecord("p", null, null)).hasMessageContaining("needs data");
        builder.tryAdd(record("p", null, 1));
        builder.build();
        assertThatThrownBy(() -> builder.tryAdd(record("p", null, 1))).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(builder::build).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void packsManySmallMessagesUpToTheDefaultLimit() {
        List<Aggregate> aggregates = new ArrayList<>();
        AggregateBuilder builder = new AggregateBuilder(AggregateBuilder.DEFAULT_MAX_BYTES);
        int messages = 5000;
        for (int i = 0; i < messages; i++) {
            SubRecord r = record(Integer.toString(i), null, 100);
            if (!builder.tryAdd(r)) {
                aggregates.add(builder.build());
                builder = new AggregateBuilder(AggregateBuilder.DEFAULT_MAX_BYTES);
                assertThat(builder.tryAdd(r)).isTrue();
            }
        }
        aggregates.add(builder.build());
        assertThat(aggregates.stream().mapToInt(Aggregate::userRecordCount).sum()).isEqualTo(messages);
        for (Aggregate a : aggregates.subList(0, aggregates.size() - 1)) {
            assertThat(a.recordSize()).isLessThanOrEqualTo(AggregateBuilder.DEFAULT_MAX_BYTES)
                    .isGreaterThan(AggregateBuilder.DEFAULT_MAX_BYTES - 120);
        }
        // 100-byte messages with 1-4 digit keys: about 460 per 50 KiB aggregate
        assertThat(aggregates.get(0).userRecordCount()).isBetween(400, 480);
        assertThat(HashKeys.effective(aggregates.get(0).partitionKey(), aggregates.get(0).explicitHashKey()))
                .isEqualTo(HashKeys.ofPartitionKey("0"));
    }

    private static int occurrences(byte[] haystack, byte[] needle) {
        int count = 0;
        outer : for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            count++;
        }
        return count;
    }
}
