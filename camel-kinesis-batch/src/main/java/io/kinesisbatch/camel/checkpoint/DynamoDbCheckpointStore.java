package io.kinesisbatch.camel.checkpoint;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.DeleteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;

/**
 * Checkpoints in a DynamoDB table keyed by {@code StreamID} (HASH) and {@code ShardID} (RANGE), one row per shard.
 * <p>
 * Attributes: {@code SequenceNumber} (S, sequence number of the checkpoint: the attribute Benthos and Redpanda Connect
 * use, so their rows are resumed), {@code SubSequence} (N), {@code ShardEnd}
 * (BOOL), {@code Owner} (S, the worker holding the shard; absent when free), {@code LeaseCounter} (N, bumped on every
 * claim, renewal and release: the fencing token), {@code UpdatedAt} (S, ISO-8601 instant of the last write, for
 * people; expiry never reads it). Every write is conditional on {@code Owner} and {@code LeaseCounter}, so a worker
 * that lost its shard cannot move the checkpoint. {@code PendingOwner} (S) names a worker that asked for the shard (a
 * steal) until the owner released it.
 */
public class DynamoDbCheckpointStore implements CheckpointStore {

    static final String STREAM_ID = "StreamID";
    static final String SHARD_ID = "ShardID";
    static final String SEQUENCE = "SequenceNumber";
    static final String SUB_SEQUENCE = "SubSequence";
    static final String SHARD_END = "ShardEnd";
    static final String OWNER = "Owner";
    static final String LEASE_COUNTER = "LeaseCounter";
    static final String UPDATED_AT = "UpdatedAt";
    static final String HANDOFF_TO = "PendingOwner";

    /** How long the table may take to exist and become ACTIVE. */
    static final Duration ACTIVE_TIMEOUT = Duration.ofMinutes(2);

    private static final Logger LOG = LoggerFactory.getLogger(DynamoDbCheckpointStore.class);
    private static final String HOLDS = "#owner = :owner AND #counter = :counter";
    private static final String TAKE =
            "SET #owner = :owner, #counter = if_not_exists(#counter, :zero) + :one, #at = :at REMOVE #handoff";
    private static final Map<String, String> TAKE_NAMES =
            Map.of("#owner", OWNER, "#counter", LEASE_COUNTER, "#at", UPDATED_AT, "#handoff", HANDOFF_TO);

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
    public CompletionStage<ShardClaim> claim(String streamId, String shardId, String owner) {
        UpdateItemRequest request = UpdateItemRequest.builder()
                .tableName(table.name())
                .key(key(streamId, shardId))
                .updateExpression(TAKE)
                .expressionAttributeNames(TAKE_NAMES)
                .expressionAttributeValues(Map.of(":owner", s(owner), ":zero", n(0), ":one", n(1), ":at", now()))
                .returnValues(ReturnValue.ALL_NEW)
                .build();
        return dynamoDb.updateItem(request).thenApply(response -> {
            ShardCheckpoint row = toCheckpoint(response.attributes());
            return new ShardClaim(streamId, shardId, owner, row.leaseCounter(), row);
        });
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
        Map<String, String> names = new HashMap<>(Map.of("#owner", OWNER, "#counter", LEASE_COUNTER, "#at", UPDATED_AT));
        Map<String, AttributeValue> values = new HashMap<>(holdsValues(claim));
        values.put(":at", now());
        StringBuilder set = new StringBuilder("SET #at = :at");
        if (position != null) {
            set.append(", #seq = :seq, #sub = :sub");
            names.put("#seq", SEQUENCE);
            names.put("#sub", SUB_SEQUENCE);
            values.put(":seq", s(position.sequenceNumber()));
            values.put(":sub", n(position.subSequence()));
        }
        if (shardEnd) {
            set.append(", #end = :end");
            names.put("#end", SHARD_END);
            values.put(":end", AttributeValue.builder().bool(true).build());
        }
        UpdateItemRequest request = UpdateItemRequest.builder()
                .tableName(table.name())
                .key(key(claim.streamId(), claim.shardId()))
                .updateExpression(set.toString())
                .conditionExpression(HOLDS)
                .expressionAttributeNames(names)
                .expressionAttributeValues(values)
                .build();
        return dynamoDb.updateItem(request).handle((response, error) -> {
            if (error == null) {
                return true;
            }
            if (unwrap(error) instanceof ConditionalCheckFailedException) {
                LOG.warn("Shard {} of {} is no longer held by {} (lease counter {}): checkpoint not written",
                        claim.shardId(), claim.streamId(), claim.owner(), claim.leaseCounter());
                return false;
            }
            throw error instanceof CompletionException ce ? ce : new CompletionException(error);
        });
    }

