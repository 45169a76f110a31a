package io.kinesisbatch.camel.aggregation;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;

import static io.kinesisbatch.camel.aggregation.KplBytes.bytes;
import static io.kinesisbatch.camel.aggregation.KplBytes.concat;
import static io.kinesisbatch.camel.aggregation.KplBytes.frame;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AggregateDecoderTest {

    /** partition_key_table: "k" */
    private static final byte[] PK_K = bytes(0x0A, 0x01, 'k');
    /** records: { partition_key_index: 0, data: "x" } */
    private static final byte[] RECORD_K_X = bytes(0x1A, 0x05, 0x08, 0x00, 0x1A, 0x01, 'x');

    private static List<SubRecord> decode(byte[] protobuf) {
        return AggregateDecoder.decode(frame(protobuf)).orElseThrow();
    }

    private static void assertOnlyRecordIsKX(List<SubRecord> records) {
        assertThat(records).hasSize(1);
        assertThat(records.get(0).partitionKey()).isEqualTo("k");
        assertThat(records.get(0).explicitHashKey()).isNull();
        assertThat(records.get(0).data()).isEqualTo(bytes('x'));
    }

    @Test
    void readsAMinimalAggregate() {
        assertOnlyRecordIsKX(decode(concat(PK_K, RECORD_K_X)));
    }

    @Test
    void keyTablesMayFollowTheRecordsOnTheWire() {
        assertOnlyRecordIsKX(decode(concat(RECORD_K_X, PK_K)));
    }

    @Test
    void readsExplicitHashKeysTagsAndSharedTableEntries() {
        byte[] ehkTable = bytes(0x12, 0x02, '4', '2');
        byte[] withEhkAndTag = bytes(0x1A, 0x0C, 0x08, 0x00, 0x10, 0x00, 0x1A, 0x01, 'y',
                0x22, 0x03, 0x0A, 0x01, 't'); // tags { key: "t" }
        List<SubRecord> records = decode(concat(PK_K, ehkTable, RECORD_K_X, withEhkAndTag));
        assertThat(records).extracting(SubRecord::partitionKey).containsExactly("k", "k");
        assertThat(records).extracting(SubRecord::explicitHashKey).containsExactly(null, "42");
        assertThat(records.get(1).data()).isEqualTo(bytes('y'));
    }

    @Test
    void skipsUnknownFieldsOfEveryWireType() {
        byte[] unknown = concat(
                bytes(0x78, 0x96, 0x01), // field 15 varint
                bytes(0x49, 1, 2, 3, 4, 5, 6, 7, 8), // field 9 fixed64
                bytes(0x55, 1, 2, 3, 4), // field 10 fixed32
                bytes(0x5A, 0x02, 0xAA, 0xBB), // field 11 length-delimited
                bytes(0x63, 0x08, 0x01, 0x6B, 0x6C, 0x64), // group 12 holding a varint and an empty group 13
                bytes(0x08, 0x05)); // field 1 with the wrong wire type: unknown, as protobuf-java treats it
        byte[] recordWithUnknown = bytes(0x1A, 0x07, 0x28, 0x01, 0x08, 0x00, 0x1A, 0x01, 'x'); // field 5 varint
        assertOnlyRecordIsKX(decode(concat(unknown, PK_K, recordWithUnknown)));
    }

    @Test
    void anAggregateMayHoldNoRecords() {
        assertThat(decode(PK_K)).isEmpty();
    }

    @Test
    void onlyMagicPlusMoreThanSixteenBytesPlusAMatchingMd5IsAnAggregate() {
        byte[] good = frame(concat(PK_K, RECORD_K_X));
        assertThat(AggregateDecoder.isAggregate(good)).isTrue();

        byte[] badDigest = good.clone();
        badDigest[badDigest.length - 1] ^= 1;
        assertThat(AggregateDecoder.decode(badDigest)).isEmpty();

        byte[] badMagic = good.clone();
        badMagic[0] = 0x00;
        assertThat(AggregateDecoder.decode(badMagic)).isEmpty();

        byte[] emptyProtobuf = frame(new byte[0]); // magic and MD5 of nothing: exactly 16 bytes follow the magic
        assertThat(emptyProtobuf).hasSize(20);
        assertThat(AggregateDecoder.decode(emptyProtobuf)).isEmpty();

        assertThat(AggregateDecoder.decode("plain text".getBytes(StandardCharsets.UTF_8))).isEmpty();
        assertThat(AggregateDecoder.decode(Arrays.copyOf(KplBytes.MAGIC, 3))).isEmpty();
        assertThat(AggregateDecoder.decode(new byte[0])).isEmpty();
        assertThat(AggregateDecoder.isAggregate(null)).isFalse();
    }

    @Test
    void truncatedProtobufWithAGoodMd5IsCorrupt() {
        byte[] whole = concat(PK_K, RECORD_K_X);
        for (int cut = 1; cut < whole.length; cut++) {
            byte[] truncated = Arrays.copyOf(whole, cut);
            if (cut == PK_K.length) {
                continue; // a whole message of its own: a table and no records
            }
            assertThatThrownBy(() -> decode(truncated)).as("cut at %d", cut)
                    .isInstanceOf(CorruptAggregateException.class)
                    .hasMessageStartingWith("Corrupt KPL aggregate: ");
        }
    }

    @Test
    void varintsOverflowing64BitsAreCorrupt() {
        byte[] elevenBytes = bytes(0x1A, 0x0D, 0x08, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x01,
                0x00);
        assertThatThrownBy(() -> decode(concat(PK_K, elevenBytes))).isInstanceOf(CorruptAggregateException.class)
                .hasMessageContaining("varint overflows 64 bits at byte 6 of its protobuf");
        byte[] tenthByteTooBig = bytes(0x1A, 0x0B, 0x08, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x02);
        assertThatThrownBy(() -> decode(concat(PK_K, tenthByteTooBig))).hasMessageContaining("varint overflows");
        byte[] largestUint64 = bytes(0x1A, 0x0E, 0x08, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x01,
                0x1A, 0x01, 'x');
        assertThatThrownBy(() -> decode(concat(PK_K, largestUint64)))
                .hasMessageContaining("names partition key 18446744073709551615");
    }

    @Test
    void hugeDeclaredLengthsFailWithoutAllocating() {
        byte[] twoGiB = bytes(0x0A, 0xFF, 0xFF, 0xFF, 0xFF, 0x07, 'k');
        assertThatThrownBy(() -> decode(twoGiB)).isInstanceOf(CorruptAggregateException.class)
                .hasMessageContaining("length 2147483647 beyond the 1 bytes left at byte 1");
        byte[] thirtyTwoGiB = bytes(0x1A, 0x80, 0x80, 0x80, 0x80, 0x80, 0x01);
        assertThatThrownBy(() -> decode(thirtyTwoGiB)).hasMessageContaining("length 34359738368 beyond");
        byte[] negative = bytes(0x5A, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x01);
        assertThatThrownBy(() -> decode(negative)).hasMessageContaining("length 18446744073709551615 beyond");
    }

    @Test
    void indexesOutsideTheirTableAreCorrupt() {
        byte[] pkIndexOne = bytes(0x1A, 0x05, 0x08, 0x01, 0x1A, 0x01, 'x');
        assertThatThrownBy(() -> decode(concat(PK_K, pkIndexOne))).isInstanceOf(CorruptAggregateException.class)
                .hasMessage("Corrupt KPL aggregate: user record 0 names partition key 1 of a table of 1");
        byte[] ehkIndexZero = bytes(0x1A, 0x07, 0x08, 0x00, 0x10, 0x00, 0x1A, 0x01, 'x');
        assertThatThrownBy(() -> decode(concat(PK_K, ehkIndexZero)))
                .hasMessage("Corrupt KPL aggregate: user record 0 names explicit hash key 0 of a table of 0");
        assertThatThrownBy(() -> decode(RECORD_K_X)).hasMessageContaining("partition key 0 of a table of 0");
    }

    @Test
    void missingRequiredFieldsAreCorrupt() {
        byte[] noIndex = bytes(0x1A, 0x03, 0x1A, 0x01, 'x');
        assertThatThrownBy(() -> decode(concat(PK_K, noIndex)))
                .hasMessageContaining("user record 0 lacks its required partition_key_index");
        byte[] noData = bytes(0x1A, 0x02, 0x08, 0x00);
        assertThatThrownBy(() -> decode(concat(PK_K, RECORD_K_X, noData)))
                .hasMessageContaining("user record 1 lacks its required data");
        byte[] tagWithoutKey = bytes(0x1A, 0x09, 0x08, 0x00, 0x1A, 0x01, 'x', 0x22, 0x02, 0x12, 0x00);
        assertThatThrownBy(() -> decode(concat(PK_K, tagWithoutKey)))
                .hasMessageContaining("a tag of user record 0 lacks its required key");
    }

    @Test
    void malformedTagsAndGroupsAreCorrupt() {
        assertThatThrownBy(() -> decode(concat(PK_K, bytes(0x0E, 0x00)))).hasMessageContaining("invalid wire type 6");
        assertThatThrownBy(() -> decode(concat(PK_K, bytes(0x0F)))).hasMessageContaining("invalid wire type 7");
        assertThatThrownBy(() -> decode(concat(PK_K, bytes(0x64)))).hasMessageContaining("end of group 12 without");
        assertThatThrownBy(() -> decode(concat(PK_K, bytes(0x63, 0x08, 0x01)))).hasMessageContaining("truncated group");
        assertThatThrownBy(() -> decode(concat(PK_K, bytes(0x63, 0x6C)))).hasMessageContaining("ended by the end tag");
        assertThatThrownBy(() -> decode(concat(PK_K, bytes(0x02, 0x00)))).hasMessageContaining("invalid field tag 2");
        byte[] deepGroups = new byte[200];
        Arrays.fill(deepGroups, (byte) 0x63);
        assertThatThrownBy(() -> decode(deepGroups)).hasMessageContaining("groups nested deeper than 64");
    }

    @Test
    void malformedUtf8InKeysIsReplacedLikeProtobufJavaDoes() {
        byte[] badKey = bytes(0x0A, 0x01, 0xFF);
        List<SubRecord> records = decode(concat(badKey, RECORD_K_X));
        assertThat(records.get(0).partitionKey()).isEqualTo("\uFFFD");
    }
}
