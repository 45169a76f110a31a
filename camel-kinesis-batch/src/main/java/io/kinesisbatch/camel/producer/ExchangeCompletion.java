package io.kinesisbatch.camel.producer;

import java.util.concurrent.atomic.AtomicInteger;

import io.kinesisbatch.camel.KinesisBatchConstants;
import io.kinesisbatch.camel.KinesisBatchException;
import org.apache.camel.AsyncCallback;
import org.apache.camel.Exchange;

/**
 * Waits for every record of one exchange, then completes the exchange once: on success with the shard and sequence
 * number of its last record (and, for a List body, the record count); else with the error of the first record (by
 * position) that failed. The exchange ends only when all its records have an outcome, so its result is final.
 * <p>
 * The listener of the record that completes the exchange returns {@link #complete()} rather than running it: the
 * pipeline hands the completions of a whole reply to a Camel thread pool at once ({@link CompletionRunner}), never
 * running them on an SDK I/O thread.
 */
public final class ExchangeCompletion {

    private final Exchange exchange;
    private final AsyncCallback callback;
    private final boolean multi;
    private final int count;
    private final AtomicInteger remaining;
    private final KinesisBatchException[] errors;
    private volatile boolean anyFailed;
    private volatile String lastShardId;
    private volatile String lastSequenceNumber;

    public ExchangeCompletion(Exchange exchange, AsyncCallback callback, int count, boolean multi) {
        this.exchange = exchange;
        this.callback = callback;
        this.count = count;
        this.multi = multi;
        this.remaining = new AtomicInteger(count);
        this.errors = new KinesisBatchException[count];
    }

    /** The listener of the record at {@code index} of this exchange. */
    public RecordListener listener(int index) {
        return new RecordListener() {
            @Override
            public Runnable succeeded(String shardId, String sequenceNumber) {
                if (index == count - 1) {
                    lastShardId = shardId;
                    lastSequenceNumber = sequenceNumber;
                }
                return countDown();
            }

            @Override
            public Runnable failed(KinesisBatchException error) {
                errors[index] = error;
                anyFailed = true;
                return countDown();
            }
        };
    }

    /** The completion once every record has its outcome, else null. */
    private Runnable countDown() {
        return remaining.decrementAndGet() == 0 ? this::complete : null;
    }

    /** Sets the exchange's outcome and continues its routing; run once, after every record has its outcome. */
    void complete() {
        try {
            KinesisBatchException first = anyFailed ? firstError() : null;
            if (first != null) {
                exchange.setException(first);
            } else {
                exchange.getMessage().setHeader(KinesisBatchConstants.SHARD_ID, lastShardId);
                exchange.getMessage().setHeader(KinesisBatchConstants.SEQUENCE_NUMBER, lastSequenceNumber);
                if (multi) {
                    exchange.getMessage().setHeader(KinesisBatchConstants.RECORD_COUNT, count);
                }
            }
        } finally {
            callback.done(false);
        }
    }

    private KinesisBatchException firstError() {
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
