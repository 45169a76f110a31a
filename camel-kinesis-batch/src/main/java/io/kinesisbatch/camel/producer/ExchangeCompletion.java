package io.kinesisbatch.camel.producer;

import java.util.concurrent.Executor;
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
 * The callback (where routing continues) runs on {@code routing}, a Camel thread pool: never on an SDK I/O thread,
 * and each exchange on its own task, so one slow route does not hold up the other exchanges of the same call.
 */
public final class ExchangeCompletion {

    private final Exchange exchange;
    private final AsyncCallback callback;
    private final Executor routing;
    private final boolean multi;
    private final int count;
    private final AtomicInteger remaining;
    private final KinesisBatchException[] errors;
    private volatile String lastShardId;
    private volatile String lastSequenceNumber;

    public ExchangeCompletion(Exchange exchange, AsyncCallback callback, int count, boolean multi, Executor routing) {
        this.exchange = exchange;
        this.callback = callback;
        this.routing = routing;
        this.count = count;
        this.multi = multi;
        this.remaining = new AtomicInteger(count);
        this.errors = new KinesisBatchException[count];
    }

    /** The listener of the record at {@code index} of this exchange. */
    public RecordListener listener(int index) {
        return new RecordListener() {
            @Override
            public void succeeded(String shardId, String sequenceNumber) {
                if (index == count - 1) {
                    lastShardId = shardId;
                    lastSequenceNumber = sequenceNumber;
                }
                countDown();
            }

            @Override
            public void failed(KinesisBatchException error) {
                errors[index] = error;
                countDown();
            }
        };
    }

    private void countDown() {
        if (remaining.decrementAndGet() == 0) {
            finish();
        }
    }

    private void finish() {
        routing.execute(() -> {
            try {
                KinesisBatchException first = firstError();
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
        });
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
