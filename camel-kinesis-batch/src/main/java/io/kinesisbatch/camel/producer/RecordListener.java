package io.kinesisbatch.camel.producer;

import io.kinesisbatch.camel.KinesisBatchException;

/**
 * Told the final outcome of one record, exactly once. When that outcome completes the record's exchange, the listener
 * returns the work that completes it (routing continues there), for the caller to run where routes may run;
 * otherwise null.
 */
public interface RecordListener {

    Runnable succeeded(String shardId, String sequenceNumber);

    /**
     * Written inside a KPL aggregate, as its user record {@code subSequenceNumber}; negative for a plain record.
     * Listeners that do not care about the position inside an aggregate take the plain outcome.
     */
    default Runnable succeeded(String shardId, String sequenceNumber, long subSequenceNumber) {
        return succeeded(shardId, sequenceNumber);
    }

    Runnable failed(KinesisBatchException error);

    /**
     * True once what waits for this record's outcome has been told it (an exchange's callback has returned), so a
     * stop that waits for outcomes knows the caller got it; listeners with nobody waiting are always done.
     */
    default boolean told() {
        return true;
    }
}
