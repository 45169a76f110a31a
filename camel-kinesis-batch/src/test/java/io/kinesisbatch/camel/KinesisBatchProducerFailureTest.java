package io.kinesisbatch.camel;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import io.kinesisbatch.camel.producer.Accumulator;
import io.kinesisbatch.camel.producer.Failure;
import io.kinesisbatch.camel.producer.ProducerHealthCheck;
import io.kinesisbatch.camel.producer.ProducerStats;
import io.kinesisbatch.camel.producer.ProducerStatsAccess;
import org.apache.camel.Exchange;
import org.apache.camel.health.HealthCheck;
import org.apache.camel.health.HealthCheckHelper;
import org.apache.camel.health.HealthCheckRepository;
import org.apache.camel.support.service.ServiceHelper;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.kinesis.model.PutRecordsRequestEntry;

import static io.kinesisbatch.camel.Polling.await;
import static org.assertj.core.api.Assertions.assertThat;

class KinesisBatchProducerFailureTest extends ProducerTestSupport {

    private static final String FAST_RETRY = "retryBackoff=constant&retryInitialDelay=1&retryMaxDelay=1";

    private List<Sent> sendFive() {
        List<Sent> sent = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            sent.add(send("r" + i, Map.of(KinesisBatchConstants.PARTITION_KEY, "k" + i)));
        }
        return sent;
    }

    private static List<String> data(List<PutRecordsRequestEntry> entries) {
        return entries.stream().map(e -> e.data().asUtf8String()).toList();
    }

    @Test
    void onlyTheFailedEntriesAreRetriedAndEveryExchangeSucceeds() throws Exception {
        kinesis.then(
                r -> FakeKinesis.failing(r, i -> i == 1 || i == 3 ? "ProvisionedThroughputExceededException" : null));
        start("batchMaxRecords=5&batchTimeout=5s&" + FAST_RETRY);
        List<Exchange> done = awaitAll(sendFive());
        assertThat(done).allSatisfy(e -> {
            assertThat(e.getException()).isNull();
            assertThat(e.getMessage().getHeader(KinesisBatchConstants.SEQUENCE_NUMBER)).isNotNull();
        });
        assertThat(kinesis.requests()).hasSize(2);
        assertThat(data(kinesis.requests().get(1).records())).containsExactly("r1", "r3");
        assertThat(producer.getRecordsRetried()).isEqualTo(2);
        assertThat(producer.getRecordsThrottled()).isEqualTo(2);
        assertThat(producer.getRecordsSent()).isEqualTo(5);
    }

    @Test
    void manyRetriesWaitingAtOnceAllSucceedWhileTheProducerRuns() throws Exception {
        // sustained partial throttling: 1500 calls each leave a record waiting for its retry at the same time, more
        // than Camel's default scheduler queue (1000), whose refusals were taken for a stop
        int calls = 1500;
        for (int i = 0; i < calls; i++) {
            kinesis.then(r -> FakeKinesis.failing(r, x -> "ProvisionedThroughputExceededException"));
        }
        start("batchMaxRecords=1&batchTimeout=0&maxInFlight=" + (2 * calls)
              + "&retryBackoff=constant&retryInitialDelay=1s&retryMaxDelay=1s");
        List<Sent> sent = new ArrayList<>();
        for (int i = 0; i < calls; i++) {
            sent.add(send("r" + i));
        }
        assertThat(awaitAll(sent)).allSatisfy(e -> assertThat(e.getException()).isNull());
        assertThat(producer.getRecordsRetried()).isEqualTo(calls);
        assertThat(producer.getRecordsSent()).isEqualTo(calls);
        // the batch timer survived: a later lone record still goes
        assertThat(send("later").await().getException()).isNull();
    }

    @Test
    void aWholeCallServerErrorIsRetried() throws Exception {
        kinesis.then(FakeKinesis.callFails(500, "InternalFailure"));
        start("batchMaxRecords=5&batchTimeout=5s&" + FAST_RETRY);
        assertThat(awaitAll(sendFive())).allSatisfy(e -> assertThat(e.getException()).isNull());
        assertThat(kinesis.requests()).hasSize(2);
        assertThat(data(kinesis.requests().get(1).records())).containsExactly("r0", "r1", "r2", "r3", "r4");
    }

    @Test
    void anUnknownStreamFailsTheExchangesAtOnceWithTheAwsErrorCode() throws Exception {
        kinesis.then(FakeKinesis.callFails(400, "ResourceNotFoundException"));
        start("batchMaxRecords=5&batchTimeout=5s&" + FAST_RETRY);
        assertThat(awaitAll(sendFive())).allSatisfy(e -> assertThat(e.getException())
                .isInstanceOf(KinesisBatchRequestFailedException.class)
                .hasMessageContaining("test-stream").hasMessageContaining("ResourceNotFoundException")
                .satisfies(x -> assertThat(((KinesisBatchException) x).getAwsErrorCode())
                        .isEqualTo("ResourceNotFoundException")));
        assertThat(kinesis.requests()).hasSize(1);
        assertThat(producer.getRecordsFailed()).isEqualTo(5);
    }

    @Test
    void retriesStopAtMaxRetries() throws Exception {
        for (int i = 0; i < 3; i++) {
            kinesis.then(r -> FakeKinesis.failing(r, x -> "ProvisionedThroughputExceededException"));
        }
        start("maxRetries=2&batchTimeout=10&" + FAST_RETRY);
        Exchange e = send("x").await();
        assertThat(e.getException()).isInstanceOf(KinesisBatchRetriesExhaustedException.class)
                .hasMessageContaining("after 3 attempts")
                .hasMessageContaining("ProvisionedThroughputExceededException");
        assertThat(kinesis.requests()).hasSize(3);
    }

    @Test
    void aRejectedEntryFailsItsExchangeAloneWithoutRetry() throws Exception {
        kinesis.then(r -> FakeKinesis.failing(r, i -> i == 2 ? "InvalidArgumentException" : null));
        start("batchMaxRecords=5&batchTimeout=5s&" + FAST_RETRY);
        List<Exchange> done = awaitAll(sendFive());
        assertThat(done.get(2).getException()).isInstanceOf(KinesisBatchRecordRejectedException.class)
                .hasMessageContaining("InvalidArgumentException");
        assertThat(done).filteredOn(e -> e != done.get(2)).allSatisfy(e -> assertThat(e.getException()).isNull());
        assertThat(kinesis.requests()).hasSize(1);
    }

    @Test
    void whenFullFailRefusesAtOnceAndBlockWaitsForRoom() throws Exception {
        start("maxBufferedBytes=100&whenFull=fail&batchTimeout=10");
        kinesis.stall();
        Sent first = send(new byte[60]);
        Sent second = send(new byte[60]);
        assertThat(second.completedSynchronously).isTrue();
        assertThat(second.await().getException()).isInstanceOf(KinesisBatchBufferFullException.class)
                .hasMessageContaining("maxBufferedBytes");
        kinesis.release();
        assertThat(first.await().getException()).isNull();
    }

    @Test
    void whenFullBlockMakesTheCallerWaitUntilRecordsAreAcknowledged() throws Exception {
        start("maxBufferedBytes=100&batchTimeout=10");
        kinesis.stall();
        Sent first = send(new byte[60]);
        CompletableFuture<Thread> callerThread = new CompletableFuture<>();
        CompletableFuture<Sent> second = CompletableFuture.supplyAsync(() -> {
            callerThread.complete(Thread.currentThread());
            return send(new byte[60]);
        });
        Thread caller = callerThread.get(5, TimeUnit.SECONDS);
        await("caller blocked").atMost(Duration.ofSeconds(20)).until(() -> caller.getState() == Thread.State.WAITING);
        assertThat(second).isNotDone();
        kinesis.release();
        assertThat(first.await().getException()).isNull();
        assertThat(second.get(20, TimeUnit.SECONDS).await().getException()).isNull();
    }

    @Test
    void stopFlushesBufferedRecords() throws Exception {
        start("batchTimeout=60s");
        List<Sent> sent = sendFive();
        assertThat(kinesis.requests()).isEmpty();
        ServiceHelper.stopService(producer);
        assertThat(sent).allSatisfy(s -> assertThat(s.await().getException()).isNull());
        assertThat(kinesis.requests()).hasSize(1);
    }

    @Test
    void stopFailsWhatIsNotAcknowledgedWithinTheShutdownTimeoutAndNothingHangs() throws Exception {
        context.getShutdownStrategy().setTimeout(1);
        start("batchTimeout=10");
        kinesis.stall();
        List<Sent> sent = sendFive();
        await("call in flight").atMost(Duration.ofSeconds(20)).until(() -> producer.getCallsInFlight() == 1);
        ServiceHelper.stopService(producer);
        for (Sent s : sent) {
            assertThat(s.await().getException()).isInstanceOf(KinesisBatchProducerStoppedException.class)
                    .hasMessageContaining("shutdown timeout");
        }
        // a late answer completes nothing twice
        kinesis.release();
        Sent late = send("after stop");
        assertThat(late.await().getException()).isInstanceOf(KinesisBatchProducerStoppedException.class);
        assertThat(sent).allSatisfy(s -> assertThat(s.callbacks).hasValue(1));
    }

    @Test
    void theProducerRegistersItsHealthCheckWhileRunningAndItGoesDownOnAnUnknownStream() throws Exception {
        kinesis.then(FakeKinesis.callFails(400, "ResourceNotFoundException"));
        start("batchTimeout=10");
        HealthCheckRepository producers = HealthCheckHelper.getHealthCheckRepository(context, "producers");
        assertThat(producers).isNotNull();
        producers.setEnabled(true);
        HealthCheck check = producers.stream().filter(c -> c.getId().equals("producer:kinesis-batch-test-stream"))
                .findFirst().orElseThrow();
        assertThat(check.call().getState()).isEqualTo(HealthCheck.State.UP);
        assertThat(send("x").await().getException()).isInstanceOf(KinesisBatchRequestFailedException.class);
        assertThat(check.call().getState()).isEqualTo(HealthCheck.State.DOWN);
        ServiceHelper.stopService(producer);
        assertThat(producers.stream().filter(c -> c == check)).isEmpty();
    }

    @Test
    void theComponentsHealthCheckProducerEnabledSwitchKeepsTheCheckOut() throws Exception {
        context.getComponent("kinesis-batch", KinesisBatchComponent.class).setHealthCheckProducerEnabled(false);
        start("batchTimeout=10");
        HealthCheckRepository producers = HealthCheckHelper.getHealthCheckRepository(context, "producers");
        assertThat(producers.stream().filter(c -> c.getId().startsWith("producer:kinesis-batch"))).isEmpty();
    }

    @Test
    void healthIsDownAfterAFatalCallFailureAndUpAgainAfterASuccess() {
        ProducerStats stats = new ProducerStatsAccess().stats();
        ProducerHealthCheck check = new ProducerHealthCheck("s", stats,
                () -> new Accumulator.Snapshot(3, 300, 0, 0, 1));
        check.setCamelContext(context);
        assertThat(check.call().getState()).isEqualTo(HealthCheck.State.UP);
        assertThat(check.call().getDetails()).containsEntry("bufferedRecords", 3).containsEntry("callsInFlight", 1);
        ProducerStatsAccess.failCall(stats, Failure.ofCall(FakeKinesis.error(400, "AccessDeniedException")));
        HealthCheck.Result down = check.call();
        assertThat(down.getState()).isEqualTo(HealthCheck.State.DOWN);
        assertThat(down.getMessage()).hasValueSatisfying(m -> assertThat(m).contains("AccessDeniedException"));
        ProducerStatsAccess.succeedCall(stats);
        assertThat(check.call().getState()).isEqualTo(HealthCheck.State.UP);
    }
}
