package io.kinesisbatch.camel.checkpoint;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Positions order as numbers (never as text), with the sub-sequence after the sequence number. */
class SequencePositionTest {

    @Test
    void ordersSequenceNumbersAsNumbers() {
        assertThat(SequencePosition.of("10").isAfter(SequencePosition.of("9"))).isTrue();
        assertThat(SequencePosition.of("9").isAfter(SequencePosition.of("10"))).isFalse();
        String big = "49590338271490256608559692538361571095921575989136588898"; // a real-looking 56-digit one
        assertThat(SequencePosition.of(big).isAfter(SequencePosition.of(big.substring(1)))).isTrue();
        assertThat(SequencePosition.of(big, 2).isAfter(SequencePosition.of(big, 1))).isTrue();
        assertThat(SequencePosition.of(big, 0).compareTo(SequencePosition.of(big))).isZero();
    }

    @Test
    void leadingZerosChangeNothing() {
        assertThat(SequencePosition.of("007")).isEqualTo(SequencePosition.of("7"))
                .hasSameHashCodeAs(SequencePosition.of("7"));
        assertThat(SequencePosition.of("000").compareTo(SequencePosition.of("0"))).isZero();
        assertThat(SequencePosition.of("010").isAfter(SequencePosition.of("9"))).isTrue();
        assertThat(SequencePosition.of("007").sequenceNumber()).as("kept as Kinesis gave it").isEqualTo("007");
    }

    @Test
    void agreesWithBigIntegerOnRandomNumbersOfUpTo128Bits() {
        Random random = new Random(42);
        List<BigInteger> numbers = new ArrayList<>();
        for (int i = 0; i < 2000; i++) {
            numbers.add(new BigInteger(1 + random.nextInt(128), random));
        }
        for (int i = 1; i < numbers.size(); i++) {
            BigInteger a = numbers.get(i - 1);
            BigInteger b = numbers.get(i);
            assertThat(Integer.signum(SequencePosition.of(a.toString()).compareTo(SequencePosition.of(b.toString()))))
                    .as("%s vs %s", a, b).isEqualTo(a.compareTo(b));
        }
    }

    @Test
    void anythingButDigitsIsRefusedWithTheValue() {
        assertThatThrownBy(() -> SequencePosition.of("-5")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("non-negative decimal").hasMessageContaining("\"-5\"");
        assertThatThrownBy(() -> SequencePosition.of("12a")).hasMessageContaining("\"12a\"");
        assertThatThrownBy(() -> SequencePosition.of("")).hasMessageContaining("empty");
        assertThatThrownBy(() -> SequencePosition.of("5", -1)).hasMessageContaining("sub-sequence");
    }
}
