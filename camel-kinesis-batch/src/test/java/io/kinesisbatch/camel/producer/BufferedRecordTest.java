package io.kinesisbatch.camel.producer;

import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.kinesis.model.PutRecordsRequestEntry;

import static org.assertj.core.api.Assertions.assertThat;

class BufferedRecordTest {

    private static final RecordListener NOBODY = NoListener.INSTANCE;

    @Test
    void aRecordWithoutKeyCountsARandomKeyAndGetsItWhenFirstSentThenKeepsItForRetries() {
        RecordDraft draft = new RecordDraft(new byte[10], null, null);
        assertThat(draft.hasRandomKey()).isTrue();
        assertThat(draft.size()).isEqualTo(10 + RecordDraft.RANDOM_KEY_LENGTH);
        assertThat(RecordValidator.check(draft, 1024)).isNull();

        BufferedRecord record = new BufferedRecord(draft, NOBODY);
        PutRecordsRequestEntry first = record.entry();
        assertThat(first.partitionKey()).matches("[0-9a-f]{" + RecordDraft.RANDOM_KEY_LENGTH + "}");
        assertThat(record.entry()).isSameAs(first);
        assertThat(new BufferedRecord(new RecordDraft(new byte[10], null, null), NOBODY).entry().partitionKey())
                .isNotEqualTo(first.partitionKey());
    }

    @Test
    void aRecordWithItsOwnKeysIsSentWithThem() {
        BufferedRecord record = new BufferedRecord(new RecordDraft(new byte[]{ 7 }, "order-1", "42"), NOBODY);
        assertThat(record.size()).isEqualTo(1 + "order-1".length());
        assertThat(record.entry().partitionKey()).isEqualTo("order-1");
        assertThat(record.entry().explicitHashKey()).isEqualTo("42");
        assertThat(record.entry().data().asByteArray()).containsExactly(7);
    }

    @Test
    void placingARecordWhoseEntryWasBuiltAlreadyMakesItsNextEntryCarryThePlacedHashKey() {
        BufferedRecord record = new BufferedRecord(new RecordDraft(new byte[]{ 7 }, null, null), NOBODY);
        PutRecordsRequestEntry first = record.entry();
        record.place("shard-1", "12345");
        assertThat(record.entry().explicitHashKey()).isEqualTo("12345");
        assertThat(record.entry().partitionKey()).isEqualTo(first.partitionKey());
        assertThat(record.entry()).isSameAs(record.entry());
    }
}
