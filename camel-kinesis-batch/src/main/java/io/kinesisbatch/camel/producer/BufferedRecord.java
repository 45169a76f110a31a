package io.kinesisbatch.camel.producer;

import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;

import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kinesis.model.PutRecordsRequestEntry;

/**
 * One PutRecords entry on its way: accepted, then batched, sent, perhaps retried, until it reaches its final outcome
 * exactly once ({@link #markDone()}). It carries one user record; with KPL aggregation several of them travel in one
 * PutRecords entry (an {@link OutgoingBatch} says which), and each still reaches its own outcome.
 * <p>
 * The SDK entry is built when the record is first sent, on the sending thread, and kept for retries: the SDK then
 * marshals objects just made in that thread's cache, not ones made long before on a caller's thread (profiling
 * showed the SDK's marshalling costing a sixth more on entries built at accept time).
 */
public final class BufferedRecord {

    private static final AtomicIntegerFieldUpdater<BufferedRecord> DONE = AtomicIntegerFieldUpdater
            .newUpdater(BufferedRecord.class, "done");

    private final RecordDraft draft;
    /** Built by the first send (see {@link #entry()}); sends of one record are ordered by the pipeline. */
    private PutRecordsRequestEntry entry;
    /** The partition key sent: the draft's, or a random one made by the first send and kept for retries. */
    private String partitionKey;
    private final int size;
    private final RecordListener listener;
    /** 1 once the final outcome is reached (a field, not an AtomicBoolean: one object less per record). */
    private volatile int done;
    /** Written by each send and read by the reply to it: ordered by the accumulator's lock and the SDK's future. */
    private int attempts;
    private long readyAt;
    /**
     * The shard this record is queued and rate limited under (see {@link ShardQueues}): predicted from its keys, or
     * the shard it was placed on; {@link #ANY_SHARD} while a record with a producer-made key waits to be placed; null
     * when not predicted. Written before it is queued and by its placement, both ordered by the accumulator's lock.
     */
    private String shard;
    /** The explicit hash key its placement gave a record with a producer-made key; null otherwise. */
    private String placedHashKey;

    /** {@link #shard()} of a record with a producer-made key that may go to whichever shard has room. */
    static final String ANY_SHARD = "";

    public BufferedRecord(RecordDraft draft, RecordListener listener) {
        this.draft = draft;
        this.size = draft.size();
        this.listener = listener;
    }

    /**
     * The SDK entry, built on first use (by the thread sending the record) with a random partition key when the
     * record has none of its own; a retry sends the same entry, key included, unless the record was {@link #place
     * placed} on a shard since.
     */
    public PutRecordsRequestEntry entry() {
        PutRecordsRequestEntry e = entry;
        if (e == null) {
            PutRecordsRequestEntry.Builder b = PutRecordsRequestEntry.builder()
                    .data(SdkBytes.fromByteArrayUnsafe(draft.data()))
                    .partitionKey(partitionKey());
            if (explicitHashKey() != null) {
                b.explicitHashKey(explicitHashKey());
            }
            e = b.build();
            entry = e;
        }
        return e;
    }

    /** The partition key this record is sent with: its own, or a random one made on first use and kept. */
    public String partitionKey() {
        String key = partitionKey;
        if (key == null) {
            key = draft.hasRandomKey() ? RecordReader.randomKey() : draft.partitionKey();
            partitionKey = key;
        }
        return key;
    }

    /** The explicit hash key this record is sent with: its own, or the one its placement gave it; null when none. */
    public String explicitHashKey() {
        String placed = placedHashKey;
        return placed != null ? placed : draft.explicitHashKey();
    }

    /** See {@link #shard}. */
    public String shard() {
        return shard;
    }

    void shard(String shardId) {
        this.shard = shardId;
    }

    /**
     * Places a record with a producer-made key on a shard: it is sent with this explicit hash key (in its range). An
     * entry built by an earlier, unplaced send (the record went out before the queues had a shard map, and comes back
     * for a retry) is dropped, so the resend carries the placement the limiter counted; its random key is kept.
     * Ordered before the next send by the accumulator's lock, like the send that built it.
     */
    void place(String shardId, String explicitHashKey) {
        this.shard = shardId;
        this.placedHashKey = explicitHashKey;
        this.entry = null;
    }

    public RecordDraft draft() {
        return draft;
    }

    /** Bytes this entry counts toward batch and buffer limits: data plus partition key (UTF-8). */
    public int size() {
        return size;
    }

    public RecordListener listener() {
        return listener;
    }

    /** How many times this entry has been sent so far. */
    public int attempts() {
        return attempts;
    }

    void attempted() {
        attempts++;
    }

    /** Monotonic time (nanos) from which this entry may be sent without waiting for its batch to fill. */
    long readyAt() {
        return readyAt;
    }

    void readyAt(long nanos) {
        this.readyAt = nanos;
    }

    /** True exactly once: for whoever reaches the final outcome first. */
    boolean markDone() {
        return DONE.compareAndSet(this, 0, 1);
    }

    boolean isDone() {
        return done == 1;
    }
}
