package io.kinesisbatch.camel.producer;

import java.util.ArrayList;
import java.util.List;

import io.kinesisbatch.camel.KinesisBatchBufferFullException;
import io.kinesisbatch.camel.KinesisBatchException;
import io.kinesisbatch.camel.KinesisBatchProducerStoppedException;
import org.apache.camel.AsyncCallback;
import org.apache.camel.Exchange;

/**
 * The way into the pipeline for one exchange: reads it into records ({@link RecordReader}), reserves their buffer
 * room (waiting for it with {@code whenFull=block}), and hands them to the {@link BatchPipeline} with the exchange's
 * {@link ExchangeCompletion}; or fails the exchange at once when it cannot go (unreadable, buffer full, stopping).
 * Holds no state of its own: any caller's thread may use it.
 */
final class ExchangeIntake {

    private final String stream;
    private final ProducerSettings settings;
    private final RecordReader reader;
    private final Accumulator accumulator;
    private final BatchPipeline pipeline;

    ExchangeIntake(String stream, ProducerSettings settings, RecordReader reader, Accumulator accumulator,
                   BatchPipeline pipeline) {
        this.stream = stream;
        this.settings = settings;
        this.reader = reader;
        this.accumulator = accumulator;
        this.pipeline = pipeline;
    }

    /**
     * Takes one exchange: as {@link org.apache.camel.AsyncProcessor#process(Exchange, AsyncCallback)}, true when the
     * exchange was completed here (it failed before anything was sent).
     */
    public boolean accept(Exchange exchange, AsyncCallback callback) {
        List<RecordDraft> drafts;
        try {
            drafts = reader.read(exchange);
        } catch (Exception e) {
            return failNow(exchange, callback, e);
        } catch (Error e) {
            // a type converter's StackOverflowError, an OutOfMemoryError reading the body...: the exchange must still
            // get its callback, or its caller waits for ever
            return failNow(exchange, callback, new KinesisBatchException(
                    "Reading the exchange for Kinesis stream " + stream + " failed with " + e, null, e));
        }
        long bytes = 0;
        for (RecordDraft d : drafts) {
            bytes += d.size();
        }
        switch (accumulator.reserve(bytes, drafts.size(), settings.blockWhenFull())) {
            case FULL :
                return failNow(exchange, callback, new KinesisBatchBufferFullException(
                        "Kinesis producer for stream " + stream + " already holds its maxBufferedBytes ("
                                                                                       + settings.maxBufferedBytes()
                                                                                       + ") of unacknowledged records and whenFull=fail",
                        null, null));
            case CLOSED :
                return failNow(exchange, callback, stoppedBeforeSending());
            default :
                break;
        }
        ExchangeCompletion completion = new ExchangeCompletion(exchange, callback, drafts.size(),
                RecordReader.isMulti(exchange.getMessage().getBody()));
        List<BufferedRecord> records;
        if (drafts.size() == 1) {
            records = List.of(new BufferedRecord(drafts.get(0), completion.listener(0)));
        } else {
            records = new ArrayList<>(drafts.size());
            for (int i = 0; i < drafts.size(); i++) {
                records.add(new BufferedRecord(drafts.get(i), completion.listener(i)));
            }
        }
        pipeline.submit(records);
        return false;
    }

    /** The failure of an exchange that arrives while (or after) the pipeline stops, or whose caller was interrupted. */
    private KinesisBatchProducerStoppedException stoppedBeforeSending() {
        return new KinesisBatchProducerStoppedException(
                "Kinesis producer for stream " + stream + " is stopping (or the caller was interrupted)"
                                                        + "; nothing of this exchange was sent",
                null, null);
    }

    private static boolean failNow(Exchange exchange, AsyncCallback callback, Throwable e) {
        exchange.setException(e);
        callback.done(true);
        return true;
    }
}
