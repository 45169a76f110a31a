package io.kinesisbatch.camel.producer;

import java.util.List;

import io.kinesisbatch.camel.aggregation.Aggregate;
import io.kinesisbatch.camel.aggregation.PackedRecord;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kinesis.model.PutRecordsRequestEntry;

/**
 * The entries of one PutRecords call and the records (user messages) each carries, in the order of the call. Without
 * aggregation entry {@code i} is record {@code i} (no object per entry); with it an entry may be a KPL aggregate of
 * several records, whose record {@code j} is its user record {@code j} (its sub-sequence number).
 * <p>
 * {@link #sent()} are the records this call carries; {@link #leftOver()} the records of the batch that did not fit
 * into the call once packed (they go back to the head of the queue).
 */
public final class OutgoingBatch {

    private final List<BufferedRecord> sent;
    private final List<BufferedRecord> leftOver;
    /** Null without aggregation: entry i is then sent.get(i). */
    private final List<PackedRecord<BufferedRecord>> packed;
    /** Per packed entry: the shard it was predicted to land on, or null when not predicted. */
    private final List<String> predictedShards;

    private OutgoingBatch(List<BufferedRecord> sent, List<BufferedRecord> leftOver,
                          List<PackedRecord<BufferedRecord>> packed, List<String> predictedShards) {
        this.sent = sent;
        this.leftOver = leftOver;
        this.packed = packed;
        this.predictedShards = predictedShards;
    }

    /** One entry per record, as cut by the accumulator. */
    public static OutgoingBatch plain(List<BufferedRecord> batch) {
        return new OutgoingBatch(batch, List.of(), null, null);
    }

    /**
     * @param sent            the records the entries carry
     * @param leftOver        records of the batch not in this call
     * @param packed          the entries
     * @param predictedShards per entry, the shard it should land on (null: no prediction)
     */
    public static OutgoingBatch packed(List<BufferedRecord> sent, List<BufferedRecord> leftOver,
                                       List<PackedRecord<BufferedRecord>> packed, List<String> predictedShards) {
        if (predictedShards.size() != packed.size()) {
            throw new IllegalArgumentException("one predicted shard (or null) per entry");
        }
        return new OutgoingBatch(sent, leftOver, packed, predictedShards);
    }

    public int entryCount() {
        return packed == null ? sent.size() : packed.size();
    }

    /** The SDK entry of entry {@code i}; a plain record's is built once and kept for its retries. */
    public PutRecordsRequestEntry entry(int i) {
        if (packed == null) {
            return sent.get(i).entry();
        }
        PackedRecord<BufferedRecord> p = packed.get(i);
        if (!p.aggregated()) {
            return p.messages().get(0).entry();
        }
        return PutRecordsRequestEntry.builder()
                .data(SdkBytes.fromByteArrayUnsafe(p.data()))
                .partitionKey(p.partitionKey())
                .explicitHashKey(p.explicitHashKey())
                .build();
    }

    /** Bytes entry {@code i} counts against Kinesis' limits: data plus partition key. */
    public int entrySize(int entry) {
        return packed == null ? sent.get(entry).size() : packed.get(entry).recordSize();
    }

    /** True when the entries were packed (KPL aggregation), false when each record is its own entry. */
    public boolean packed() {
        return packed != null;
    }

    public int recordCount(int entry) {
        return packed == null ? 1 : packed.get(entry).messages().size();
    }

    public BufferedRecord record(int entry, int index) {
        return packed == null ? sent.get(entry) : packed.get(entry).messages().get(index);
    }

    /** The aggregate entry {@code i} carries, or null when it is a plain record. */
    public Aggregate aggregate(int entry) {
        return packed == null ? null : packed.get(entry).aggregate();
    }

    /** The shard entry {@code i} was predicted to land on, or null. */
    public String predictedShard(int entry) {
        return predictedShards == null ? null : predictedShards.get(entry);
    }

    public List<BufferedRecord> sent() {
        return sent;
    }

    public List<BufferedRecord> leftOver() {
        return leftOver;
    }
}
