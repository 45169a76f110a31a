package io.kinesisbatch.itest.bench;

import java.util.Collections;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import org.apache.camel.AsyncProducer;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.support.DefaultExchange;

/**
 * Feeds a producer the way concurrent routes do: {@code callers} threads hand it exchanges through Camel's
 * asynchronous producer API, each keeping the exchanges of up to {@link #WINDOW} records outstanding, until
 * {@code records} were sent and completed. Fails when any exchange failed.
 * <p>
 * A caller hands over {@link #CHUNK} records at a time and, when its window is full, sleeps until that many have
 * completed ({@link CallerWindow}), so the feeding costs a wake-up per chunk rather than per exchange.
 */
final class AsyncCallers {

    /**
     * Records each caller keeps outstanding. With the benchmark's 4 callers that is 10,000: more than 16 calls in
     * flight x 500 records, so a full batch is ready whenever a call returns, as in the baseline loop, which builds its
     * 17th batch while it waits for a free call. (At 2,000 per caller, exactly 16 batches, every returning call found
     * an empty buffer: a bubble the baseline does not have.)
     */
    static final int WINDOW = 2_500;

    /** Records a caller hands over between looks at its window: a PutRecords call's worth. */
    static final int CHUNK = 500;

    private AsyncCallers() {}

    /** One record per exchange, the payload as its body. */
    static void run(CamelContext camel, AsyncProducer producer, long records, int callers, byte[] payload)
            throws Exception {
        run(camel, producer, records, callers, payload, 1);
    }

    /**
     * {@code perExchange} records per exchange (a divisor of {@link #CHUNK} and of {@code records}): above 1, each
     * exchange's body is a List of that many payloads.
     */
    static void run(CamelContext camel, AsyncProducer producer, long records, int callers, byte[] payload,
                    int perExchange)
            throws Exception {
        if (CHUNK % perExchange != 0 || records % perExchange != 0) {
            throw new IllegalArgumentException(
                    perExchange + " records per exchange must divide " + CHUNK + " and " + records);
        }
        Object body = perExchange == 1 ? payload : Collections.nCopies(perExchange, payload);
        AtomicLong next = new AtomicLong();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        CountDownLatch done = new CountDownLatch(callers);
        for (int c = 0; c < callers; c++) {
            Thread caller = new Thread(() -> {
                CallerWindow window = new CallerWindow(Thread.currentThread(), WINDOW, CHUNK);
                try {
                    long first;
                    while ((first = next.getAndAdd(CHUNK)) < records) {
                        int n = (int) Math.min(CHUNK, records - first);
                        window.take(n);
                        for (int i = 0; i < n; i += perExchange) {
                            Exchange exchange = new DefaultExchange(camel);
                            exchange.getMessage().setBody(body);
                            producer.process(exchange, doneSync -> {
                                if (exchange.getException() != null) {
                                    failure.compareAndSet(null, exchange.getException());
                                }
                                window.giveBack(perExchange);
                            });
                        }
                    }
                    window.awaitAll();
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
