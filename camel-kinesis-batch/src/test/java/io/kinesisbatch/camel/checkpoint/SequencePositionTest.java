package io.kinesisbatch.camel.checkpoint;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SequencePositionTest {

    @Test
    void sequenceNumbersCompareAsNumbersNotAsText() {
        assertThat(SequencePosition.of("10").isAfter(SequencePosition.of("9"))).isTrue();
        assertThat(SequencePosition.of("007")).isEqualTo(SequencePosition.of("7"))
                .hasSameHashCodeAs(SequencePosition.of("7"));
        assertThat(SequencePosition.of("0")).isEqualTo(SequencePosition.of("000"));
        assertThat(SequencePosition.of("007").sequenceNumber()).as("kept as Kinesis wrote it").isEqualTo("007");
    }

    /** A record's own sequence number (Kinesis' pattern, not re-checked) orders and equals as a checked one does. */
    @Test
    void aRecordsPositionIsTheSameAsACheckedOne() {
        Random random = new Random(7);
        for (int i = 0; i < 500; i++) {
            String a = new BigInteger(1 + random.nextInt(186), random).toString();
            String b = new BigInteger(1 + random.nextInt(186), random).toString();
            assertThat(SequencePosition.ofRecord(a)).isEqualTo(SequencePosition.of(a))
                    .hasSameHashCodeAs(SequencePosition.of(a));
            assertThat(Integer.signum(SequencePosition.ofRecord(a).compareTo(SequencePosition.ofRecord(b))))
                    .isEqualTo(Integer.signum(new BigInteger(a).compareTo(new BigInteger(b))))
                    .isEqualTo(Integer.signum(SequencePosition.of(a).compareTo(SequencePosition.ofRecord(b))));
        }
        // outside the pattern: checked as any other
        assertThat(SequencePosition.ofRecord("007")).isEqualTo(SequencePosition.of("7"));
        assertThat(SequencePosition.ofRecord("0")).isEqualTo(SequencePosition.of("0"));
        assertThatThrownBy(() -> SequencePosition.ofRecord("")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SequencePosition.ofRecord("0x1")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aLaterSubSequenceOfTheSameRecordIsAfterItAndBeforeTheNextRecord() {
        SequencePosition record = SequencePosition.of("49680793298766386316061393535466407684793076988287909890");
        SequencePosition second = SequencePosition.of(record.sequenceNumber(), 1);
        SequencePosition next = SequencePosition.of("49680793298766386316061393535466407684793076988287909891");
        assertThat(second.isAfter(record)).isTrue();
        assertThat(next.isAfter(SequencePosition.of(record.sequenceNumber(), Long.MAX_VALUE))).isTrue();
        assertThat(second).isNotEqualTo(record);
    }

    @Test
    void theOrderIsBigIntegersOrderForRandomNumbersOfManyLengths() {
        Random random = new Random(42);
        List<SequencePosition> positions = new ArrayList<>();
        for (int i = 0; i < 2000; i++) {
            BigInteger n = new BigInteger(1 + random.nextInt(186), random);
            String zeros = random.nextInt(10) == 0 ? "00" : "";
            positions.add(SequencePosition.of(zeros + n, random.nextInt(3)));
        }
        List<SequencePosition> sorted = new ArrayList<>(positions);
        sorted.sort(null);
        List<SequencePosition> byBigInteger = new ArrayList<>(positions);
        byBigInteger.sort(Comparator.comparing((SequencePosition p) -> new BigInteger(p.sequenceNumber()))
                .thenComparingLong(SequencePosition::subSequence));
        assertThat(sorted).containsExactlyElementsOf(byBigInteger);
    }

    @Test
    void anythingButDecimalDigitsIsRefusedNamingIt() {
        for (String bad : List.of("", "-1", "+1", "12a", " 1")) {
            assertThatThrownBy(() -> SequencePosition.of(bad)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("non-negative decimal");
        }
        assertThatThrownBy(() -> SequencePosition.of("1", -1)).hasMessageContaining("never negative");
    }
}
