package io.kinesisbatch.itest.consumer;

import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

import software.amazon.awssdk.services.kinesis.KinesisAsyncClient;
import software.amazon.awssdk.services.kinesis.model.ExpiredIteratorException;
import software.amazon.awssdk.services.kinesis.model.GetRecordsRequest;
import software.amazon.awssdk.services.kinesis.model.GetRecordsResponse;
import software.amazon.awssdk.services.kinesis.model.GetShardIteratorRequest;
import software.amazon.awssdk.services.kinesis.model.GetShardIteratorResponse;
import software.amazon.awssdk.services.kinesis.model.ListShardsRequest;
import software.amazon.awssdk.services.kinesis.model.ListShardsResponse;
import software.amazon.awssdk.services.kinesis.model.ProvisionedThroughputExceededException;

/**
 * The consumer's Kinesis client (given through the {@code kinesisClient} option) in front of kinesis-mock, failing
 * the next GetRecords calls on request: kinesis-mock expires iterators only after 5 minutes and never throttles.
 * Everything else goes to kinesis-mock as it is.
 */
final class FaultInjectingKinesisClient implements KinesisAsyncClient {

    private final KinesisAsyncClient delegate;
    private final AtomicInteger expireNext = new AtomicInteger();
    private final AtomicInteger throttleNext = new AtomicInteger();
    private final AtomicInteger injected = new AtomicInteger();
    final Queue<GetShardIteratorRequest> iteratorRequests = new ConcurrentLinkedQueue<>();

    FaultInjectingKinesisClient(KinesisAsyncClient delegate) {
        this.delegate = delegate;
    }

    /** The next GetRecords call fails with ExpiredIteratorException. */
    void expireNextGetRecords() {
        expireNext.incrementAndGet();
    }

    /** The next {@code calls} GetRecords calls fail with ProvisionedThroughputExceededException. */
    void throttleNextGetRecords(int calls) {
        throttleNext.addAndGet(calls);
    }

    int injectedFaults() {
        return injected.get();
    }

    @Override
    public CompletableFuture<GetRecordsResponse> getRecords(GetRecordsRequest request) {
        if (take(expireNext)) {
            return CompletableFuture.failedFuture(ExpiredIteratorException.builder()
                    .message("Iterator expired (injected by the test)").statusCode(400).build());
        }
        if (take(throttleNext)) {
            return CompletableFuture.failedFuture(ProvisionedThroughputExceededException.builder()
                    .message("Rate exceeded for shard (injected by the test)").statusCode(400).build());
        }
        return delegate.getRecords(request);
    }

    private boolean take(AtomicInteger counter) {
        if (counter.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
            injected.incrementAndGet();
            return true;
        }
        return false;
    }

    @Override
    public CompletableFuture<GetShardIteratorResponse> getShardIterator(GetShardIteratorRequest request) {
        iteratorRequests.add(request);
        return delegate.getShardIterator(request);
    }

    @Override
    public CompletableFuture<ListShardsResponse> listShards(ListShardsRequest request) {
        return delegate.listShards(request);
    }

    @Override
    public String serviceName() {
        return delegate.serviceName();
    }

    @Override
    public void close() {
        // the delegate is the test-side client, shared by the run
    }
}
