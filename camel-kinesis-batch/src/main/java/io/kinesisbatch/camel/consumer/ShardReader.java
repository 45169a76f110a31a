package io.kinesisbatch.camel.consumer;

import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import io.kinesisbatch.camel.checkpoint.SequencePosition;
import io.kinesisbatch.camel.shardmap.HashKeyRange;
import software.amazon.awssdk.services.kinesis.KinesisAsyncClient;
import software.amazon.awssdk.services.kinesis.model.GetRecordsRequest;
import software.amazon.awssdk.services.kinesis.model.GetRecordsResponse;
import software.amazon.awssdk.services.kinesis.model.GetShardIteratorRequest;
import software.amazon.awssdk.services.kinesis.model.GetShardIteratorResponse;
import software.amazon.awssdk.services.kinesis.model.Record;
import software.amazon.awssdk.services.kinesis.model.ShardIteratorType;

/**
 * The Kinesis side of one shard: where it starts, its current iterator, and GetRecords. The calls return the SDK's
 * futures; their answers are applied ({@link #use}, {@link #accept}) by the lane's events, so the iterator is only ever
 * touched on the lane: no locks, no volatile fields.
 */
final class ShardReader {

    /** One GetRecords answer. {@code closed}: the shard has no more records (its next iterator is null). */
    record Fetch(List<Record> records, long millisBehindLatest, boolean closed) {
    }

    private final KinesisAsyncClient kinesis;
    private final StreamRef stream;
    private final String shardId;
    private final int limit;
    private final HashKeyRange hashKeyRange;
    private String iterator;
    private GetShardIteratorRequest start;
    private Instant openedAt;

    /**
     * @param hashKeyRange the shard's hash key range as ListShards gave it ({@link HashKeyRange#ALL} when unknown):
     *                     de-aggregation drops aggregates with a user record outside it
     */
    ShardReader(KinesisAsyncClient kinesis, StreamRef stream, String shardId, int limit, HashKeyRange hashKeyRange) {
        this.kinesis = kinesis;
        this.stream = stream;
        this.shardId = shardId;
        this.limit = limit;
        this.hashKeyRange = hashKeyRange;
    }

    /**
     * Where a shard starts: after its checkpoint (at it when the checkpoint may lie inside an aggregate); else at its first record for a child of a listed parent; else the
     * configured iterator type. Pure.
     */
    static GetShardIteratorRequest startRequest(StreamRef stream, String shardId, SequencePosition checkpoint,
                                                boolean fromStart, ConsumerSettings settings) {
        GetShardIteratorRequest.Builder request = GetShardIteratorRequest.builder()
                .streamName(stream.name()).streamARN(stream.arn()).shardId(shardId);
        if (checkpoint != null) {
            // de-aggregating, the checkpoint may sit inside an aggregate ((seq, 0) cannot tell): its record is read
            // again and its user records at or below the checkpoint are skipped (RecordUnpacker). Reading raw
            // records, only a checkpoint inside an aggregate (written while de-aggregating) re-reads its record
            boolean readAgain = settings.deaggregate() || checkpoint.subSequence() > 0;
            return request.shardIteratorType(readAgain ? ShardIteratorType.AT_SEQUENCE_NUMBER
                    : ShardIteratorType.AFTER_SEQUENCE_NUMBER)
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

    /**
     * Where an expired iterator is replaced: right after {@code lastFetched} (the last record read); when nothing was
     * read yet, where the shard started, except that a start at {@code LATEST} becomes {@code AT_TIMESTAMP} of the
     * moment it was first opened, so the records written since are not skipped. Pure.
     */
    static GetShardIteratorRequest reopenRequest(GetShardIteratorRequest start, Instant openedAt,
                                                 SequencePosition lastFetched) {
        if (lastFetched != null) {
            return start.toBuilder().shardIteratorType(ShardIteratorType.AFTER_SEQUENCE_NUMBER)
                    .startingSequenceNumber(lastFetched.sequenceNumber()).timestamp(null).build();
        }
        if (start.shardIteratorType() == ShardIteratorType.LATEST) {
            return start.toBuilder().shardIteratorType(ShardIteratorType.AT_TIMESTAMP).timestamp(openedAt).build();
        }
        return start;
    }

    /** Asks for the first iterator at {@code startRequest}; apply the answer with {@link #use}. */
    CompletableFuture<String> open(GetShardIteratorRequest startRequest) {
        this.start = startRequest;
        this.openedAt = Instant.now();
        return iterator(startRequest);
    }

    /** Asks for a new iterator after an expired one (see {@link #reopenRequest}); apply it with {@link #use}. */
    CompletableFuture<String> reopen(SequencePosition lastFetched) {
        return iterator(reopenRequest(start, openedAt, lastFetched));
    }

    void use(String shardIterator) {
        this.iterator = shardIterator;
    }

    private CompletableFuture<String> iterator(GetShardIteratorRequest request) {
        return kinesis.getShardIterator(request).thenApply(GetShardIteratorResponse::shardIterator);
    }

    /** One GetRecords call with the current iterator; apply its answer with {@link #accept}. */
    CompletableFuture<GetRecordsResponse> fetch() {
        return kinesis.getRecords(GetRecordsRequest.builder()
                .shardIterator(iterator).limit(limit).streamARN(stream.arn()).build());
    }

    /** Moves to the answer's next iterator and tells what it brought. */
    Fetch accept(GetRecordsResponse response) {
        iterator = response.nextShardIterator();
        Long behind = response.millisBehindLatest();
        return new Fetch(response.records(), behind == null ? 0 : behind, response.nextShardIterator() == null);
    }

    String shardId() {
        return shardId;
    }

    HashKeyRange hashKeyRange() {
        return hashKeyRange;
    }
}
