package io.kinesisbatch.itest.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicReference;

import io.kinesisbatch.camel.producer.RecordReader;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kinesis.KinesisAsyncClient;
import software.amazon.awssdk.services.kinesis.model.PutRecordsRequestEntry;

/**
 * The baseline: hand-written PutRecords with the AWS SDK, the way a careful user would write it: full batches,
 * {@code maxInFlight} calls outstanding, no per-record bookkeeping, no retries.
 * <p>
 * Each entry carries what the producer's does by default, so both sides put the same bytes on the wire and the null
 * endpoint parses the same requests: a random 128-bit partition key in 32 hex digits (a short counter key made the
 * baseline's requests about 20% smaller than ours) and the payload wrapped without a copy, as the producer does with
 * a byte[] body.
 */
public final class RawPutRecordsLoop {

    private RawPutRecordsLoop() {}

    public static void run(KinesisAsyncClient kinesis, String stream, long records, int batchSize, int maxInFlight,
                           byte[] payload)
            throws Exception {
        Semaphore inFlight = new Semaphore(maxInFlight);
        AtomicReference<Throwable> failure = new AtomicReference<>();
        long sent = 0;
        while (sent < records) {
            int n = (int) Math.min(batchSize, records - sent);
            List<PutRecordsRequestEntry> entries = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                entries.add(PutRecordsRequestEntry.builder()
                        .partitionKey(RecordReader.randomKey())
                        .data(SdkBytes.fromByteArrayUnsafe(payload))
                        .build());
            }
            inFlight.acquire();
            kinesis.putRecords(b -> b.streamName(stream).records(entries)).whenComplete((r, e) -> {
                if (e != null) {
                    failure.compareAndSet(null, e);
                } else if (r.failedRecordCount() != null && r.failedRecordCount() > 0) {
                    failure.compareAndSet(null, new IllegalStateException(r.failedRecordCount() + " entries failed"));
                }
                inFlight.release();
            });
            sent += n;
        }
        inFlight.acquire(maxInFlight);
        if (failure.get() != null) {
            throw new IllegalStateException("baseline PutRecords failed", failure.get());
        }
    }

}