    @Override
    public CompletionStage<Void> release(ShardClaim claim) {
        return dynamoDb.updateItem(bumpingCounter(claim, "REMOVE #owner, #handoff SET #counter = #counter + :one, #at = :at",
                Map.of("#handoff", HANDOFF_TO)))
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
        Map<String, AttributeValue> values = new HashMap<>(Map.of(":owner", s(owner), ":zero", n(0), ":one", n(1),
                ":at", now(), ":seen", n(expectedCounter)));
        String condition;
        if (expectedOwner == null) {
            condition = "attribute_not_exists(#owner) AND "
                        + (expectedCounter == 0 ? "(attribute_not_exists(#counter) OR #counter = :seen)" : "#counter = :seen");
        } else {
            condition = "#owner = :was AND #counter = :seen";
            values.put(":was", s(expectedOwner));
        }
        UpdateItemRequest request = UpdateItemRequest.builder()
                .tableName(table.name())
                .key(key(streamId, shardId))
                .updateExpression(TAKE)
                .conditionExpression(condition)
                .expressionAttributeNames(TAKE_NAMES)
                .expressionAttributeValues(values)
                .returnValues(ReturnValue.ALL_NEW)
                .build();
        return dynamoDb.updateItem(request).handle((response, error) -> {
            if (error == null) {
                ShardCheckpoint row = toCheckpoint(response.attributes());
                return Optional.of(new ShardClaim(streamId, shardId, owner, row.leaseCounter(), row));
            }
            conditionFailed(error); // rethrows anything else
            return Optional.<ShardClaim> empty();
        });
    }

    @Override
    public CompletionStage<Optional<ShardClaim>> renew(ShardClaim claim) {
        UpdateItemRequest request = bumpingCounter(claim, "SET #counter = #counter + :one, #at = :at", Map.of())
                .toBuilder().returnValues(ReturnValue.ALL_NEW).build();
        return dynamoDb.updateItem(request).handle((response, error) -> {
            if (error == null) {
                AttributeValue handoff = response.attributes().get(HANDOFF_TO);
                return Optional.of(claim.renewed(toCheckpoint(response.attributes()).leaseCounter(),
                        handoff == null ? null : handoff.s()));
            }
            conditionFailed(error); // rethrows anything else
            return Optional.<ShardClaim> empty();
        });
    }

    @Override
    public CompletionStage<Boolean> handOver(ShardClaim claim, String to) {
        UpdateItemRequest request = bumpingCounter(claim,
                "SET #owner = :to, #counter = #counter + :one, #at = :at REMOVE #handoff", Map.of("#handoff", HANDOFF_TO),
                Map.of(":to", s(to)));
        return dynamoDb.updateItem(request).handle((response, error) -> error == null || !conditionFailed(error));
    }

    @Override
    public CompletionStage<Boolean> requestHandoff(String streamId, String shardId, String requester, String owner,
            long counter) {
        UpdateItemRequest request = UpdateItemRequest.builder()
                .tableName(table.name())
                .key(key(streamId, shardId))
                .updateExpression("SET #handoff = :requester")
                .conditionExpression("#owner = :was AND #counter = :seen")
                .expressionAttributeNames(Map.of("#handoff", HANDOFF_TO, "#owner", OWNER, "#counter", LEASE_COUNTER))
                .expressionAttributeValues(Map.of(":requester", s(requester), ":was", s(owner), ":seen", n(counter)))
                .build();
        return dynamoDb.updateItem(request).handle((response, error) -> error == null || !conditionFailed(error));
    }

