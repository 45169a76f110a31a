package io.kinesisbatch.camel.checkpoint;

import io.kinesisbatch.camel.aws.AsyncFailures;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import io.kinesisbatch.camel.KinesisBatchException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.retry.backoff.FixedDelayBackoffStrategy;
import software.amazon.awssdk.core.waiters.WaiterOverrideConfiguration;
import software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.CreateTableRequest;
import software.amazon.awssdk.services.dynamodb.model.DescribeTableRequest;
import software.amazon.awssdk.services.dynamodb.model.DescribeTableResponse;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ProvisionedThroughput;
import software.amazon.awssdk.services.dynamodb.model.ResourceInUseException;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/**
 * The checkpoint table's name and how it is created when missing: key {@code StreamID} (HASH, S) + {@code ShardID}
 * (RANGE, S), on-demand unless both capacities are set.
 *
 * @param name          the table
 * @param create        create it when it does not exist
 * @param readCapacity  provisioned read capacity; 0 (with writeCapacity 0) means PAY_PER_REQUEST
 * @param writeCapacity provisioned write capacity
 */
public record CheckpointTable(String name, boolean create, long readCapacity, long writeCapacity) {

    private static final Logger LOG = LoggerFactory.getLogger(CheckpointTable.class);

    public CheckpointTable {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("checkpointTable must name a DynamoDB table");
        }
        if (readCapacity < 0 || writeCapacity < 0 || (readCapacity == 0) != (writeCapacity == 0)) {
            throw new IllegalArgumentException(
                    "checkpointTableReadCapacity and checkpointTableWriteCapacity go together"
                                               + " (both above 0 for provisioned capacity, both 0 for on-demand)");
        }
    }

    /** Completes once the table exists with the expected key and is ACTIVE; fails with a message naming the table. */
    CompletionStage<Void> ensureActive(DynamoDbAsyncClient dynamoDb) {
        return dynamoDb.describeTable(b -> b.tableName(name))
                .thenAccept(this::checkKey)
                .exceptionallyCompose(error -> {
                    if (!(AsyncFailures.unwrap(error) instanceof ResourceNotFoundException)) {
                        return CompletableFuture.failedFuture(error);
                    }
                    if (!create) {
                        return CompletableFuture.failedFuture(new KinesisBatchException(
                                "Checkpoint table '" + name + "' does not exist and createCheckpointTable is false: create it"
                                                                                        + " (StreamID HASH string, ShardID RANGE string) or set createCheckpointTable=true"));
                    }
                    return createTable(dynamoDb);
                })
                .thenCompose(ignored -> dynamoDb.waiter().waitUntilTableExists(
                        DescribeTableRequest.builder().tableName(name).build(),
                        WaiterOverrideConfiguration.builder()
                                .maxAttempts(120)
                                .backoffStrategy(FixedDelayBackoffStrategy.create(Duration.ofSeconds(1)))
                                .build()))
                .thenAccept(waited -> waited.matched().response().ifPresentOrElse(this::checkKey, () -> {
                    throw new KinesisBatchException("Checkpoint table '" + name + "' did not become ACTIVE",
                            waited.matched().exception().orElse(null));
                }));
    }

    private CompletionStage<Void> createTable(DynamoDbAsyncClient dynamoDb) {
        CreateTableRequest.Builder request = CreateTableRequest.builder()
                .tableName(name)
                .attributeDefinitions(
                        AttributeDefinition.builder().attributeName(CheckpointAttributes.STREAM_ID)
                                .attributeType(ScalarAttributeType.S).build(),
                        AttributeDefinition.builder().attributeName(CheckpointAttributes.SHARD_ID)
                                .attributeType(ScalarAttributeType.S).build())
                .keySchema(
                        KeySchemaElement.builder().attributeName(CheckpointAttributes.STREAM_ID).keyType(KeyType.HASH)
                                .build(),
                        KeySchemaElement.builder().attributeName(CheckpointAttributes.SHARD_ID).keyType(KeyType.RANGE)
                                .build());
        if (readCapacity > 0) {
            request.billingMode(BillingMode.PROVISIONED).provisionedThroughput(ProvisionedThroughput.builder()
                    .readCapacityUnits(readCapacity).writeCapacityUnits(writeCapacity).build());
        } else {
            request.billingMode(BillingMode.PAY_PER_REQUEST);
        }
        LOG.info("Creating checkpoint table {} ({})", name,
                readCapacity > 0 ? "provisioned " + readCapacity + "/" + writeCapacity : "on-demand");
        return dynamoDb.createTable(request.build())
                .<Void>thenApply(created -> null)
                .exceptionallyCompose(error -> AsyncFailures.unwrap(error) instanceof ResourceInUseException
                        ? CompletableFuture.completedFuture(null) // another consumer created it meanwhile
                        : CompletableFuture.failedFuture(error));
    }

    void checkKey(DescribeTableResponse described) {
        List<KeySchemaElement> key = described.table().keySchema();
        boolean expected = key.size() == 2
                           && key.stream().anyMatch(k -> k.keyType() == KeyType.HASH
                                                         && k.attributeName().equals(CheckpointAttributes.STREAM_ID))
                           && key.stream().anyMatch(k -> k.keyType() == KeyType.RANGE
                                                         && k.attributeName().equals(CheckpointAttributes.SHARD_ID));
        if (!expected) {
            throw new KinesisBatchException("Checkpoint table '" + name + "' has key " + key
                                            + "; expected StreamID (HASH) + ShardID (RANGE)");
        }
        for (String attribute : List.of(CheckpointAttributes.STREAM_ID, CheckpointAttributes.SHARD_ID)) {
            ScalarAttributeType type = described.table().attributeDefinitions().stream()
                    .filter(d -> d.attributeName().equals(attribute)).map(AttributeDefinition::attributeType)
                    .findFirst().orElse(null);
            if (type != ScalarAttributeType.S) {
                throw new KinesisBatchException("Checkpoint table '" + name + "' has key attribute " + attribute
                                                + " of type " + type + "; expected S (string)");
            }
        }
    }
}
