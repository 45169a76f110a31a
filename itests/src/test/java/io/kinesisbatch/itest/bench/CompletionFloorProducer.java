package io.kinesisbatch.itest.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import io.kinesisbatch.camel.KinesisBatchConstants;
import org.apache.camel.AsyncCallback;
import org.apache.camel.Endpoint;
import org.apache.camel.Exchange;
import org.apache.camel.support.DefaultAsyncProducer;

/**
 * The least an asynchronous batching producer does per exchange, with no Kinesis work at all: it takes the
 * exchange, groups it with others (up to {@value #GROUP}, waiting at most {@value #LINGER_MILLIS} ms), and completes
 * each group on one other thread, every exchange with the two result headers the contract promises. Fed by the same
 * callers, its CPU is the part of the producer's that any Camel producer completing exchanges off the caller's
 * thread pays; the benchmark reports the producer's CPU above it as well.
 */
final class CompletionFloorProducer extends DefaultAsyncProducer {

    static final int GROUP = 500;
    static final long LINGER_MILLIS = 5;
    private static final String SHARD = "shardId-000000000001";
    private static final String SEQUENCE = "49590338271490256608559692538361571095921575989136588898";

    private record Waiting(Exchange exchange, AsyncCallback callback) {
    }

    private final LinkedBlockingQueue<Waiting> queue = new LinkedBlockingQueue<>();
    private ExecutorService completer;
    private Thread grouper;

    CompletionFloorProducer(Endpoint endpoint) {
        super(endpoint);
    }

    @Override
    public boolean process(Exchange exchange, AsyncCallback callback) {
        queue.add(new Waiting(exchange, callback));
        return false;
    }

    @Override
    protected void doStart() throws Exception {
        super.doStart();
        completer = Executors.newSingleThreadExecutor(r -> new Thread(r, "floor-completer"));
        grouper = new Thread(this::group, "floor-grouper");
        grouper.setDaemon(true);
        grouper.start();
    }

    private void group() {
        try {
            while (true) {
                List<Waiting> group = new ArrayList<>(GROUP);
                group.add(queue.take());
                long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(LINGER_MILLIS);
                while (group.size() < GROUP) {
                    queue.drainTo(group, GROUP - group.size());
                    long left = deadline - System.nanoTime();
                    if (group.size() >= GROUP || left <= 0) {
                        break;
                    }
                    Waiting next = queue.poll(left, TimeUnit.NANOSECONDS);
                    if (next == null) {
                        break;
                    }
                    group.add(next);
                }
                completer.execute(() -> complete(group));
            }
        } catch (InterruptedException stopping) {
            Thread.currentThread().interrupt();
        }
    }

    private static void complete(List<Waiting> group) {
        for (Waiting w : group) {
            w.exchange().getMessage().setHeader(KinesisBatchConstants.SHARD_ID, SHARD);
            w.exchange().getMessage().setHeader(KinesisBatchConstants.SEQUENCE_NUMBER, SEQUENCE);
            w.callback().done(false);
        }
    }

    @Override
    protected void doStop() throws Exception {
        grouper.interrupt();
        grouper.join(5_000);
        completer.shutdown();
        completer.awaitTermination(5, TimeUnit.SECONDS);
        super.doStop();
    }
}
