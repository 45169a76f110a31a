package io.kinesisbatch.itest.support;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import io.kinesisbatch.camel.checkpoint.CheckpointAttributes;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.ScanResponse;

/** Reads the component's checkpoint/lease table through the test-side DynamoDB client. */
public final class CheckpointTable {

    private CheckpointTable() {}

    /** Every row of the table (all scan pages); empty when the table does not exist. */
    public static List<Map<String, AttributeValue>> scan(String table) {
        List<Map<String, AttributeValue>> rows = new ArrayList<>();
        Map<String, AttributeValue> start = null;
        try {
            do {
                Map<String, AttributeValue> from = start;
                ScanResponse page = AwsPeers.get().dynamoDb()
                        .scan(b -> b.tableName(table).consistentRead(true).exclusiveStartKey(from)).join();
                rows.addAll(page.items());
                start = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey()
                        : null;
            } while (start != null);
        } catch (java.util.concurrent.CompletionException e) {
            if (e.getCause() instanceof ResourceNotFoundException) {
                return rows;
            }
            throw e;
        }
        return rows;
    }

    /** The row of one shard, or null. */
    public static Map<String, AttributeValue> row(String table, String streamId, String shardId) {
        return scan(table).stream()
                .filter(r -> r.containsKey(CheckpointAttributes.STREAM_ID)
                             && streamId.equals(r.get(CheckpointAttributes.STREAM_ID).s()))
                .filter(r -> shardId.equals(r.get(CheckpointAttributes.SHARD_ID).s()))
                .findFirst().orElse(null);
    }

    /** The checkpoint sequence number of each shard in the table, by shard id. */
    public static Map<String, String> checkpoints(String table, String stream) {
        return scan(table).stream()
                .filter(row -> stream.equals(row.get(CheckpointAttributes.STREAM_ID).s())
                               && row.containsKey(CheckpointAttributes.SEQUENCE))
                .collect(Collectors.toMap(row -> row.get(CheckpointAttributes.SHARD_ID).s(),
                        row -> row.get(CheckpointAttributes.SEQUENCE).s()));
    }

    /** Deletes the table if it exists. */
    public static void drop(String table) {
        try {
            AwsPeers.get().dynamoDb().deleteTable(b -> b.tableName(table)).join();
        } catch (java.util.concurrent.CompletionException e) {
            if (!(e.getCause() instanceof ResourceNotFoundException)) {
                throw e;
            }
        }
    }
}
