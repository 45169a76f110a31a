package io.kinesisbatch.camel.consumer;

import java.util.List;
import java.util.concurrent.CompletableFuture;

import io.kinesisbatch.camel.checkpoint.SequencePosition;
import software.amazon.awssdk.services.kinesis.KinesisAsyncClient;
import software.amazon.awssdk.services.kinesis.model.GetRecordsRequest;
import software.amazon.awssdk.services.kinesis.model.GetShardIteratorRequest;
import software.amazon.awssdk.services.kinesis.model.Record;
import software.amazon.awssdk.services.kinesis.model.ShardIteratorType;

/**
 * The Kinesis side of one shard: where it starts, its current iterator, and GetRecords. No threads and no state
 * beyond the iterator; the {@link ShardWorker} decides when to call and what to do with errors.
 */
final class ShardReader {

    /** One GetRecords answer. {@code closed}: the shard has no more records (its next iterator is null). */
    record Fetch(List<Record> records, long millisBehindLatest, boolean closed) {
    }

    private final KinesisAsyncClient kinesis;
    private final StreamRef stream;
    private final String shardId;
    private final int limit;
    private volatile String iterator;
    private volatile GetShardIteratorRequest start;

    ShardReader(KinesisAsyncClient kinesis, StreamRef stream, String shardId, int limit) {
        this.kinesis = kinesis;
        this.stream = stream;
        this.shardId = shardId;
        this.limit = limit;
    }

    /**
     * Where a shard starts: after its checkpoint; else at its first record for a child of a listed parent; else the
     * configured iterator type. Pure.
     */
    static GetShardIteratorRequest startRequest(StreamRef stream, String shardId, SequencePosition checkpoint,
            boolean fromStart, ConsumerSettings settings) {
        GetShardIteratorRequest.Builder request = GetShardIteratorRequest.builder()
                .streamName(stream.name()).streamARN(stream.arn()).shardId(shardId);
        if (checkpoint != null) {
            return request.shardIteratorType(ShardIteratorType.AFTER_SEQUENCE_NUMBER)
                    .startingSequenceNumber(checkpoint.sequenceNumber()).build();
        }
        if (fromStart) {
            return request.shardIteratorType(ShardIteratorType.TRIM_HORIZON).build();
        }
        request.shardIteratorType(settings.iteratorType());
        if (settings.iteratorType() == ShardIteratorType.AT_TIMESTAMP) {
            request.timestamp(settings.timestamp());
        }
        return request.build();
    }

    /** Gets the first iterator, at {@code startRequest} (see {@link #startRequest}). */
    CompletableFuture<Void> open(GetShardIteratorRequest startRequest) {
        this.start = startRequest;
        return iterator(startRequest);
    }

    /**
     * Replaces an expired iterator: right after {@code last} (the last record handed out), or where the shard started
     * when nothing was handed out yet.
     */
    CompletableFuture<Void> renew(SequencePosition last) {
        return iterator(last == null ? start : GetShardIteratorRequest.builder()
                .streamName(stream.name()).streamARN(stream.arn()).shardId(shardId)
                .shardIteratorType(ShardIteratorType.AFTER_SEQUENCE_NUMBER)
                .startingSequenceNumber(last.sequenceNumber())
                .build());
    }

    private CompletableFuture<Void> iterator(GetShardIteratorRequest request) {
        return kinesis.getShardIterator(request).thenAccept(response -> iterator = response.shardIterator());
    }

    /** One GetRecords call; on success the iterator moves to the next one. */
    CompletableFuture<Fetch> fetch() {
        GetRecordsRequest request = GetRecordsRequest.builder()
                .shardIterator(iterator).limit(limit).streamARN(stream.arn()).build();
        return kinesis.getRecords(request).thenApply(response -> {
            iterator = response.nextShardIterator();
            Long behind = response.millisBehindLatest();
            return new Fetch(response.records(), behind == null ? 0 : behind, response.nextShardIterator() == null);
        });
    }
}
