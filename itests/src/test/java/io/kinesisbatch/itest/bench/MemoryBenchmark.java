package io.kinesisbatch.itest.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.apache.camel.AsyncProducer;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.health.HealthCheckHelper;
import org.apache.camel.health.HealthCheckRepository;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;

/**
 * The memory bound: a burst of small messages into a producer whose endpoint is stalled ({@code whenFull=block}).
 * Accepted, unacknowledged records pile up to {@code maxBufferedBytes}, then callers block. Reported: the live heap
 * (after a full GC) while the buffer is full, above the heap before the burst, against {@code maxBufferedBytes}.
 */
public final class MemoryBenchmark {

    private static final long MIB = 1024 * 1024;

    private final long messages;
    private final long maxBufferedBytes;
    private final int payloadBytes;

    MemoryBenchmark(long messages, long maxBufferedBytes, int payloadBytes) {
        this.messages = messages;
        this.maxBufferedBytes = maxBufferedBytes;
        this.payloadBytes = payloadBytes;
    }

    List<String> run() throws Exception {
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        try (NullKinesisServer server = new NullKinesisServer(4)) {
            CamelContext camel = new DefaultCamelContext();
            camel.start();
            AsyncProducer producer = camel.getEndpoint(BenchUris.kinesisBatch(ProducerBenchmark.STREAM,
                    server.endpoint(), "maxBufferedBytes=" + maxBufferedBytes + "&whenFull=block"))
                    .createAsyncProducer();
            producer.start();
            long before = liveHeap(memory);
            server.stall();

            AtomicLong completed = new AtomicLong();
            AtomicLong failed = new AtomicLong();
            CountDownLatch done = new CountDownLatch(1);
            AtomicLong next = new AtomicLong();
            Thread[] callers = new Thread[4];
            for (int c = 0; c < callers.length; c++) {
                callers[c] = new Thread(() -> {
                    long i;
                    while ((i = next.getAndIncrement()) < messages) {
                        Exchange exchange = new DefaultExchange(camel);
                        exchange.getMessage().setBody(new byte[payloadBytes]);
                        producer.process(exchange, doneSync -> {
                            if (exchange.getException() != null) {
                                failed.incrementAndGet();
                            }
                            if (completed.incrementAndGet() == messages) {
                                done.countDown();
                            }
                        });
                    }
                }, "memory-caller-" + c);
                callers[c].start();
            }
            // wait until the buffer is full and the callers are blocked
            long buffered = waitUntilFull(camel);
            long records = bufferedRecords(camel);
            long live = liveHeap(memory) - before;
            long peakUsed = memory.getHeapMemoryUsage().getUsed() - before;
            server.release();
            if (!done.await(10, TimeUnit.MINUTES)) {
                throw new IllegalStateException("burst did not complete after release: " + completed.get());
            }
            for (Thread t : callers) {
                t.join();
            }
            producer.stop();
            camel.stop();
            System.out.printf(Locale.ROOT, "  memory: %,d records buffered (%,d bytes counted), live heap +%d MiB%n",
                    records, buffered, live / MIB);
            return List.of(String.format(Locale.ROOT,
                    "| live heap while %,d x %d-byte messages wait on a stalled endpoint (%,d buffered, callers blocked; all completed after release, %d failed) | maxBufferedBytes %d MiB | +%d MiB | %.2fx | ≤ bound + 64 MiB |",
                    messages, payloadBytes, records, failed.get(), maxBufferedBytes / MIB, live / MIB,
                    live / (double) maxBufferedBytes));
        }
    }

    private long waitUntilFull(CamelContext camel) throws InterruptedException {
        long last = -1;
        int stable = 0;
        while (stable < 10) {
            Thread.sleep(200);
            long now = detail(camel, "bufferedBytes");
            stable = now == last && now > 0 ? stable + 1 : 0;
            last = now;
        }
        return last;
    }

    private static long bufferedRecords(CamelContext camel) {
        return detail(camel, "bufferedRecords");
    }

    private static long detail(CamelContext camel, String name) {
        HealthCheckRepository producers = HealthCheckHelper.getHealthCheckRepository(camel, "producers");
        if (producers == null) {
            return 0;
        }
        producers.setEnabled(true);
        return producers.stream().map(c -> c.call().getDetails().get(name)).filter(Number.class::isInstance)
                .mapToLong(v -> ((Number) v).longValue()).sum();
    }

    private static long liveHeap(MemoryMXBean memory) {
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return memory.getHeapMemoryUsage().getUsed();
    }
}
