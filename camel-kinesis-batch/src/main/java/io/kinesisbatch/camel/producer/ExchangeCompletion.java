package io.kinesisbatch.camel.producer;

import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;

import io.kinesisbatch.camel.KinesisBatchConstants;
import io.kinesisbatch.camel.KinesisBatchException;
import org.apache.camel.AsyncCallback;
import org.apache.camel.Exchange;

/**
 * Waits for every record of one exchange, then completes the exchange once: on success with the shard and sequence
 * number of its last record (and its sub-sequence number when it was written inside a KPL aggregate) (and, for a List body, the record count); else with the error of the first record (by
 * position) that failed. The exchange ends only when all its records have an outcome, so its result is final.
 * <p>
 * The listener of the record that completes the exchange returns this completion (a {@link Runnable}) rather than
 * running it: the pipeline hands the completions of a whole reply to a Camel thread pool at once
 * ({@link CompletionRunner}), never running them on an SDK I/O thread.
 * <p>
 * Every exchange takes this path, so it allocates little: a one-record exchange (the common case) is its own
 * listener, and the error array exists only once a record of a multi-record exchange fails.
 */
public final class ExchangeCompletion implements Runnable, RecordListener {

    private static final AtomicIntegerFieldUpdater<ExchangeCompletion> REMAINING = AtomicIntegerFieldUpdater
            .newUpdater(ExchangeCompletion.class, "remaining");

    private final Exchange exchange;
    private final AsyncCallback callback;
    private final boolean multi;
    private final int count;
    private volatile int remaining;
    /** Set once the exchange's callback has returned. */
    private volatile boolean told;
    /*
     * Plain fields, no fences on the path of every record: they are written before the record's outcome is counted
     * down, and read by run(), which comes after the last count down (the atomic decrement orders the writes of the
     * other threads before it) and after the hand-over to the routing pool (a queue).
     */
    /** The failures by record position; created by the first failure (written under this, for failures at once). */
    private KinesisBatchException[] errors;
    private String lastShardId;
    private String lastSequenceNumber;
    /** The last record's position inside its aggregate; negative when it was written plain. */
    private long lastSubSequenceNumber = -1;

    public ExchangeCompletion(Exchange exchange, AsyncCallback callback, int count, boolean multi) {
        this.exchange = exchange;
        this.callback = callback;
        this.count = count;
        this.multi = multi;
        this.remaining = count;
    }

    /** The listener of the record at {@code index} of this exchange. */
    public RecordListener listener(int index) {
        if (count == 1) {
            return this;
        }
        return new RecordListener() {
            @Override
            public Runnable succeeded(String shardId, String sequenceNumber) {
                return succeededAt(index, shardId, sequenceNumber, -1);
            }

            @Override
            public Runnable succeeded(String shardId, String sequenceNumber, long subSequenceNumber) {
                return succeededAt(index, shardId, sequenceNumber, subSequenceNumber);
            }

            @Override
            public Runnable failed(KinesisBatchException error) {
                return failedAt(index, error);
            }

            @Override
            public boolean told() {
                return told;
            }
        };
    }

    /** As the listener of a one-record exchange. */
    @Override
    public Runnable succeeded(String shardId, String sequenceNumber) {
        return succeededAt(0, shardId, sequenceNumber, -1);
    }

    /** As the listener of a one-record exchange written inside an aggregate. */
    @Override
    public Runnable succeeded(String shardId, String sequenceNumber, long subSequenceNumber) {
        return succeededAt(0, shardId, sequenceNumber, subSequenceNumber);
    }

    /** As the listener of a one-record exchange. */
    @Override
    public Runnable failed(KinesisBatchException error) {
        return failedAt(0, error);
    }

    private Runnable succeededAt(int index, String shardId, String sequenceNumber, long subSequenceNumber) {
        if (index == count - 1) {
            lastShardId = shardId;
            lastSequenceNumber = sequenceNumber;
            lastSubSequenceNumber = subSequenceNumber;
        }
        return countDown();
    }

    private Runnable failedAt(int index, KinesisBatchException error) {
        synchronized (this) {
            if (errors == null) {
                errors = new KinesisBatchException[count];
            }
            errors[index] = error;
        }
        return countDown();
    }

    /**
     * This completion once every record has its outcome, else null. Each record's listener is told once (the
     * pipeline's {@code markDone} sees to that), so a one-record exchange needs no count.
     */
    private Runnable countDown() {
        return count == 1 || REMAINING.decrementAndGet(this) == 0 ? this : null;
    }

    /** Sets the exchange's outcome and continues its routing; run once, after every record has its outcome. */
    @Override
    public void run() {
        try {
            KinesisBatchException first = firstError();
            if (first != null) {
                exchange.setException(first);
            } else {
                exchange.getMessage().setHeader(KinesisBatchConstants.SHARD_ID, lastShardId);
                exchange.getMessage().setHeader(KinesisBatchConstants.SEQUENCE_NUMBER, lastSequenceNumber);
                // set or removed, never left over: a relayed exchange brings these headers from its source record
                if (lastSubSequenceNumber >= 0) {
                    exchange.getMessage().setHeader(KinesisBatchConstants.SUB_SEQUENCE_NUMBER, lastSubSequenceNumber);
                } else {
                    exchange.getMessage().removeHeader(KinesisBatchConstants.SUB_SEQUENCE_NUMBER);
                }
                if (multi) {
                    exchange.getMessage().setHeader(KinesisBatchConstants.RECORD_COUNT, count);
                } else {
                    exchange.getMessage().removeHeader(KinesisBatchConstants.RECORD_COUNT);
                }
            }
        } finally {
            try {
                callback.done(false);
            } finally {
                told = true;
            }
        }
    }

    @Override
    public boolean told() {
        return told;
    }

    private KinesisBatchException firstError() {
        if (errors == null) {
            return null;
        }
        int failed = 0;
        KinesisBatchException first = null;
        for (KinesisBatchException e : errors) {
            if (e != null) {
                failed++;
                if (first == null) {
                    first = e;
                }
            }
        }
        if (first != null && failed < count) {
            first.addSuppressed(new KinesisBatchException(
                    (count - failed) + " of the " + count + " records of this exchange were written; " + failed
                                                          + " failed"));
        }
        return first;
    }
}
