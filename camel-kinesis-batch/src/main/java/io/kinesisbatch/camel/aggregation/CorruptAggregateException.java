package io.kinesisbatch.camel.aggregation;

/**
 * A record carried the aggregate magic and a matching MD5, but its protobuf is not a valid {@code AggregatedRecord}:
 * truncated, a varint overflowing 64 bits, a length beyond the buffer, an index outside its key table, a required field
 * missing. The record is neither plain nor readable; the consumer fails it like a failing record, never drops it
 * silently.
 */
public class CorruptAggregateException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public CorruptAggregateException(String message) {
        super(message);
    }

    public CorruptAggregateException(String message, Throwable cause) {
        super(message, cause);
    }
}
