package io.kinesisbatch.itest.consumer;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Queue;

import io.kinesisbatch.itest.consumer.ConsumerItSupport.Received;
import io.kinesisbatch.itest.support.AwsPeers;
import io.kinesisbatch.itest.support.Streams;
import io.kinesisbatch.itest.support.Streams.StreamRecord;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.kinesis.model.ShardIteratorType;

import static io.kinesisbatch.itest.consumer.ConsumerItSupport.await;
import static io.kinesisbatch.itest.consumer.ConsumerItSupport.checkpoints;
import static io.kinesisbatch.itest.consumer.ConsumerItSupport.put;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Recovery without loss: an expired iterator is renewed right after the last record handed out, and throttled
 * GetRecords calls are retried, with every record delivered once and in order.
 */
class ConsumerRecoveryIT extends ConsumerItBase {

    private static final String TABLE = "it-consumer-recovery-" + System.nanoTime();

    @Test
    void anExpiredIteratorAndThrottlingAreRecoveredWithoutLossOrDuplicate() throws Exception {
        AwsPeers peers = AwsPeers.get();
        String stream = Streams.create(1);
        put(stream, "recover", 120);
        List<StreamRecord> records = Streams.readAll(stream);

        FaultInjectingKinesisClient kinesis = new FaultInjectingKinesisClient(peers.kinesis());
        Queue<Received> received = ConsumerItSupport.queue();
        String uri = peers.uri(stream, "kinesisClient=#faultyKinesis&checkpointTable=" + TABLE
                                       + "&maxResultsPerRequest=10&pollDelay=200ms&checkpointInterval=300ms");
        consume(uri, e -> {
            Received r = Received.of(e.getMessage());
            received.add(r);
            if (r.text().equals("recover-30")) {
                kinesis.expireNextGetRecords();
            } else if (r.text().equals("recover-70")) {
                kinesis.throttleNextGetRecords(2);
            }
        }, 20, Map.of("faultyKinesis", kinesis));

        await("120 records", Duration.ofSeconds(60), () -> received.size() >= 120);
        Thread.sleep(500);
        assertThat(kinesis.injectedFaults()).isEqualTo(3);
        assertThat(received).extracting(Received::sequenceNumber)
                .as("every record once, in order")
                .containsExactlyElementsOf(records.stream().map(StreamRecord::sequenceNumber).toList());
        assertThat(kinesis.iteratorRequests).anySatisfy(request -> {
            assertThat(request.shardIteratorType()).isEqualTo(ShardIteratorType.AFTER_SEQUENCE_NUMBER);
            assertThat(request.startingSequenceNumber()).isEqualTo(records.get(39).sequenceNumber());
        });
        String last = records.get(records.size() - 1).sequenceNumber();
        await("checkpoint at the last record", Duration.ofSeconds(10),
                () -> last.equals(checkpoints(TABLE, stream).get(records.get(0).shardId())));
    }
}
