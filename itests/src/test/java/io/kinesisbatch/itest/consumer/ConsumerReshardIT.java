package io.kinesisbatch.itest.consumer;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;

import io.kinesisbatch.camel.checkpoint.CheckpointAttributes;
import io.kinesisbatch.itest.consumer.ConsumerItSupport.Received;
import io.kinesisbatch.itest.support.AwsPeers;
import io.kinesisbatch.itest.support.CheckpointTable;
import io.kinesisbatch.itest.support.Streams;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.kinesis.model.Shard;

import static io.kinesisbatch.itest.consumer.ConsumerItSupport.put;
import static io.kinesisbatch.itest.consumer.ConsumerItSupport.texts;
import static io.kinesisbatch.itest.support.Polling.await;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A shard split while it is consumed: the parent is finished (SHARD_END in its row) before its children are read,
 * and the children are read from their first record.
 */
class ConsumerReshardIT extends ConsumerItBase {

    private static final String TABLE = "it-consumer-reshard-" + System.nanoTime();

    @Test
    void childrenOfASplitAreReadAfterTheirParentReachedShardEnd() throws Exception {
        String stream = Streams.create(1);
        String parent = Streams.shards(stream).get(0).shardId();
        List<Received> inOrder = readAcrossASplit(this, stream, quickOptions(TABLE), Duration.ofSeconds(60));

        Map<String, AttributeValue> parentRow = CheckpointTable.row(TABLE, stream, parent);
        assertThat(parentRow.get(CheckpointAttributes.SHARD_END).bool()).isTrue();
        assertThat(parentRow.get(CheckpointAttributes.SEQUENCE).s()).isEqualTo(inOrder.get(39).sequenceNumber());
        List<String> children = Streams.shards(stream).stream().map(Shard::shardId).filter(id -> !id.equals(parent))
                .toList();
        assertThat(children).hasSize(2);
        await("children checkpointed").atMost(Duration.ofSeconds(10)).until(() -> children.stream()
                .allMatch(child -> {
                    Map<String, AttributeValue> row = CheckpointTable.row(TABLE, stream, child);
                    return row != null && row.containsKey(CheckpointAttributes.SEQUENCE);
                }));
    }

    /**
     * Reads the one-shard {@code stream} with {@code options}, splits its shard after its first 40 records and writes
     * 40 more; checks that all 80 arrived once, the parent's 40 before any child's, and returns them in arrival order.
     */
    static List<Received> readAcrossASplit(ConsumerItBase test, String stream, String options, Duration childrenWithin)
            throws Exception {
        AwsPeers peers = AwsPeers.get();
        String parent = Streams.shards(stream).get(0).shardId();
        List<String> before = put(stream, "before", 40);
        Queue<Received> received = ConsumerItSupport.queue();
        test.consume(peers.uri(stream, options), e -> received.add(Received.of(e.getMessage())));
        await("the parent's records").atMost(Duration.ofSeconds(60)).until(() -> received.size() >= 40);

        peers.kinesis().splitShard(b -> b.streamName(stream).shardToSplit(parent)
                .newStartingHashKey("170141183460469231731687303715884105728")).join();
        Streams.awaitActive(stream);
        List<String> after = put(stream, "after", 40);

        await("the children's records").atMost(childrenWithin).until(() -> received.size() >= 80);
        Thread.sleep(500);
        List<String> all = new ArrayList<>(before);
        all.addAll(after);
        assertThat(texts(received)).containsExactlyInAnyOrderElementsOf(all);
        List<Received> inOrder = new ArrayList<>(received);
        assertThat(inOrder.subList(0, 40)).allSatisfy(r -> assertThat(r.shardId()).isEqualTo(parent));
        assertThat(inOrder.subList(40, 80)).allSatisfy(r -> assertThat(r.shardId()).isNotEqualTo(parent));
        return inOrder;
    }
}
