package io.kinesisbatch.camel.producer;

import io.kinesisbatch.camel.KinesisBatchException;

/** A record listener for tests of batching and sending, where no exchange waits for the outcome. */
final class NoListener implements RecordListener {

    static final NoListener INSTANCE = new NoListener();

    private NoListener() {}

    /** A record of {@code data} with key "k", nobody listening. */
    static BufferedRecord record(byte[] data) {
        return new BufferedRecord(new RecordDraft(data, "k", null), INSTANCE);
    }

    @Override
    public Runnable succeeded(String shardId, String sequenceNumber) {
        return null;
    }

    @Override
    public Runnable failed(KinesisBatchException error) {
        return null;
    }
}
