package io.kinesisbatch.itest.consumer;

import java.time.Duration;
import java.util.List;
import java.util.Queue;

import io.kinesisbatch.itest.consumer.ConsumerItSupport.Received;
import io.kinesisbatch.itest.support.AwsPeers;
import io.kinesisbatch.itest.support.FaultInjectingProxy;
import io.kinesisbatch.itest.support.Faults;
import io.kinesisbatch.itest.support.Streams.StreamRecord;
import io.kinesisbatch.itest.support.Streams;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static io.kinesisbatch.itest.consumer.ConsumerItSupport.put;
import static io.kinesisbatch.itest.support.CheckpointTable.checkpoints;
import static io.kinesisbatch.itest.support.Polling.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

/**
 * Recovery without loss, the consumer reaching kinesis-mock through the {@link FaultInjectingProxy}: an expired
 * iterator is renewed right after the last record handed out, and throttled GetRecords calls are retried; every record
 * is delivered once and in order.
 */
class ConsumerRecoveryIT extends ConsumerItBase {

    private static final String TABLE = "it-consumer-recovery-" + System.nanoTime();
    private FaultInjectingProxy proxy;

    @AfterEach
    void closeProxy() {
        if (proxy != null) {
            proxy.close();
        }
    }

    @Test
    void anExpiredIteratorAndThrottlingAreRecoveredWithoutLossOrDuplicate() throws Exception {
        AwsPeers peers = AwsPeers.get();
        assumeThat(peers.kinesisEndpoint()).as("needs an emulator endpoint to proxy").isNotNull();
        String stream = Streams.create(1);
        put(stream, "recover", 120);
        List<StreamRecord> records = Streams.readAll(stream);

        Faults.NextCalls expiry = Faults.expireNextGetRecords();
        // more than the SDK's own retries, so the consumer's backoff is exercised too
        Faults.NextCalls throttling = Faults.failNext("GetRecords", "ProvisionedThroughputExceededException");
        proxy = FaultInjectingProxy.start(peers.kinesisEndpoint()).with(expiry).with(throttling);

        Queue<Received> received = ConsumerItSupport.queue();
        consume(ConsumerItSupport.uriThrough(proxy.endpoint(), stream, quickOptions(TABLE)
                                                                       + "&maxResultsPerRequest=10"),
                e -> {
                    Received r = Received.of(e.getMessage());
                    received.add(r);
                    if (r.text().equals("recover-30")) {
                        expiry.arm(1);
                    } else if (r.text().equals("recover-70")) {
                        throttling.arm(5);
                    }
                });

        await("120 records").atMost(Duration.ofSeconds(60)).until(() -> received.size() >= 120);
        Thread.sleep(500);
        assertThat(expiry.injected()).isEqualTo(1);
        assertThat(throttling.injected()).isEqualTo(5);
        assertThat(received).extracting(Received::sequenceNumber)
                .as("every record once, in order")
                .containsExactlyElementsOf(records.stream().map(StreamRecord::sequenceNumber).toList());
        assertThat(proxy.calls("GetShardIterator")).as("the first iterator and one renewal").isEqualTo(2);
        String last = records.get(records.size() - 1).sequenceNumber();
        await("checkpoint at the last record").atMost(Duration.ofSeconds(10))
                .until(() -> last.equals(checkpoints(TABLE, stream).get(records.get(0).shardId())));
    }
}
