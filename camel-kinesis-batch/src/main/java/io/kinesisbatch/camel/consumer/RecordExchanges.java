package io.kinesisbatch.camel.consumer;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.kinesisbatch.camel.KinesisBatchConstants;
import org.apache.camel.Exchange;
import org.apache.camel.Message;

/**
 * Puts records into an exchange: one record (a plain Kinesis record or a user record of a KPL aggregate) as its message ({@link KinesisRecordMessage}: the body a {@code byte[]},
 * the record's headers), or several as a
 * {@code java.util.List} of {@link KinesisRecordMessage}s, each with its record's body and headers (so {@code split(body())}
 * gives every record its own exchange with its headers, and Camel converts each to {@code byte[]} or {@code String}).
 */
public final class RecordExchanges {

    private RecordExchanges() {}

    /**
     * @param list true to always use a List body (maxRecordsPerExchange above 1), even for a single record
     */
    public static void fill(Exchange exchange, String stream, String shardId, List<ShardRecord> records,
                            long millisBehindLatest, boolean list) {
        if (!list) {
            exchange.setIn(new KinesisRecordMessage(exchange.getContext(), stream, shardId, records.get(0),
                    millisBehindLatest));
            return;
        }
        List<Message> messages = new ArrayList<>(records.size());
        for (ShardRecord record : records) {
            messages.add(new KinesisRecordMessage(exchange.getContext(), stream, shardId, record, millisBehindLatest));
        }
        Message in = exchange.getIn();
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

    /** The headers of one record. */
    static void describe(Map<String, Object> headers, String stream, String shardId, ShardRecord record,
                         long millisBehindLatest) {
        headers.put(KinesisBatchConstants.STREAM_NAME, stream);
        headers.put(KinesisBatchConstants.SHARD_ID, shardId);
        headers.put(KinesisBatchConstants.SEQUENCE_NUMBER, record.sequenceNumber());
        if (record.aggregated()) {
            headers.put(KinesisBatchConstants.SUB_SEQUENCE_NUMBER, record.subSequenceNumber());
        }
        headers.put(KinesisBatchConstants.PARTITION_KEY, record.partitionKey());
        if (record.explicitHashKey() != null) {
            headers.put(KinesisBatchConstants.EXPLICIT_HASH_KEY, record.explicitHashKey());
        }
        headers.put(KinesisBatchConstants.APPROXIMATE_ARRIVAL_TIMESTAMP, record.arrival());
        headers.put(KinesisBatchConstants.MILLIS_BEHIND_LATEST, millisBehindLatest);
    }
}
