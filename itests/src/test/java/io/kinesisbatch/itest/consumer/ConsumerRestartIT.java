package io.kinesisbatch.itest.consumer;

import java.math.BigInteger;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import io.kinesisbatch.itest.consumer.ConsumerItSupport.Received;
import io.kinesisbatch.itest.support.Streams.StreamRecord;
import io.kinesisbatch.itest.support.Streams;
import org.apache.camel.CamelContext;
import org.junit.jupiter.api.Test;

import static io.kinesisbatch.itest.consumer.ConsumerItSupport.put;
import static io.kinesisbatch.itest.consumer.ConsumerItSupport.texts;
import static io.kinesisbatch.itest.support.CheckpointTable.checkpoints;
import static io.kinesisbatch.itest.support.Polling.await;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Stopping and starting again, as a restarted application would (a new CamelContext on the same checkpoint table):
 * after a graceful stop nothing is lost and nothing is read twice; after an abrupt stop (in-flight exchanges cut off)
 * exactly the records behind the checkpoint are read again.
 */
class ConsumerRestartIT extends ConsumerItBase {

    private static final String TABLE = "it-consumer-restart-" + System.nanoTime();
    private static final String FAST = quickOptions(TABLE);

    @Test
    void aGracefulStopMidwayThenARestartLosesNothingAndReadsNothingTwice() throws Exception {
        String stream = Streams.create(2);
        List<String> written = put(stream, "graceful", 300);

        Queue<Received> first = ConsumerItSupport.queue();
        CamelContext run1 = consume(peers.uri(stream, FAST), e -> {
            first.add(Received.of(e.getMessage()));
            Thread.sleep(10);
        });
        await("a first part").atMost(Duration.ofSeconds(30)).until(() -> first.size() >= 80);
        run1.stop();
        assertThat(first.size()).isLessThan(300);

        Queue<Received> second = ConsumerItSupport.queue();
        consume(peers.uri(stream, FAST), e -> second.add(Received.of(e.getMessage())));
        await("the rest").atMost(Duration.ofSeconds(40)).until(() -> first.size() + second.size() >= 300);
        Thread.sleep(1000); // a duplicate would show up now

        List<String> all = new ArrayList<>(texts(first));
        all.addAll(texts(second));
        assertThat(all).as("no gap and no duplicate").containsExactlyInAnyOrderElementsOf(written);
    }

    @Test
    void anAbruptStopThenARestartReplaysOnlyWhatWasNotCheckpointed() throws Exception {
        String stream = Streams.create(1);
        put(stream, "abrupt", 100);
        List<StreamRecord> records = Streams.readAll(stream);

        CountDownLatch never = new CountDownLatch(1);
        Queue<Received> first = ConsumerItSupport.queue();
        CamelContext run1 = consume(peers.uri(stream, FAST), e -> {
            Received r = Received.of(e.getMessage());
            if (r.text().equals("abrupt-60")) {
                never.await(30, TimeUnit.SECONDS); // still in flight when the context gives up waiting
            }
            first.add(r);
        }, 1, Map.of());
        await("60 records").atMost(Duration.ofSeconds(30)).until(() -> first.size() >= 60);
        run1.stop(); // shutdown timeout 1 s: record 60 is cut off, nothing after it was handed out

        Map<String, String> checkpoint = checkpoints(TABLE, stream);
        String shard = records.get(0).shardId();
        assertThat(checkpoint.get(shard)).isEqualTo(records.get(59).sequenceNumber());

        Queue<Received> second = ConsumerItSupport.queue();
        consume(peers.uri(stream, FAST), e -> second.add(Received.of(e.getMessage())));
        await("the rest").atMost(Duration.ofSeconds(30)).until(() -> second.size() >= 40);
        Thread.sleep(1000);
        assertThat(second).extracting(Received::sequenceNumber).containsExactlyElementsOf(
                records.stream().map(StreamRecord::sequenceNumber)
                        .filter(s -> new BigInteger(s).compareTo(new BigInteger(checkpoint.get(shard))) > 0).toList());
        assertThat(texts(second)).first().isEqualTo("abrupt-60");
    }
}
