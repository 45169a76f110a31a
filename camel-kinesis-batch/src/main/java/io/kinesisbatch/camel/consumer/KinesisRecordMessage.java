package io.kinesisbatch.camel.consumer;

import org.apache.camel.CamelContext;
import org.apache.camel.support.DefaultMessage;

/**
 * One record inside a List body (consumer with {@code maxRecordsPerExchange > 1}): a Camel message whose body is the
 * record's data ({@code byte[]}) and whose headers are the record's. Camel's type converters turn it into
 * {@code byte[]} or {@code String} ({@link KinesisRecordConverters}), and {@code split(body())} gives each record its
 * own exchange with its own headers.
 */
public class KinesisRecordMessage extends DefaultMessage {

    public KinesisRecordMessage(CamelContext camelContext) {
        super(camelContext);
    }

    @Override
    public KinesisRecordMessage newInstance() {
        return new KinesisRecordMessage(getCamelContext());
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
