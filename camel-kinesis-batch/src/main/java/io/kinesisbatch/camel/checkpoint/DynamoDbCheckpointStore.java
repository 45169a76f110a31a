package io.kinesisbatch.camel.checkpoint;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import io.kinesisbatch.camel.lease.LeaseTable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClient;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.DeleteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;

import static io.kinesisbatch.camel.checkpoint.CheckpointAttributes.LEASE_COUNTER;
import static io.kinesisbatch.camel.checkpoint.CheckpointAttributes.SHARD_END;
import static io.kinesisbatch.camel.checkpoint.CheckpointAttributes.STREAM_ID;
import static io.kinesisbatch.camel.checkpoint.CheckpointRow.n;
import static io.kinesisbatch.camel.checkpoint.CheckpointRow.s;
import static io.kinesisbatch.camel.checkpoint.CheckpointRow.toCheckpoint;
import static io.kinesisbatch.camel.aws.AsyncFailures.unwrap;

/**
 * Checkpoints in a DynamoDB table keyed by {@code StreamID} (HASH) and {@code ShardID} (RANGE), one row per shard.
 * <p>
 * Attributes: {@code SequenceNumber} (S, sequence number of the checkpoint: the attribute Benthos and Redpanda Connect
 * use, so their rows are resumed), {@code SubSequence} (N), {@code ShardEnd}
 * (BOOL), {@code Owner} (S, the worker holding the shard; absent when free), {@code LeaseCounter} (N, bumped on every
 * claim, renewal and release: the fencing token), {@code UpdatedAt} (S, ISO-8601 instant of the last write, for
 * people; expiry never reads it). Every write is conditional on {@code Owner} and {@code LeaseCounter}, so a worker
 * that lost its shard cannot move the checkpoint. {@code PendingOwner} (S) names a worker that asked for the shard (a
 * steal) until the owner released it. {@code SequenceOrder} (S) is the checkpoint as text that sorts like positions
 * ({@link CheckpointRow#order}): every checkpoint write also requires it not to be ahead of the position written, so a
 * stored checkpoint never moves backwards (absent in rows written by other tools: then anything goes). The layout and the update expressions' placeholders are in {@link CheckpointRow}.
 */
public class DynamoDbCheckpointStore implements CheckpointStore, LeaseTable {

    /** How long the table may take to exist and become ACTIVE. */
    static final Duration ACTIVE_TIMEOUT = Duration.ofMinutes(2);

    private static final Logger LOG = LoggerFactory.getLogger(DynamoDbCheckpointStore.class);
    /** Takes the shard: a new owner, the counter bumped (created at 1), no pending handoff. */
    private static final String TAKE = "SET #owner = :owner, #counter = if_not_exists(#counter, :zero) + :one, #at = :at"
                                       + " REMOVE #handoff";

    private final DynamoDbAsyncClient dynamoDb;
    private final CheckpointTable table;

    /**
     * @param dynamoDb the client (never closed by the store)
     * @param table    the table's name and how to create it when missing
     */
    public DynamoDbCheckpointStore(DynamoDbAsyncClient dynamoDb, CheckpointTable table) {
        this.dynamoDb = dynamoDb;
        this.table = table;
    }

