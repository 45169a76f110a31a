package io.kinesisbatch.itest.lease;

import java.util.Map;
import java.util.concurrent.CompletionStage;

import io.kinesisbatch.camel.checkpoint.CheckpointAttributes;
import io.kinesisbatch.camel.checkpoint.DynamoDbCheckpointStore;
import io.kinesisbatch.camel.checkpoint.SequencePosition;
import io.kinesisbatch.camel.checkpoint.ShardClaim;
import io.kinesisbatch.itest.support.AwsPeers;
import io.kinesisbatch.itest.support.CheckpointTable;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import static org.assertj.core.api.Assertions.assertThat;

/** The lease verbs of the DynamoDB store on DynamoDB Local: each write conditional on what its writer saw. */
class DynamoDbLeaseStoreIT {

    private static final String STREAM = "orders";
    private static final String SHARD = "shardId-000000000000";

    private static <T> T await(CompletionStage<T> stage) {
        return stage.toCompletableFuture().join();
    }

    private static DynamoDbCheckpointStore store(String table) throws Exception {
        DynamoDbCheckpointStore store = LeaseItSupport.store(table);
        store.start();
        return store;
    }

    @Test
    void takeoverRenewHandoffAndDeleteAreConditionalOnOwnerAndCounter() throws Exception {
        String table = "it-lease-store-" + System.nanoTime();
        DynamoDbCheckpointStore store = store(table);

        ShardClaim a = await(store.takeover(STREAM, SHARD, "a", null, 0)).orElseThrow();
        assertThat(a.leaseCounter()).isEqualTo(1);
        assertThat(await(store.takeover(STREAM, SHARD, "b", null, 0))).as("no longer free").isEmpty();
        assertThat(await(store.takeover(STREAM, SHARD, "b", "a", 0))).as("stale counter").isEmpty();

        ShardClaim renewed = await(store.renew(a)).orElseThrow();
        assertThat(renewed.leaseCounter()).isEqualTo(2);
        assertThat(renewed.handoffTo()).isNull();
        assertThat(await(store.checkpoint(a, SequencePosition.of("5")))).as("the pre-renewal counter is stale")
                .isFalse();
        assertThat(await(store.checkpoint(renewed, SequencePosition.of("5")))).isTrue();

        assertThat(await(store.requestHandoff(STREAM, SHARD, "b", "a", 1))).as("stale counter").isFalse();
        assertThat(await(store.requestHandoff(STREAM, SHARD, "b", "a", 2))).isTrue();
        assertThat(await(store.checkpoint(renewed, SequencePosition.of("6")))).as("a request fences nothing").isTrue();
        ShardClaim asked = await(store.renew(renewed)).orElseThrow();
        assertThat(asked.handoffTo()).isEqualTo("b");
        assertThat(await(store.handOver(asked, "b"))).isTrue();
        Map<String, AttributeValue> row = CheckpointTable.row(table, STREAM, SHARD);
        assertThat(row.get(CheckpointAttributes.OWNER).s()).isEqualTo("b");
        assertThat(row).doesNotContainKey(CheckpointAttributes.HANDOFF_TO);
        assertThat(row.get(CheckpointAttributes.LEASE_COUNTER).n()).isEqualTo("4");
        assertThat(await(store.renew(asked))).as("a handed the lease over").isEmpty();

        ShardClaim b = await(store.takeover(STREAM, SHARD, "b", "b", 4)).orElseThrow();
        assertThat(b.start().position()).isEqualTo(SequencePosition.of("6"));
        assertThat(await(store.delete(STREAM, SHARD, b.leaseCounter()))).as("not finished").isFalse();
        assertThat(await(store.markShardEnd(b, null))).isTrue();
        assertThat(await(store.delete(STREAM, SHARD, b.leaseCounter() - 1))).as("stale counter").isFalse();
        await(store.release(b));
        assertThat(CheckpointTable.row(table, STREAM, SHARD)).doesNotContainKey(CheckpointAttributes.OWNER);
        assertThat(await(store.delete(STREAM, SHARD, b.leaseCounter() + 1))).isTrue();
        assertThat(CheckpointTable.row(table, STREAM, SHARD)).isNull();
    }

    @Test
    void aRowWrittenWithoutALeaseCounterIsFreeToTake() throws Exception {
        String table = "it-lease-store-legacy-" + System.nanoTime();
        DynamoDbCheckpointStore store = store(table);
        // a row as Benthos / Redpanda Connect leave it: a checkpoint, no counter, no owner
        AwsPeers.get().dynamoDb().putItem(b -> b.tableName(table).item(Map.of(
                CheckpointAttributes.STREAM_ID, AttributeValue.fromS(STREAM), CheckpointAttributes.SHARD_ID,
                AttributeValue.fromS(SHARD),
                CheckpointAttributes.SEQUENCE, AttributeValue.fromS("42")))).join();
        ShardClaim claim = await(store.takeover(STREAM, SHARD, "a", null, 0)).orElseThrow();
        assertThat(claim.leaseCounter()).isEqualTo(1);
        assertThat(claim.start().position()).isEqualTo(SequencePosition.of("42"));
    }
}
