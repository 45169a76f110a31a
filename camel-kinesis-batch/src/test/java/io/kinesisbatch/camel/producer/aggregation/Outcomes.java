package io.kinesisbatch.camel.producer.aggregation;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import io.kinesisbatch.camel.KinesisBatchException;
import io.kinesisbatch.camel.producer.RecordListener;

/** Records the outcome of each message of a test, by name: "shard/sequence/subSequence" or the error. */
final class Outcomes {

    static final RecordListener NOBODY = new RecordListener() {
        @Override
        public Runnable succeeded(String shardId, String sequenceNumber) {
            return null;
        }

        @Override
        public Runnable failed(KinesisBatchException error) {
            return null;
        }
    };

    final Map<String, Object> byName = new ConcurrentHashMap<>();
    private final CountDownLatch all;

    Outcomes(int messages) {
        all = new CountDownLatch(messages);
    }

    RecordListener listener(String name) {
        return new RecordListener() {
            @Override
            public Runnable succeeded(String shardId, String sequenceNumber) {
                return succeeded(shardId, sequenceNumber, -1);
            }

            @Override
            public Runnable succeeded(String shardId, String sequenceNumber, long subSequenceNumber) {
                if (byName.putIfAbsent(name, shardId + "/" + sequenceNumber + "/" + subSequenceNumber) == null) {
                    all.countDown();
                }
                return null;
            }

            @Override
            public Runnable failed(KinesisBatchException error) {
                if (byName.putIfAbsent(name, error) == null) {
                    all.countDown();
                }
                return null;
            }
        };
    }

    void await() throws InterruptedException {
        if (!all.await(10, TimeUnit.SECONDS)) {
            throw new AssertionError("not every message got its outcome: " + byName);
        }
    }
}
