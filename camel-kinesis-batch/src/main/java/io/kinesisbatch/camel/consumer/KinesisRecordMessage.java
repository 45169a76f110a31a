package io.kinesisbatch.camel.consumer;

import java.util.Map;

import org.apache.camel.CamelContext;
import org.apache.camel.support.DefaultMessage;

/**
 * One record as a Camel message: the exchange's message with one record per exchange, and each element of a List body
 * ({@code maxRecordsPerExchange > 1}). Its body is the record's data ({@code byte[]}); its headers are the record's,
 * filled in when something first looks at the headers (Camel's own hook for that), so a route that reads only the
 * body pays nothing for them. Camel's type converters turn it into {@code byte[]} or {@code String}
 * ({@link KinesisRecordConverters}), and {@code split(body())} gives each record its own exchange with its own headers.
 */
public class KinesisRecordMessage extends DefaultMessage {

    private final String stream;
    private final String shardId;
    private final long millisBehindLatest;
    private ShardRecord record; // until the headers were filled in from it

    public KinesisRecordMessage(CamelContext camelContext) {
        this(camelContext, null, null, null, 0);
    }

    /** A message of {@code record}, read from {@code shardId} of {@code stream}. */
    KinesisRecordMessage(CamelContext camelContext, String stream, String shardId, ShardRecord record,
                         long millisBehindLatest) {
        super(camelContext);
        this.stream = stream;
        this.shardId = shardId;
        this.record = record;
        this.millisBehindLatest = millisBehindLatest;
        if (record != null) {
            setBody(record.data());
        }
    }

    @Override
    public KinesisRecordMessage newInstance() {
        return new KinesisRecordMessage(getCamelContext());
    }

    @Override
    protected boolean isPopulateHeadersSupported() {
        return record != null;
    }

    @Override
    protected void populateInitialHeaders(Map<String, Object> map) {
        if (record != null) {
            RecordExchanges.describe(map, stream, shardId, record, millisBehindLatest);
            record = null;
        }
    }

    /** The record's data. */
    public byte[] data() {
        return getBody(byte[].class);
    }

    @Override
    public String toString() {
        return "KinesisRecordMessage[shard=" + getHeader("CamelKinesisBatchShardId") + ", sequence="
               + getHeader("CamelKinesisBatchSequenceNumber") + "]";
    }
}
