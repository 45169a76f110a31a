package io.kinesisbatch.camel.checkpoint;

import io.kinesisbatch.camel.KinesisBatchException;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.DescribeTableResponse;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CheckpointTableTest {

    private final CheckpointTable table = new CheckpointTable("app", false, 0, 0);

    private static DescribeTableResponse described(ScalarAttributeType streamType, ScalarAttributeType shardType) {
        return DescribeTableResponse.builder().table(TableDescription.builder()
                .keySchema(KeySchemaElement.builder().attributeName("StreamID").keyType(KeyType.HASH).build(),
                        KeySchemaElement.builder().attributeName("ShardID").keyType(KeyType.RANGE).build())
                .attributeDefinitions(
                        AttributeDefinition.builder().attributeName("StreamID").attributeType(streamType).build(),
                        AttributeDefinition.builder().attributeName("ShardID").attributeType(shardType).build())
                .build()).build();
    }

    @Test
    void capacitiesGoTogether() {
        assertThatThrownBy(() -> new CheckpointTable("app", true, 5, 0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("checkpointTableReadCapacity and checkpointTableWriteCapacity go together");
        assertThatThrownBy(() -> new CheckpointTable("app", true, 0, 5)).hasMessageContaining("go together");
        assertThatThrownBy(() -> new CheckpointTable("app", true, -1, -1)).hasMessageContaining("go together");
        assertThatCode(() -> new CheckpointTable("app", true, 5, 7)).doesNotThrowAnyException();
    }

    @Test
    void aTableWithStringKeysIsAccepted() {
        assertThatCode(() -> table.checkKey(described(ScalarAttributeType.S, ScalarAttributeType.S)))
                .doesNotThrowAnyException();
    }

    /** Issue 14: the names alone are not enough; a numeric ShardID key would fail every write. */
    @Test
    void aKeyAttributeOfAnotherTypeIsRefusedNamingItAndItsType() {
        assertThatThrownBy(() -> table.checkKey(described(ScalarAttributeType.S, ScalarAttributeType.N)))
                .isInstanceOf(KinesisBatchException.class)
                .hasMessage("Checkpoint table 'app' has key attribute ShardID of type N; expected S (string)");
    }
}
