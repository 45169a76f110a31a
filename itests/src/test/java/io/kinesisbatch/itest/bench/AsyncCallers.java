package io.kinesisbatch.itest.bench;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import org.apache.camel.AsyncProducer;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.support.DefaultExchange;

/**
 * Feeds a producer the way concurrent routes do: {@code callers} threads hand it exchanges through Camel's
 * asynchronous producer API, each keeping {@link #WINDOW} exchanges outstanding, until {@code records} were sent and
 * completed. Fails when any exchange failed.
 */
final class AsyncCallers {

    /**
     * Exchanges each caller keeps outstanding. With the benchmark's 4 callers that is 10,000: more than 16 calls in
     * flight x 500 records, so a full batch is ready whenever a call returns, as in the baseline loop, which builds its
     * 17th batch while it waits for a free call. (At 2,000 per caller, exactly 16 batches, every returning call found
     * an empty buffer: a bubble the baseline does not have.)
     */
    static final int WINDOW = 2_500;

    private AsyncCallers() {
    }

    static void run(CamelContext camel, AsyncProducer producer, long records, int callers, byte[] payload)
            throws Exception {
        AtomicLong next = new AtomicLong();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        CountDownLatch done = new CountDownLatch(callers);
        for (int c = 0; c < callers; c++) {
            Thread caller = new Thread(() -> {
                Semaphore window = new Semaphore(WINDOW);
                try {
                    while (next.getAndIncrement() < records) {
                        window.acquire();
                        Exchange exchange = new DefaultExchange(camel);
                        exchange.getMessage().setBody(payload);
                        producer.process(exchange, doneSync -> {
                            if (exchange.getException() != null) {
                                failure.compareAndSet(null, exchange.getException());
                            }
                            window.release();
                        });
                    }
                    window.acquire(WINDOW);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                } finally {
                    done.countDown();
                }
            }, "bench-caller-" + c);
            caller.start();
        }
        if (!done.await(10, TimeUnit.MINUTES)) {
            throw new IllegalStateException("producer run did not finish");
        }
        if (failure.get() != null) {
            throw new IllegalStateException("an exchange failed", failure.get());
        }
    }
}
