package io.kinesisbatch.camel.checkpoint;

import java.util.Map;

import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;

import static org.assertj.core.api.Assertions.assertThat;

class CheckpointRowTest {

    private static final ShardClaim CLAIM = new ShardClaim("orders", "shardId-1", "w1", 7,
            ShardCheckpoint.empty("orders", "shardId-1"));

    @Test
    void aFencedUpdateNamesOnlyTheAttributesAndValuesItsExpressionsUse() {
        UpdateItemRequest request = new CheckpointRow.Update("table", "orders", "shardId-1").heldBy(CLAIM)
                .value(":seq", CheckpointRow.s("42")).set("SET #at = :at, #seq = :seq");

        assertThat(request.tableName()).isEqualTo("table");
        assertThat(request.key()).isEqualTo(Map.of("StreamID", CheckpointRow.s("orders"),
                "ShardID", CheckpointRow.s("shardId-1")));
        assertThat(request.conditionExpression()).isEqualTo("#owner = :owner AND #counter = :counter");
        assertThat(request.expressionAttributeNames()).isEqualTo(Map.of("#owner", "Owner", "#counter", "LeaseCounter",
                "#at", "UpdatedAt", "#seq", "SequenceNumber"));
        assertThat(request.expressionAttributeValues()).containsOnlyKeys(":owner", ":counter", ":at", ":seq")
                .containsEntry(":counter", CheckpointRow.n(7)).containsEntry(":owner", CheckpointRow.s("w1"));
        assertThat(request.returnValues()).isEqualTo(ReturnValue.NONE);
    }

    @Test
    void placeholdersThatStartAlikeAreToldApart() {
        UpdateItemRequest request = new CheckpointRow.Update("table", "orders", "shardId-1")
                .value(":owner", CheckpointRow.s("w2")).when("attribute_not_exists(#owner)")
                .set("SET #owner = :owner, #counter = if_not_exists(#counter, :zero) + :one", ReturnValue.ALL_NEW);
        assertThat(request.expressionAttributeValues()).containsOnlyKeys(":owner", ":zero", ":one");
        assertThat(request.expressionAttributeNames()).containsOnlyKeys("#owner", "#counter");
        assertThat(request.returnValues()).isEqualTo(ReturnValue.ALL_NEW);
    }

    @Test
    void aRowReadsBackIntoACheckpoint() {
        Map<String, AttributeValue> item = Map.of("StreamID", CheckpointRow.s("orders"),
                "ShardID", CheckpointRow.s("shardId-1"), "SequenceNumber", CheckpointRow.s("99"),
                "SubSequence", CheckpointRow.n(3), "ShardEnd", CheckpointRow.yes(), "Owner", CheckpointRow.s("w1"),
                "LeaseCounter", CheckpointRow.n(12), "PendingOwner", CheckpointRow.s("w2"));
        ShardCheckpoint row = CheckpointRow.toCheckpoint(item);
        assertThat(row.position()).isEqualTo(SequencePosition.of("99", 3));
        assertThat(row.shardEnd()).isTrue();
        assertThat(row.owner()).isEqualTo("w1");
        assertThat(row.leaseCounter()).isEqualTo(12);
        assertThat(CheckpointRow.handoffTo(item)).isEqualTo("w2");
        assertThat(CheckpointRow.handoffTo(Map.of())).isNull();
    }

    @Test
    void theSequenceOrderSortsAsTextLikeThePositionsAsNumbers() {
        java.util.List<SequencePosition> positions = java.util.List.of(SequencePosition.of("9"),
                SequencePosition.of("10"),
                SequencePosition.of("10", 3), SequencePosition.of("99"),
                SequencePosition.of("49680487146687851991357678403853030864962807460710580258"),
                SequencePosition.of("49680487146687851991357678403853030864962807460710580259"));
        for (int i = 1; i < positions.size(); i++) {
            org.assertj.core.api.Assertions.assertThat(CheckpointRow.order(positions.get(i - 1)))
                    .isLessThan(CheckpointRow.order(positions.get(i)));
        }
        org.assertj.core.api.Assertions.assertThat(CheckpointRow.order(SequencePosition.of("1000")))
                .isEqualTo("0041000.0000000000000000000");
    }
}
