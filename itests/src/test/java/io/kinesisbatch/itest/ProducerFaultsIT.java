package io.kinesisbatch.itest;

import io.kinesisbatch.itest.support.Polling;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;

import io.kinesisbatch.camel.KinesisBatchConstants;
import io.kinesisbatch.camel.KinesisBatchProducerStoppedException;
import io.kinesisbatch.itest.support.AwsPeers;
import io.kinesisbatch.itest.support.FaultInjectingProxy;
import io.kinesisbatch.itest.support.Faults;
import io.kinesisbatch.itest.support.Streams;
import io.kinesisbatch.itest.support.Streams.StreamRecord;
import org.apache.camel.Exchange;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

/** The producer behind {@link FaultInjectingProxy}: throttled entries, failing calls, a stalled endpoint. */
class ProducerFaultsIT {

    private static final Logger LOG = LoggerFactory.getLogger(ProducerFaultsIT.class);
    private static final String PTEE = "ProvisionedThroughputExceededException";

    private FaultInjectingProxy proxy;

    @BeforeEach
    void proxy() throws Exception {
        assumeThat(AwsPeers.get().kinesisEndpoint()).as("needs an emulator endpoint to proxy").isNotNull();
        proxy = FaultInjectingProxy.start(AwsPeers.get().kinesisEndpoint());
    }

    @AfterEach
    void closeProxy() {
        if (proxy != null) {
            proxy.close();
        }
    }

    @Test
    void withFailedEntriesAndFailedCallsEveryExchangeCompletesAndEveryRecordArrives() throws Exception {
        String stream = Streams.create(2);
        Faults.EntryFailures throttledEntries = Faults.failEntries(0.2, PTEE, 1);
        Faults.CallFailures serverErrorsAfterWriting = Faults.failCalls(0.1, 500, "InternalFailure", true, 2);
        Faults.CallFailures throttledCalls = Faults.failCalls(0.1, 400, PTEE, false, 3);
        proxy.with(serverErrorsAfterWriting).with(throttledCalls).with(throttledEntries);
        int messages = 1000;
        List<CompletableFuture<Exchange>> sent = new ArrayList<>();
        try (ProducerRun run = new ProducerRun(stream, proxy.endpoint(),
                "batchTimeout=200ms&batchMaxRecords=100&maxRetries=30&retryInitialDelay=20ms&retryMaxDelay=500ms")) {
            for (int i = 0; i < messages; i++) {
                sent.add(run.send("m-" + i, Map.of(KinesisBatchConstants.PARTITION_KEY, "k" + (i % 7))));
            }
            List<Exchange> done = ProducerRun.awaitAll(sent);
            assertThat(done).allSatisfy(e -> assertThat(e.getException()).isNull());
            assertThat(throttledEntries.injected()).isPositive();
            assertThat(run.producer.getRecordsRetried()).isPositive();
            assertThat(run.producer.getRecordsThrottled()).isGreaterThanOrEqualTo(throttledEntries.injected());
            assertThat(run.producer.getRecordsFailed()).isZero();
            // the SDK's own retries are off: every call the proxy saw was one of ours
            assertThat(proxy.calls(Faults.PUT_RECORDS)).isEqualTo((int) run.producer.getPutRecordsCalls());
            LOG.info("faults: {} entries throttled, {} calls 500 after writing, {} calls throttled; producer: {} calls,"
                     + " {} records retried",
                    throttledEntries.injected(), serverErrorsAfterWriting.injected(),
                    throttledCalls.injected(), run.producer.getPutRecordsCalls(), run.producer.getRecordsRetried());
        }
        List<StreamRecord> records = Streams.awaitRecords(stream, messages, ProducerRun.DEADLINE);
        Map<String, Long> copies = records.stream()
                .collect(Collectors.groupingBy(StreamRecord::text, Collectors.counting()));
        long duplicates = records.size() - copies.size();
        LOG.info("{} messages, {} records in the stream, {} duplicates (from {} ambiguous 500s after writing)",
                messages, records.size(), duplicates, serverErrorsAfterWriting.injected());
        assertThat(copies).hasSize(messages);
        // only the ambiguous failures (written, then reported failed) may duplicate, at most one batch each
        assertThat(duplicates).isLessThanOrEqualTo(100L * serverErrorsAfterWriting.injected());
        if (serverErrorsAfterWriting.injected() == 0) {
            assertThat(duplicates).isZero();
        }
    }

    @Test
    void retriedEntriesAloneNeverDuplicateAlsoOverJson() throws Exception {
        String stream = Streams.create(2);
        Faults.EntryFailures throttledEntries = Faults.failEntries(0.3, PTEE, 4);
        Faults.EntryFailures internalFailures = Faults.failEntries(0.1, "InternalFailure", 5);
        proxy.with(throttledEntries).with(internalFailures);
        int messages = 200;
        List<CompletableFuture<Exchange>> sent = new ArrayList<>();
        try (ProducerRun run = new ProducerRun(stream, proxy.endpoint(),
                "cborEnabled=false&batchTimeout=100ms&maxRetries=30&retryInitialDelay=10ms&retryMaxDelay=200ms")) {
            for (int i = 0; i < messages; i++) {
                sent.add(run.send("j-" + i, Map.of()));
            }
            assertThat(ProducerRun.awaitAll(sent)).allSatisfy(e -> assertThat(e.getException()).isNull());
            assertThat(throttledEntries.injected()).isPositive();
            assertThat(internalFailures.injected()).isPositive();
        }
        List<StreamRecord> records = Streams.awaitRecords(stream, messages, ProducerRun.DEADLINE);
        // per-entry failures are unambiguous (the entry was not written): retrying them never duplicates
        assertThat(records).extracting(StreamRecord::text).hasSize(messages).doesNotHaveDuplicates();
    }