    /** Makes sure the table exists (creating it if allowed) and is ACTIVE. Blocks up to two minutes. */
    @Override
    public void start() throws Exception {
        try {
            table.ensureActive(dynamoDb).toCompletableFuture().get(ACTIVE_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof Exception cause ? cause : e;
        }
    }

    @Override
    public CompletionStage<Boolean> checkpoint(ShardClaim claim, SequencePosition position) {
        return conditionalWrite(claim, position, false);
    }

    @Override
    public CompletionStage<Boolean> markShardEnd(ShardClaim claim, SequencePosition last) {
        return conditionalWrite(claim, last, true);
    }

    private CompletionStage<Boolean> conditionalWrite(ShardClaim claim, SequencePosition position, boolean shardEnd) {
        CheckpointRow.Update update = update(claim.streamId(), claim.shardId()).heldBy(claim);
        StringBuilder set = new StringBuilder("SET #at = :at");
        if (position != null) {
            set.append(", #seq = :seq, #sub = :sub, #order = :order");
            update.value(":seq", s(position.sequenceNumber())).value(":sub", n(position.subSequence()))
                    .value(":order", s(CheckpointRow.order(position)))
                    .when("#owner = :owner AND #counter = :counter"
                          + " AND (attribute_not_exists(#order) OR #order <= :order)");
        }
        if (shardEnd) {
            set.append(", #end = :end");
            update.value(":end", CheckpointRow.yes());
        }
        return dynamoDb.updateItem(update.set(set.toString())).handle((response, error) -> {
            if (error == null) {
                return true;
            }
            if (conditionFailed(error)) {
                LOG.warn(
                        "Shard {} of {}: checkpoint {} refused (no longer held by {} with lease counter {}, or the stored"
                         + " checkpoint is ahead)",
                        claim.shardId(), claim.streamId(), position, claim.owner(),
                        claim.leaseCounter());
            }
            return false;
        });
    }

    @Override
    public CompletionStage<Void> release(ShardClaim claim) {
        return dynamoDb.updateItem(update(claim.streamId(), claim.shardId()).heldBy(claim)
                .set("REMOVE #owner, #handoff SET #counter = #counter + :one, #at = :at"))
                .handle((response, error) -> {
                    if (error != null) {
                        conditionFailed(error); // releasing a lease already lost is a no-op; other errors rethrown
                    }
                    return (Void) null;
                });
    }

    @Override
    public CompletionStage<Optional<ShardClaim>> takeover(String streamId, String shardId, String owner,
                                                          String expectedOwner, long expectedCounter) {
        CheckpointRow.Update update = update(streamId, shardId).value(":owner", s(owner))
                .value(":seen", n(expectedCounter));
        if (expectedOwner == null) {
            update.when("attribute_not_exists(#owner) AND "
                        + (expectedCounter == 0 ? "(attribute_not_exists(#counter) OR #counter = :seen)"
                                : "#counter = :seen"));
        } else {
            update.value(":was", s(expectedOwner)).when("#owner = :was AND #counter = :seen");
        }
        return dynamoDb.updateItem(update.set(TAKE, ReturnValue.ALL_NEW)).handle((response, error) -> {
            if (error == null) {
                ShardCheckpoint row = toCheckpoint(response.attributes());
                return Optional.of(new ShardClaim(streamId, shardId, owner, row.leaseCounter(), row));
            }
            conditionFailed(error); // rethrows anything else
            return Optional.<ShardClaim>empty();
        });
    }

    @Override
    public CompletionStage<Optional<ShardClaim>> renew(ShardClaim claim) {
        return dynamoDb.updateItem(update(claim.streamId(), claim.shardId()).heldBy(claim)
                .set("SET #counter = #counter + :one, #at = :at", ReturnValue.ALL_NEW))
                .handle((response, error) -> {
                    if (error == null) {
                        return Optional.of(claim.renewed(toCheckpoint(response.attributes()).leaseCounter(),
                                CheckpointRow.handoffTo(response.attributes())));
                    }
                    conditionFailed(error); // rethrows anything else
                    return Optional.<ShardClaim>empty();
                });
    }

    @Override
    public CompletionStage<Boolean> handOver(ShardClaim claim, String to) {
        return dynamoDb.updateItem(update(claim.streamId(), claim.shardId()).heldBy(claim).value(":to", s(to))
                .set("SET #owner = :to, #counter = #counter + :one, #at = :at REMOVE #handoff"))
                .handle((response, error) -> error == null || !conditionFailed(error));
    }

    @Override
    public CompletionStage<Boolean> requestHandoff(String streamId, String shardId, String requester, String owner,
                                                   long counter) {
        return dynamoDb.updateItem(update(streamId, shardId).value(":requester", s(requester))
                .value(":was", s(owner)).value(":seen", n(counter)).when("#owner = :was AND #counter = :seen")
                .set("SET #handoff = :requester"))
                .handle((response, error) -> error == null || !conditionFailed(error));
    }

    @Override
    public CompletionStage<Boolean> delete(String streamId, String shardId, long expectedCounter) {
        DeleteItemRequest request = DeleteItemRequest.builder()
                .tableName(table.name())
                .key(CheckpointRow.key(streamId, shardId))
                .conditionExpression("#end = :end AND #counter = :seen")
                .expressionAttributeNames(Map.of("#end", SHARD_END, "#counter", LEASE_COUNTER))
                .expressionAttributeValues(Map.of(":end", CheckpointRow.yes(), ":seen", n(expectedCounter)))
                .build();
        return dynamoDb.deleteItem(request).handle((response, error) -> error == null || !conditionFailed(error));
    }

    @Override
    public CompletionStage<List<ShardCheckpoint>> list(String streamId) {
        QueryRequest request = QueryRequest.builder()
                .tableName(table.name())
                .keyConditionExpression("#stream = :stream")
                .expressionAttributeNames(Map.of("#stream", STREAM_ID))
                .expressionAttributeValues(Map.of(":stream", s(streamId)))
                .consistentRead(true)
                .build();
        List<ShardCheckpoint> rows = new ArrayList<>();
        return dynamoDb.queryPaginator(request).items()
                .subscribe(item -> rows.add(toCheckpoint(item)))
                .thenApply(done -> rows);
    }

    private CheckpointRow.Update update(String streamId, String shardId) {
        return new CheckpointRow.Update(table.name(), streamId, shardId);
    }

    /** True for a failed condition; any other error is rethrown. */
    private static boolean conditionFailed(Throwable error) {
        if (unwrap(error) instanceof ConditionalCheckFailedException) {
            return true;
        }
        throw error instanceof CompletionException ce ? ce : new CompletionException(error);
    }

    @Override
    public String toString() {
        return "DynamoDbCheckpointStore[" + table.name() + "]";
    }
}
