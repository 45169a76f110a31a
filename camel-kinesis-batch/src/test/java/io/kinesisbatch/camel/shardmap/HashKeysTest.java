package io.kinesisbatch.camel.shardmap;

import java.math.BigInteger;
import java.security.MessageDigest;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class HashKeysTest {

    @Test
    void aPartitionKeysHashKeyIsItsMd5AsAnUnsignedNumber() {
        // RFC 1321 test vectors; "abc" starts with 0x90, so a signed reading would be negative
        assertThat(HashKeys.ofPartitionKey("")).isEqualTo(new BigInteger("d41d8cd98f00b204e9800998ecf8427e", 16));
        assertThat(HashKeys.ofPartitionKey("a")).isEqualTo(new BigInteger("0cc175b9c0f1b6a831c399e269772661", 16));
        assertThat(HashKeys.ofPartitionKey("abc")).isEqualTo(new BigInteger("900150983cd24fb0d6963f7d28e17f72", 16));
        assertThat(HashKeys.ofPartitionKey("abc").signum()).isPositive();
    }

    @Test
    void aPartitionKeyIsHashedAsUtf8() throws Exception {
        byte[] utf8 = { (byte) 0xC3, (byte) 0xA9, 'x' }; // "éx"
        BigInteger expected = new BigInteger(1, MessageDigest.getInstance("MD5").digest(utf8));
        assertThat(HashKeys.ofPartitionKey("\u00e9x")).isEqualTo(expected);
    }

    @Test
    void parsesDecimalHashKeysFromZeroToTwoPow128MinusOne() {
        assertThat(HashKeys.parse("0", "k")).isEqualTo(BigInteger.ZERO);
        assertThat(HashKeys.parse("340282366920938463463374607431768211455", "k"))
                .isEqualTo(BigInteger.TWO.pow(128).subtract(BigInteger.ONE))
                .isEqualTo(HashKeys.MAX);
        assertThat(HashKeys.parse("007", "k")).isEqualTo(BigInteger.valueOf(7));
    }

    @Test
    void refusesWhatIsNotAHashKeyNamingTheValue() {
        for (String bad : new String[]{ "340282366920938463463374607431768211456", "-1", "+1", "1e5", " 1", "0x10",
                "\u0661", "1".repeat(200) }) {
            assertThatThrownBy(() -> HashKeys.parse(bad, "explicit hash key"))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("explicit hash key")
                    .hasMessageContaining("not a decimal number from 0 to 2^128-1");
        }
        assertThatThrownBy(() -> HashKeys.parse("", "ending hash key")).hasMessage("The ending hash key is empty");
        assertThatThrownBy(() -> HashKeys.parse(null, "ending hash key")).hasMessage("The ending hash key is empty");
    }

    @Test
    void theExplicitHashKeyWinsOverThePartitionKey() {
        assertThat(HashKeys.effective("abc", "5")).isEqualTo(BigInteger.valueOf(5));
        assertThat(HashKeys.effective("abc", null)).isEqualTo(HashKeys.ofPartitionKey("abc"));
        assertThatThrownBy(() -> HashKeys.effective("abc", "x")).hasMessageContaining("'x'");
        assertThatThrownBy(() -> HashKeys.effective(null, null)).hasMessageContaining("partition key is required");
    }
}
