package io.kinesisbatch.itest.bench;

import java.util.concurrent.atomic.AtomicLong;

import io.kinesisbatch.camel.KinesisBatchConstants;
import org.apache.camel.AsyncProducer;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.support.DefaultExchange;

/**
 * One caller thread feeding a producer until stopped, keeping the exchanges of up to {@link AsyncCallers#WINDOW}
 * records outstanding (as {@link AsyncCallers} does for a fixed count), every exchange one record with the payload as
 * its body and, when {@code partitionKey} is given, that key (else the producer's random key). Counts exchanges that
 * completed and that failed.
 */
final class TimedCallers implements AutoCloseable {

    private final Thread thread;
    private final AtomicLong completed = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private volatile boolean stopped;

    TimedCallers(CamelContext camel, AsyncProducer producer, byte[] payload, String partitionKey, String name) {
        this.thread = new Thread(() -> feed(camel, producer, payload, partitionKey), name);
        this.thread.setDaemon(true);
    }

    TimedCallers start() {
        thread.start();
        return this;
    }

    private void feed(CamelContext camel, AsyncProducer producer, byte[] payload, String partitionKey) {
        CallerWindow window = new CallerWindow(Thread.currentThread(), AsyncCallers.WINDOW, AsyncCallers.CHUNK);
        try {
            while (!stopped) {
                window.take(AsyncCallers.CHUNK);
                for (int i = 0; i < AsyncCallers.CHUNK; i++) {
                    Exchange exchange = new DefaultExchange(camel);
                    exchange.getMessage().setBody(payload);
                    if (partitionKey != null) {
                        exchange.getMessage().setHeader(KinesisBatchConstants.PARTITION_KEY, partitionKey);
                    }
                    producer.process(exchange, doneSync -> {
                        (exchange.getException() == null ? completed : failed).incrementAndGet();
                        window.giveBack(1);
                    });
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    long completed() {
        return completed.get();
    }

    long failed() {
        return failed.get();
    }

    /** Stops handing over exchanges; those outstanding are left to the producer's stop. */
    @Override
    public void close() throws InterruptedException {
        stopped = true;
        thread.interrupt();
        thread.join(10_000);
    }
}
