package io.kinesisbatch.itest.lease;

import java.math.BigInteger;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.atomic.AtomicInteger;

import io.kinesisbatch.camel.checkpoint.CheckpointAttributes;
import io.kinesisbatch.itest.consumer.ConsumerItBase;
import io.kinesisbatch.itest.consumer.ConsumerItSupport.Received;
import io.kinesisbatch.itest.consumer.ConsumerItSupport;
import io.kinesisbatch.itest.support.AwsPeers;
import io.kinesisbatch.itest.support.CheckpointTable;
import io.kinesisbatch.itest.support.FaultInjectingProxy;
import io.kinesisbatch.itest.support.FaultRule;
import io.kinesisbatch.itest.support.Faults;
import io.kinesisbatch.itest.support.Streams;
import org.apache.camel.CamelContext;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import static io.kinesisbatch.itest.consumer.ConsumerItSupport.put;
import static io.kinesisbatch.itest.lease.LeaseItSupport.FAST;
import static io.kinesisbatch.itest.support.Polling.await;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Defects 2 and 3 of issue 14 against DynamoDB Local: a consumer whose DynamoDB calls are held past
 * {@code leaseDuration} by a fault proxy never has two writes of one shard out at once, its stored checkpoint never
 * moves backwards, and once a peer took the lease the stalled writes land refused: the consumer stops the shard.
 */
class LeaseStallIT extends ConsumerItBase {

    private static final String TABLE = "it-lease-stall-" + System.nanoTime();

    @Test
    void aDynamoDbCallHeldPastTheLeaseDurationNeitherOvertakesNorMovesTheCheckpointBack() throws Exception {
        String stream = Streams.create(1);
        String shard = Streams.shards(stream).get(0).shardId();
        List<String> written = new ArrayList<>(put(stream, "a", 50));
        Queue<Received> received = ConsumerItSupport.queue();
        AtomicInteger out = new AtomicInteger();
        AtomicInteger maxOut = new AtomicInteger();
        try (FaultInjectingProxy proxy = FaultInjectingProxy.start(AwsPeers.get().dynamoDbEndpoint())) {
            Faults.Stall stall = Faults.stall("UpdateItem");
            proxy.with(counting(out, maxOut));
            String options = FAST + "&checkpointTable=" + TABLE + "&workerId=stalled";
            String direct = "dynamoDbUriEndpointOverride="
                            + URLEncoder.encode(AwsPeers.get().dynamoDbEndpoint(), StandardCharsets.UTF_8);
            String uri = AwsPeers.get().uri(stream, options);
            assertThat(uri).contains(direct);
            CamelContext stalled = consume(uri.replace(direct, "dynamoDbUriEndpointOverride="
                                                               + URLEncoder.encode(proxy.endpoint(),
                                                                       StandardCharsets.UTF_8)),
                    e -> received.add(Received.of(e.getMessage())), 5, Map.of());
            await("the first records checkpointed").atMost(Duration.ofSeconds(30))
                    .until(() -> CheckpointTable.checkpoints(TABLE, stream).containsKey(shard));

            proxy.with(stall); // from now on every UpdateItem (checkpoint, renewal) of the stalled consumer is held
            written.addAll(put(stream, "b", 50));
            await("a write held").atMost(Duration.ofSeconds(10)).until(() -> stall.held() >= 1);
            Thread.sleep(7000); // more than two lease durations (3 s): renewals and checkpoints fall due meanwhile
            assertThat(stall.held()).as("one write of the shard out at a time, however long it takes").isEqualTo(1);
            String before = CheckpointTable.row(TABLE, stream, shard).get(CheckpointAttributes.SEQUENCE).s();

            // a peer sees the lease expired (its counter has not moved for a lease duration) and takes it
            consume(AwsPeers.get().uri(stream, options.replace("workerId=stalled", "workerId=peer")),
                    e -> received.add(Received.of(e.getMessage())));
            await("the peer owns the shard").atMost(Duration.ofSeconds(30)).until(() -> {
                Map<String, AttributeValue> row = CheckpointTable.row(TABLE, stream, shard);
                return row.containsKey(CheckpointAttributes.OWNER)
                       && "peer".equals(row.get(CheckpointAttributes.OWNER).s());
            });
            stall.release(); // the held write lands: refused (another owner), and the stalled consumer stops the shard
            await("the stalled consumer gave the shard up").atMost(Duration.ofSeconds(30))
                    .until(() -> ConsumerItSupport.consumer(stalled, ROUTE).snapshots().isEmpty());
            written.addAll(put(stream, "c", 20));
            await("every record").atMost(Duration.ofSeconds(60)).until(() -> ConsumerItSupport.texts(received)
                    .containsAll(written));

            Map<String, AttributeValue> row = CheckpointTable.row(TABLE, stream, shard);
            assertThat(row.get(CheckpointAttributes.OWNER).s()).isEqualTo("peer");
            assertThat(new BigInteger(row.get(CheckpointAttributes.SEQUENCE).s()))
                    .as("never behind what was stored before")
                    .isGreaterThanOrEqualTo(new BigInteger(before));
            assertThat(maxOut.get()).as("the stalled consumer's UpdateItem calls, at most one out").isEqualTo(1);
        }
    }

    /** Counts UpdateItem calls out at once through the proxy (only the stalled consumer uses it). */
    private static FaultRule counting(AtomicInteger out, AtomicInteger maxOut) {
        return (call, next) -> {
            if (!call.operation().equals("UpdateItem")) {
                return next.forward(call);
            }
            maxOut.accumulateAndGet(out.incrementAndGet(), Math::max);
            try {
                return next.forward(call);
            } finally {
                out.decrementAndGet();
            }
        };
    }
}
