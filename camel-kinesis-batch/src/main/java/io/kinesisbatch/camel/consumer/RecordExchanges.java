package io.kinesisbatch.camel.consumer;

import java.util.ArrayList;
import java.util.List;

import io.kinesisbatch.camel.KinesisBatchConstants;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.support.DefaultMessage;
import software.amazon.awssdk.services.kinesis.model.Record;

/**
 * Puts records into an exchange: one record as the body ({@code byte[]}) with its headers, or several as a
 * {@code java.util.List} of Camel {@link Message}s, each with its record's body and headers (so {@code split(body())}
 * gives every record its own exchange with its headers).
 */
public final class RecordExchanges {

    private RecordExchanges() {
    }

    /**
     * @param list true to always use a List body (maxRecordsPerExchange above 1), even for a single record
     */
    public static void fill(Exchange exchange, String stream, String shardId, List<Record> records,
            long millisBehindLatest, boolean list) {
        Message in = exchange.getIn();
        if (!list) {
            describe(in, stream, shardId, records.get(0), millisBehindLatest);
            return;
        }
        List<Message> messages = new ArrayList<>(records.size());
        for (Record record : records) {
            Message message = new DefaultMessage(exchange.getContext());
            describe(message, stream, shardId, record, millisBehindLatest);
            messages.add(message);
        }
        in.setBody(messages);
        in.setHeader(KinesisBatchConstants.STREAM_NAME, stream);
        in.setHeader(KinesisBatchConstants.SHARD_ID, shardId);
        // the last record of the list: how far this exchange reaches in the shard
        in.setHeader(KinesisBatchConstants.SEQUENCE_NUMBER, records.get(records.size() - 1).sequenceNumber());
        in.setHeader(KinesisBatchConstants.MILLIS_BEHIND_LATEST, millisBehindLatest);
    }

    private static void describe(Message message, String stream, String shardId, Record record, long millisBehindLatest) {
        message.setBody(record.data().asByteArray());
        message.setHeader(KinesisBatchConstants.STREAM_NAME, stream);
        message.setHeader(KinesisBatchConstants.SHARD_ID, shardId);
        message.setHeader(KinesisBatchConstants.SEQUENCE_NUMBER, record.sequenceNumber());
        message.setHeader(KinesisBatchConstants.PARTITION_KEY, record.partitionKey());
        message.setHeader(KinesisBatchConstants.APPROXIMATE_ARRIVAL_TIMESTAMP, record.approximateArrivalTimestamp());
        message.setHeader(KinesisBatchConstants.MILLIS_BEHIND_LATEST, millisBehindLatest);
    }
}
