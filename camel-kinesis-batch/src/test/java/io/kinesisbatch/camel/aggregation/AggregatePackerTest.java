package io.kinesisbatch.camel.aggregation;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AggregatePackerTest {

    private static SubRecord message(String key, int size) {
        return new SubRecord(key, null, new byte[size]);
    }

    private static List<SubRecord> decoded(PackedRecord<?> record) {
        return AggregateDecoder.decode(record.data()).orElseThrow();
    }

    @Test
    void messagesOfAGroupWaitInOneAggregateUntilFlushed() {
        AggregatePacker<String, Integer> packer = new AggregatePacker<>(AggregateBuilder.DEFAULT_MAX_BYTES);
        for (int i = 0; i < 5; i++) {
            assertThat(packer.add("shard-0", message("k" + i, 10), i)).isEmpty();
        }
        assertThat(packer.pendingMessages()).isEqualTo(5);
        assertThat(packer.openGroups()).isEqualTo(1);
        List<PackedRecord<Integer>> flushed = packer.flush("shard-0");
        assertThat(flushed).singleElement().satisfies(r -> {
            assertThat(r.aggregated()).isTrue();
            assertThat(r.messages()).containsExactly(0, 1, 2, 3, 4);
            assertThat(decoded(r)).extracting(SubRecord::partitionKey).containsExactly("k0", "k1", "k2", "k3", "k4");
            assertThat(r.partitionKey()).isEqualTo("k0");
            assertThat(r.recordSize()).isEqualTo(r.data().length + 2);
        });
        assertThat(packer.pendingMessages()).isZero();
        assertThat(packer.openGroups()).isZero();
        assertThat(packer.flush("shard-0")).isEmpty();
    }

    @Test
    void aMessageThatDoesNotFitClosesTheGroupsAggregateAndStartsTheNext() {
        AggregatePacker<String, Integer> packer = new AggregatePacker<>(2000);
        List<PackedRecord<Integer>> out = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            out.addAll(packer.add("g", message("key", 100), i));
        }
        out.addAll(packer.flushAll());
        assertThat(out.size()).isGreaterThan(5);
        List<Integer> order = out.stream().flatMap(r -> r.messages().stream()).toList();
        assertThat(order).hasSize(100).isSorted();
        for (PackedRecord<Integer> r : out) {
            assertThat(r.recordSize()).isLessThanOrEqualTo(2000);
            if (r.aggregated()) {
                assertThat(decoded(r)).hasSameSizeAs(r.messages());
            }
        }
    }

    @Test
    void aGroupOfOneMessageGoesOutPlain() {
        AggregatePacker<String, String> packer = new AggregatePacker<>(AggregateBuilder.DEFAULT_MAX_BYTES);
        SubRecord only = new SubRecord("k", "42", new byte[]{ 7 });
        packer.add("g", only, "m");
        PackedRecord<String> r = packer.flushAll().get(0);
        assertThat(r.aggregated()).isFalse();
        assertThat(r.plain()).isSameAs(only);
        assertThat(r.data()).containsExactly(7);
        assertThat(r.partitionKey()).isEqualTo("k");
        assertThat(r.explicitHashKey()).isEqualTo("42");
        assertThat(r.recordSize()).isEqualTo(2);
        assertThat(AggregateDecoder.isAggregate(r.data())).isFalse();
    }

    @Test
    void aMessageTooBigToAggregateGoesOutPlainAfterItsGroupsEarlierMessages() {
        AggregatePacker<String, Integer> packer = new AggregatePacker<>(1000);
        packer.add("g", message("a", 10), 1);
        packer.add("g", message("a", 10), 2);
        List<PackedRecord<Integer>> out = packer.add("g", message("a", 5000), 3);
        assertThat(out).hasSize(2);
        assertThat(out.get(0).aggregated()).isTrue();
        assertThat(out.get(0).messages()).containsExactly(1, 2);
        assertThat(out.get(1).aggregated()).isFalse();
        assertThat(out.get(1).messages()).containsExactly(3);
        assertThat(packer.openGroups()).isZero();
        assertThat(packer.add("other", message("b", 5000), 4)).singleElement()
                .satisfies(r -> assertThat(r.aggregated()).isFalse());
    }

    @Test
    void groupsAreIndependentAndFlushAllTakesTheLongestOpenFirst() {
        AggregatePacker<Integer, String> packer = new AggregatePacker<>(AggregateBuilder.DEFAULT_MAX_BYTES);
        packer.add(2, message("x", 1), "x1");
        packer.add(1, message("y", 1), "y1");
        packer.add(2, message("x", 1), "x2");
        packer.add(1, message("y", 1), "y2");
        assertThat(packer.openGroups()).isEqualTo(2);
        List<PackedRecord<String>> all = packer.flushAll();
        assertThat(all).extracting(PackedRecord::messages)
                .containsExactly(List.of("x1", "x2"), List.of("y1", "y2"));
        assertThat(packer.openGroups()).isZero();
    }

    @Test
    void aMessageWithABadExplicitHashKeyIsRefusedAndChangesNothing() {
        AggregatePacker<String, Integer> packer = new AggregatePacker<>(AggregateBuilder.DEFAULT_MAX_BYTES);
        packer.add("g", message("a", 1), 1);
        assertThatThrownBy(() -> packer.add("g", new SubRecord("a", "x", new byte[1]), 2))
                .hasMessageContaining("explicit hash key 'x'");
        assertThatThrownBy(() -> packer.add("h", new SubRecord("a", "x", new byte[1]), 3))
                .hasMessageContaining("explicit hash key 'x'");
        assertThat(packer.pendingMessages()).isEqualTo(1);
        assertThat(packer.openGroups()).isEqualTo(1);
        assertThatThrownBy(() -> new AggregatePacker<>(0)).hasMessageContaining("must be positive");
        assertThatThrownBy(() -> new PackedRecord<>(null, null, List.of()))
                .hasMessageContaining("either an aggregate or a plain record");
    }
}
