package io.kinesisbatch.camel.producer;

import java.math.BigInteger;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class RecordValidatorTest {

    @Test
    void partitionKeyMustHaveOneTo256Characters() {
        assertThat(RecordValidator.checkPartitionKey("a")).isNull();
        assertThat(RecordValidator.checkPartitionKey("x".repeat(256))).isNull();
        assertThat(RecordValidator.checkPartitionKey("x".repeat(257))).contains("257 characters");
        assertThat(RecordValidator.checkPartitionKey("")).contains("empty");
        assertThat(RecordValidator.checkPartitionKey(null)).contains("empty");
    }

    @Test
    void aPartitionKeyWithALoneSurrogateIsRejectedNamingIt() {
        assertThat(RecordValidator.checkPartitionKey("order-\uD83D\uDE00")).isNull(); // a whole emoji is fine
        assertThat(RecordValidator.checkPartitionKey("order-\uD83D"))
                .contains("lone UTF-16 surrogate (\\uD83D) at index 6");
        assertThat(RecordValidator.checkPartitionKey("\uDE00order"))
                .contains("lone UTF-16 surrogate (\\uDE00) at index 0");
        assertThat(RecordValidator.checkPartitionKey("a\uD83Db\uDE00")).contains("at index 1");
        assertThat(RecordValidator.checkExplicitHashKey("12\uD83D")).isNotNull();
    }

    @Test
    void explicitHashKeyMustBeADecimalFromZeroTo2To128Minus1() {
        BigInteger max = BigInteger.TWO.pow(128).subtract(BigInteger.ONE);
        assertThat(RecordValidator.checkExplicitHashKey(null)).isNull();
        assertThat(RecordValidator.checkExplicitHashKey("0")).isNull();
        assertThat(RecordValidator.checkExplicitHashKey(max.toString())).isNull();
        assertThat(RecordValidator.checkExplicitHashKey(max.add(BigInteger.ONE).toString())).contains("2^128-1");
        assertThat(RecordValidator.checkExplicitHashKey("-1")).isNotNull();
        assertThat(RecordValidator.checkExplicitHashKey("ff")).isNotNull();
        assertThat(RecordValidator.checkExplicitHashKey("")).isNotNull();
        // Kinesis' pattern is 0|([1-9]\d{0,38}): a leading zero is refused by the service, so refuse it first
        assertThat(RecordValidator.checkExplicitHashKey("007")).contains("leading zero");
        assertThat(RecordValidator.checkExplicitHashKey("00")).contains("leading zero");
        assertThat(RecordValidator.checkExplicitHashKey("1".repeat(80))).isNotNull().hasSizeLessThan(200);
    }

    @Test
    void sizeCountsDataPlusUtf8PartitionKey() {
        RecordDraft draft = new RecordDraft(new byte[98], "é", null); // é is 2 bytes in UTF-8
        assertThat(draft.size()).isEqualTo(100);
        assertThat(RecordValidator.checkSize(draft, 100)).isNull();
        assertThat(RecordValidator.checkSize(draft, 99)).contains("100 bytes").contains("99");
    }

    @Test
    void utf8LengthMatchesTheEncoder() {
        for (String s : new String[]{ "", "abc", "é", "€uro", "\uD83D\uDE00 smile", "mixé€\uD83D\uDE00",
                "\uD800 lone" }) {
            assertThat(RecordDraft.utf8Length(s)).as(s)
                    .isEqualTo(s.getBytes(java.nio.charset.StandardCharsets.UTF_8).length);
        }
    }
}
