package io.kinesisbatch.itest.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kinesis.KinesisAsyncClient;
import software.amazon.awssdk.services.kinesis.model.PutRecordsRequestEntry;
import software.amazon.awssdk.services.kinesis.model.PutRecordsResponse;

/**
 * The raw SDK baseline against a stream that throttles: what a user writes with the SDK alone. One source thread
 * keeps {@code maxInFlight} PutRecords calls of 500 entries outstanding until stopped; every entry that comes back
 * failed (throttled) goes into the next call, ahead of new entries, with no back-off and no per-shard knowledge, so
 * no record is lost. Each new entry gets its key from {@code keys}.
 */
final class RawRetryingLoop implements AutoCloseable {

    private final KinesisAsyncClient kinesis;
    private final String stream;
    private final int maxInFlight;
    private final byte[] payload;
    private final Supplier<String> keys;
    private final ConcurrentLinkedQueue<PutRecordsRequestEntry> retries = new ConcurrentLinkedQueue<>();
    private final Thread thread;
    private volatile boolean stopped;

    RawRetryingLoop(KinesisAsyncClient kinesis, String stream, int maxInFlight, byte[] payload, Supplier<String> keys,
                    String name) {
        this.kinesis = kinesis;
        this.stream = stream;
        this.maxInFlight = maxInFlight;
        this.payload = payload;
        this.keys = keys;
        this.thread = new Thread(this::loop, name);
        this.thread.setDaemon(true);
    }

    RawRetryingLoop start() {
        thread.start();
        return this;
    }

    private void loop() {
        Semaphore inFlight = new Semaphore(maxInFlight);
        try {
            while (!stopped) {
                if (!inFlight.tryAcquire(100, TimeUnit.MILLISECONDS)) {
                    continue;
                }
                List<PutRecordsRequestEntry> entries = new ArrayList<>(500);
                PutRecordsRequestEntry retry;
                while (entries.size() < 500 && (retry = retries.poll()) != null) {
                    entries.add(retry);
                }
                while (entries.size() < 500) {
                    entries.add(PutRecordsRequestEntry.builder().partitionKey(keys.get())
                            .data(SdkBytes.fromByteArrayUnsafe(payload)).build());
                }
                kinesis.putRecords(b -> b.streamName(stream).records(entries)).whenComplete((r, e) -> {
                    if (e != null) {
                        retries.addAll(entries);
                    } else {
                        requeueFailed(entries, r);
                    }
                    inFlight.release();
                });
            }
            inFlight.tryAcquire(maxInFlight, 30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void requeueFailed(List<PutRecordsRequestEntry> entries, PutRecordsResponse response) {
        if (response.failedRecordCount() == null || response.failedRecordCount() == 0) {
            return;
        }
        for (int i = 0; i < entries.size(); i++) {
            if (response.records().get(i).errorCode() != null) {
                retries.add(entries.get(i));
            }
        }
    }

    @Override
    public void close() throws InterruptedException {
        stopped = true;
        thread.join(TimeUnit.SECONDS.toMillis(60));
    }
}
