package io.kinesisbatch.itest.consumer;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;

import io.kinesisbatch.camel.KinesisBatchException;
import io.kinesisbatch.camel.checkpoint.CheckpointAttributes;
import io.kinesisbatch.camel.checkpoint.CheckpointTable;
import io.kinesisbatch.camel.checkpoint.DynamoDbCheckpointStore;
import io.kinesisbatch.camel.checkpoint.SequencePosition;
import io.kinesisbatch.camel.checkpoint.ShardCheckpoint;
import io.kinesisbatch.camel.checkpoint.ShardClaim;
import io.kinesisbatch.itest.support.AwsPeers;
import org.apache.camel.CamelContext;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The DynamoDB checkpoint store on DynamoDB Local: table creation, the row layout, conditional (fenced) writes. */
class DynamoDbCheckpointStoreIT {

    private static <T> T await(CompletionStage<T> stage) {
        return stage.toCompletableFuture().join();
    }

    @Test
    void createsTheTableOnDemandAndWritesOnlyForTheCurrentClaim() throws Exception {
        String table = "it-store-" + System.nanoTime();
        DynamoDbCheckpointStore store = new DynamoDbCheckpointStore(AwsPeers.get().dynamoDb(),
                new CheckpointTable(table, true, 0, 0));
        store.start();
        TableDescription description = AwsPeers.get().dynamoDb().describeTable(b -> b.tableName(table)).join().table();
        assertThat(description.billingModeSummary().billingMode()).isEqualTo(BillingMode.PAY_PER_REQUEST);
        assertThat(description.keySchema()).extracting(k -> k.attributeName() + "/" + k.keyType())
                .containsExactly("StreamID/HASH", "ShardID/RANGE");

        ShardClaim stale = await(store.takeover("orders", "shardId-000000000000", "worker-a", null, 0)).orElseThrow();
        ShardClaim current = await(store.takeover("orders", "shardId-000000000000", "worker-b", "worker-a",
                stale.leaseCounter())).orElseThrow();
        assertThat(current.leaseCounter()).isEqualTo(stale.leaseCounter() + 1);
        String big = "49680487146687851991357678403853030864962807460710580258";
        assertThat(await(store.checkpoint(stale, SequencePosition.of(big)))).isFalse();
        assertThat(await(store.checkpoint(current, SequencePosition.of(big)))).isTrue();
        assertThat(await(store.markShardEnd(stale, null))).isFalse();
        await(store.release(stale)); // no effect: not the holder

        Map<String, AttributeValue> row = ConsumerItSupport.rows(table).get(0);
        assertThat(row.get(CheckpointAttributes.SEQUENCE).s()).isEqualTo(big);
        assertThat(row.get(CheckpointAttributes.SUB_SEQUENCE).n()).isEqualTo("0");
        assertThat(row.get(CheckpointAttributes.OWNER).s()).isEqualTo("worker-b");
        assertThat(row.get(CheckpointAttributes.LEASE_COUNTER).n()).isEqualTo(Long.toString(current.leaseCounter()));
        assertThat(row).containsKey(CheckpointAttributes.UPDATED_AT).doesNotContainKey(CheckpointAttributes.SHARD_END);

        assertThat(await(store.markShardEnd(current, SequencePosition.of(big)))).isTrue();
        await(store.release(current));
        List<ShardCheckpoint> listed = await(store.list("orders"));
        assertThat(listed).singleElement().satisfies(c -> {
            assertThat(c.shardEnd()).isTrue();
            assertThat(c.owner()).isNull();
            assertThat(c.position()).isEqualTo(SequencePosition.of(big));
        });
        ShardClaim again = await(store.takeover("orders", "shardId-000000000000", "worker-c", null,
                listed.get(0).leaseCounter())).orElseThrow();
        assertThat(again.start().shardEnd()).isTrue();
        assertThat(again.start().position()).isEqualTo(SequencePosition.of(big));
    }

    @Test
    void createsAProvisionedTableWhenBothCapacitiesAreSet() throws Exception {
        String table = "it-provisioned-" + System.nanoTime();
        new DynamoDbCheckpointStore(AwsPeers.get().dynamoDb(), new CheckpointTable(table, true, 5, 7)).start();
        TableDescription description = AwsPeers.get().dynamoDb().describeTable(b -> b.tableName(table)).join().table();
        assertThat(description.billingModeSummary() == null ? BillingMode.PROVISIONED
                : description.billingModeSummary().billingMode()).isEqualTo(BillingMode.PROVISIONED);
        assertThat(description.provisionedThroughput().readCapacityUnits()).isEqualTo(5L);
        assertThat(description.provisionedThroughput().writeCapacityUnits()).isEqualTo(7L);
    }

    @Test
    void oneCapacityWithoutTheOtherStopsTheRouteNamingBoth() throws Exception {
        CamelContext context = new DefaultCamelContext();
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from(AwsPeers.get().uri("any-stream", "checkpointTable=it-one-capacity&checkpointTableReadCapacity=5"))
                        .log("${body}");
            }
        });
        try {
            assertThatThrownBy(context::start).satisfies(thrown -> {
                Throwable t = thrown;
                while (t.getCause() != null && !t.getMessage().contains("go together")) {
                    t = t.getCause();
                }
                assertThat(t).hasMessageContaining("checkpointTableReadCapacity")
                        .hasMessageContaining("checkpointTableWriteCapacity").hasMessageContaining("go together");
            });
            assertThat(AwsPeers.get().dynamoDb().listTables().join().tableNames()).doesNotContain("it-one-capacity");
        } finally {
            context.stop();
        }
    }

    @Test
    void aMissingTableThatMayNotBeCreatedStopsTheRouteWithAMessageNamingIt() throws Exception {
        String table = "it-missing-" + System.nanoTime();
        CamelContext context = new DefaultCamelContext();
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from(AwsPeers.get().uri("any-stream", "checkpointTable=" + table + "&createCheckpointTable=false"))
                        .log("${body}");
            }
        });
        try {
            assertThatThrownBy(context::start).satisfies(thrown -> {
                Throwable t = thrown;
                while (!(t instanceof KinesisBatchException) && t.getCause() != null) {
                    t = t.getCause();
                }
                assertThat(t).isInstanceOf(KinesisBatchException.class)
                        .hasMessageContaining(table).hasMessageContaining("createCheckpointTable");
            });
        } finally {
            context.stop();
        }
    }

    /** Defect 2 of issue 14 on DynamoDB Local: the write itself refuses to move a stored checkpoint backwards. */
    @Test
    void aStoredCheckpointNeverMovesBackwardsEvenForTheHolder() throws Exception {
        String table = "it-store-order-" + System.nanoTime();
        DynamoDbCheckpointStore store = new DynamoDbCheckpointStore(AwsPeers.get().dynamoDb(),
                new CheckpointTable(table, true, 0, 0));
        store.start();
        ShardClaim claim = await(store.takeover("orders", "shardId-000000000000", "worker-a", null, 0)).orElseThrow();
        assertThat(await(store.checkpoint(claim, SequencePosition.of("200")))).isTrue();
        assertThat(await(store.checkpoint(claim, SequencePosition.of("99")))).as("numerically older").isFalse();
        assertThat(await(store.checkpoint(claim, SequencePosition.of("200")))).as("the same again").isTrue();
        assertThat(await(store.checkpoint(claim, SequencePosition.of("1000")))).as("longer, so later").isTrue();
        assertThat(ConsumerItSupport.rows(table).get(0).get(CheckpointAttributes.SEQUENCE).s()).isEqualTo("1000");
    }
}
