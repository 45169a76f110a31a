package io.kinesisbatch.camel.producer;

import io.kinesisbatch.camel.KinesisBatchException;

/**
 * Told the final outcome of one record, exactly once. When that outcome completes the record's exchange, the listener
 * returns the work that completes it (routing continues there), for the caller to run where routes may run;
 * otherwise null.
 */
public interface RecordListener {

    Runnable succeeded(String shardId, String sequenceNumber);

    Runnable failed(KinesisBatchException error);
}