    @Test
    void aProducerDeniedDescribeStreamSummaryStartsAndHoldsRecordsToOneMebibyte() throws Exception {
        String stream = Streams.create(1);
        Faults.NextCalls denied = Faults.failNext("DescribeStreamSummary", "AccessDeniedException").arm(1);
        proxy.with(denied);
        try (ProducerRun run = new ProducerRun(stream, proxy.endpoint(), "partitionKey=k")) {
            assertThat(denied.injected()).as("the start-up call was denied").isEqualTo(1);
            Exchange fits = run.send("fits", Map.of()).get(60, TimeUnit.SECONDS);
            assertThat(fits.getException()).isNull();
            Exchange tooBig = run.send("x".repeat(1024 * 1024), Map.of()).get(60, TimeUnit.SECONDS); // + the key: 1 byte over
            assertThat(tooBig.getException()).hasMessageContaining("1048577 bytes").hasMessageContaining("1048576");
        }
        assertThat(Streams.awaitRecords(stream, 1, ProducerRun.DEADLINE)).extracting(StreamRecord::text)
                .containsExactly("fits");
    }

    @Test
    void stoppingWhileTheEndpointIsStalledFailsWhatIsPendingWithinTheShutdownTimeout() throws Exception {
        String stream = Streams.create(1);
        Faults.Stall stall = Faults.stall(Faults.PUT_RECORDS);
        proxy.with(stall);
        List<CompletableFuture<Exchange>> sent = new ArrayList<>();
        try (ProducerRun run = new ProducerRun(stream, proxy.endpoint(), "batchTimeout=50ms")) {
            run.context.getShutdownStrategy().setTimeout(2);
            for (int i = 0; i < 30; i++) {
                sent.add(run.send("s-" + i, Map.of()));
            }
            Polling.await("a call held").atMost(ProducerRun.DEADLINE).until(() -> stall.held() > 0);
            long start = System.nanoTime();
            run.stopProducer();
            assertThat(TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start)).isLessThan(10);
            assertThat(ProducerRun.awaitAll(sent)).allSatisfy(e -> assertThat(e.getException())
                    .isInstanceOf(KinesisBatchProducerStoppedException.class).hasMessageContaining("shutdown timeout"));
        } finally {
            stall.release();
        }
    }

    @Test
    void aStalledEndpointBlocksCallersWithinTheMemoryBoundAndEverythingArrivesAfterwards() throws Exception {
        String stream = Streams.create(1);
        Faults.Stall stall = Faults.stall(Faults.PUT_RECORDS);
        proxy.with(stall);
        long bound = 20_000;
        int callers = 4;
        int perCaller = 40;
        byte[] payload = new byte[968]; // + 32-character random key = 1000 bytes per record
        try (ProducerRun run = new ProducerRun(stream, proxy.endpoint(),
                "maxBufferedBytes=" + bound + "&batchTimeout=50ms&batchMaxRecords=5&maxInFlight=2")) {
            AtomicLong highest = new AtomicLong();
            List<CompletableFuture<Exchange>> sent = java.util.Collections.synchronizedList(new ArrayList<>());
            List<Thread> threads = new ArrayList<>();
            for (int c = 0; c < callers; c++) {
                int caller = c;
                Thread t = new Thread(() -> {
                    for (int i = 0; i < perCaller; i++) {
                        byte[] data = payload.clone();
                        data[0] = (byte) caller;
                        data[1] = (byte) i;
                        sent.add(run.send(data, Map.of()));
                        highest.accumulateAndGet(run.producer.getBufferedBytes(), Math::max);
                    }
                }, "caller-" + c);
                t.start();
                threads.add(t);
            }
            // the callers fill the buffer, then wait: back-pressure, not memory growth
            Polling.await("all callers blocked").atMost(ProducerRun.DEADLINE).until(() -> threads.stream().allMatch(
                    t -> t.getState() == Thread.State.WAITING));
            Polling.await("calls held by the stalled endpoint").atMost(ProducerRun.DEADLINE)
                    .until(() -> stall.held() > 0);
            LOG.info("stalled: {} calls held, {} in flight, {} bytes buffered, {} of {} exchanges accepted",
                    stall.held(),
                    run.producer.getCallsInFlight(), run.producer.getBufferedBytes(), sent.size(), callers * perCaller);
            assertThat(run.producer.getBufferedBytes()).isLessThanOrEqualTo(bound);
            assertThat(sent.size()).isLessThan(callers * perCaller);
            stall.release();
            for (Thread t : threads) {
                t.join(TimeUnit.SECONDS.toMillis(ProducerRun.DEADLINE.toSeconds()));
                assertThat(t.isAlive()).isFalse();
            }
            assertThat(ProducerRun.awaitAll(sent)).hasSize(callers * perCaller)
                    .allSatisfy(e -> assertThat(e.getException()).isNull());
            assertThat(highest.get()).isLessThanOrEqualTo(bound);
        }
        List<StreamRecord> records = Streams.awaitRecords(stream, callers * perCaller, ProducerRun.DEADLINE);
        assertThat(records.stream().map(r -> r.data()[0] + "/" + r.data()[1]).distinct()).hasSize(callers * perCaller);
    }
}