    @Override
    public CompletionStage<Boolean> delete(String streamId, String shardId, long expectedCounter) {
        DeleteItemRequest request = DeleteItemRequest.builder()
                .tableName(table.name())
                .key(key(streamId, shardId))
                .conditionExpression("#end = :end AND #counter = :seen")
                .expressionAttributeNames(Map.of("#end", SHARD_END, "#counter", LEASE_COUNTER))
                .expressionAttributeValues(Map.of(":end", AttributeValue.builder().bool(true).build(),
                        ":seen", n(expectedCounter)))
                .build();
        return dynamoDb.deleteItem(request).handle((response, error) -> error == null || !conditionFailed(error));
    }

    /** An update of a held lease that bumps its counter ({@code :one}), conditional on the claim holding it. */
    private UpdateItemRequest bumpingCounter(ShardClaim claim, String updateExpression, Map<String, String> moreNames) {
        return bumpingCounter(claim, updateExpression, moreNames, Map.of());
    }

    private UpdateItemRequest bumpingCounter(ShardClaim claim, String updateExpression, Map<String, String> moreNames,
                                             Map<String, AttributeValue> moreValues) {
        Map<String, AttributeValue> values = withOne(withAt(holdsValues(claim)));
        values.putAll(moreValues);
        Map<String, String> names = new HashMap<>(Map.of("#owner", OWNER, "#counter", LEASE_COUNTER, "#at", UPDATED_AT));
        names.putAll(moreNames);
        return UpdateItemRequest.builder()
                .tableName(table.name())
                .key(key(claim.streamId(), claim.shardId()))
                .updateExpression(updateExpression)
                .conditionExpression(HOLDS)
                .expressionAttributeNames(names)
                .expressionAttributeValues(values)
                .build();
    }

    /** True for a failed condition; any other error is rethrown. */
    private static boolean conditionFailed(Throwable error) {
        if (unwrap(error) instanceof ConditionalCheckFailedException) {
            return true;
        }
        throw error instanceof CompletionException ce ? ce : new CompletionException(error);
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

    static ShardCheckpoint toCheckpoint(Map<String, AttributeValue> item) {
        AttributeValue seq = item.get(SEQUENCE);
        AttributeValue sub = item.get(SUB_SEQUENCE);
        SequencePosition position = seq == null ? null
                : SequencePosition.of(seq.s(), sub == null ? 0 : Long.parseLong(sub.n()));
        AttributeValue end = item.get(SHARD_END);
        AttributeValue owner = item.get(OWNER);
        AttributeValue counter = item.get(LEASE_COUNTER);
        return new ShardCheckpoint(item.get(STREAM_ID).s(), item.get(SHARD_ID).s(), position,
                end != null && Boolean.TRUE.equals(end.bool()), owner == null ? null : owner.s(),
                counter == null ? 0 : Long.parseLong(counter.n()));
    }

    private static Map<String, AttributeValue> key(String streamId, String shardId) {
        return Map.of(STREAM_ID, s(streamId), SHARD_ID, s(shardId));
    }

    private static Map<String, AttributeValue> holdsValues(ShardClaim claim) {
        return Map.of(":owner", s(claim.owner()), ":counter", n(claim.leaseCounter()));
    }

    private static Map<String, AttributeValue> withAt(Map<String, AttributeValue> values) {
        Map<String, AttributeValue> all = new HashMap<>(values);
        all.put(":at", now());
        return all;
    }

    private static Map<String, AttributeValue> withOne(Map<String, AttributeValue> values) {
        Map<String, AttributeValue> all = new HashMap<>(values);
        all.put(":one", n(1));
        return all;
    }

    private static AttributeValue now() {
        return s(Instant.now().toString());
    }

    static AttributeValue s(String value) {
        return AttributeValue.builder().s(value).build();
    }

    static AttributeValue n(long value) {
        return AttributeValue.builder().n(Long.toString(value)).build();
    }

    static Throwable unwrap(Throwable error) {
        Throwable t = error;
        while (t instanceof CompletionException && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }

    @Override
    public String toString() {
        return "DynamoDbCheckpointStore[" + table.name() + "]";
    }
}
