package io.kinesisbatch.camel.consumer;

import java.util.concurrent.CompletableFuture;

import software.amazon.awssdk.services.kinesis.KinesisAsyncClient;
import software.amazon.awssdk.services.kinesis.model.GetRecordsRequest;
import software.amazon.awssdk.services.kinesis.model.GetShardIteratorRequest;
import software.amazon.awssdk.services.kinesis.model.ShardIteratorType;

/**
 * Asks GetRecords whether a shard has ended after a sequence number: no record after it and no next iterator. Enhanced
 * fan-out learns a shard's end from an event without a continuation sequence number; kinesis-mock (and so LocalStack)
 * never sends one, so a caught-up subscription confirms now and then, this way, that its shard is still open
 * ({@link FanOutReading}). Two calls per probe; no state.
 */
@FunctionalInterface
interface ShardEndProbe {

    /** Completes true when the shard has no record after {@code sequenceNumber} and is closed. */
    CompletableFuture<Boolean> endedAfter(String sequenceNumber);

    static ShardEndProbe kinesis(KinesisAsyncClient kinesis, StreamRef stream, String shardId) {
        return sequenceNumber -> kinesis.getShardIterator(GetShardIteratorRequest.builder().streamName(stream.name())
                .streamARN(stream.arn()).shardId(shardId).shardIteratorType(ShardIteratorType.AFTER_SEQUENCE_NUMBER)
                .startingSequenceNumber(sequenceNumber).build())
                .thenCompose(iterator -> kinesis.getRecords(GetRecordsRequest.builder()
                        .shardIterator(iterator.shardIterator()).streamARN(stream.arn()).limit(1).build()))
                .thenApply(page -> page.records().isEmpty() && page.nextShardIterator() == null);
    }
}
