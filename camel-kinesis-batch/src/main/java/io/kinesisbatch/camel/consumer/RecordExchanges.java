package io.kinesisbatch.camel.consumer;

import java.util.ArrayList;
import java.util.List;

import io.kinesisbatch.camel.KinesisBatchConstants;
import org.apache.camel.Exchange;
import org.apache.camel.Message;

/**
 * Puts records into an exchange: one record (a plain Kinesis record or a user record of a KPL aggregate) as the body
 * ({@code byte[]}) with its headers, or several as a
 * {@code java.util.List} of {@link KinesisRecordMessage}s, each with its record's body and headers (so {@code split(body())}
 * gives every record its own exchange with its headers, and Camel converts each to {@code byte[]} or {@code String}).
 */
public final class RecordExchanges {

    private RecordExchanges() {
    }

    /**
     * @param list true to always use a List body (maxRecordsPerExchange above 1), even for a single record
     */
    public static void fill(Exchange exchange, String stream, String shardId, List<ShardRecord> records,
            long millisBehindLatest, boolean list) {
        Message in = exchange.getIn();
        if (!list) {
            describe(in, stream, shardId, records.get(0), millisBehindLatest);
            return;
        }
        List<Message> messages = new ArrayList<>(records.size());
        for (ShardRecord record : records) {
            Message message = new KinesisRecordMessage(exchange.getContext());
            describe(message, stream, shardId, record, millisBehindLatest);
            messages.add(message);
        }
        in.setBody(messages);
        in.setHeader(KinesisBatchConstants.STREAM_NAME, stream);
        in.setHeader(KinesisBatchConstants.SHARD_ID, shardId);
        // the last record of the list: how far this exchange reaches in the shard
        ShardRecord last = records.get(records.size() - 1);
        in.setHeader(KinesisBatchConstants.SEQUENCE_NUMBER, last.sequenceNumber());
        if (last.aggregated()) {
            in.setHeader(KinesisBatchConstants.SUB_SEQUENCE_NUMBER, last.subSequenceNumber());
        }
        in.setHeader(KinesisBatchConstants.MILLIS_BEHIND_LATEST, millisBehindLatest);
    }

    private static void describe(Message message, String stream, String shardId, ShardRecord record,
            long millisBehindLatest) {
        message.setBody(record.data());
        message.setHeader(KinesisBatchConstants.STREAM_NAME, stream);
        message.setHeader(KinesisBatchConstants.SHARD_ID, shardId);
        message.setHeader(KinesisBatchConstants.SEQUENCE_NUMBER, record.sequenceNumber());
        if (record.aggregated()) {
            message.setHeader(KinesisBatchConstants.SUB_SEQUENCE_NUMBER, record.subSequenceNumber());
        }
        message.setHeader(KinesisBatchConstants.PARTITION_KEY, record.partitionKey());
        if (record.explicitHashKey() != null) {
            message.setHeader(KinesisBatchConstants.EXPLICIT_HASH_KEY, record.explicitHashKey());
        }
        message.setHeader(KinesisBatchConstants.APPROXIMATE_ARRIVAL_TIMESTAMP, record.arrival());
        message.setHeader(KinesisBatchConstants.MILLIS_BEHIND_LATEST, millisBehindLatest);
    }
}
