package io.kinesisbatch.camel.producer;

import io.kinesisbatch.camel.KinesisBatchException;

/** Told the final outcome of one record, exactly once. */
public interface RecordListener {

    void succeeded(String shardId, String sequenceNumber);

    void failed(KinesisBatchException error);
}
