package io.kinesisbatch.camel.checkpoint;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Pattern;

import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;

import static io.kinesisbatch.camel.aws.AsyncFailures.unwrap;

import static io.kinesisbatch.camel.checkpoint.CheckpointAttributes.STREAM_ID;
import static io.kinesisbatch.camel.checkpoint.CheckpointAttributes.SHARD_ID;
import static io.kinesisbatch.camel.checkpoint.CheckpointAttributes.SEQUENCE;
import static io.kinesisbatch.camel.checkpoint.CheckpointAttributes.SUB_SEQUENCE;
import static io.kinesisbatch.camel.checkpoint.CheckpointAttributes.SHARD_END;
import static io.kinesisbatch.camel.checkpoint.CheckpointAttributes.OWNER;
import static io.kinesisbatch.camel.checkpoint.CheckpointAttributes.LEASE_COUNTER;
import static io.kinesisbatch.camel.checkpoint.CheckpointAttributes.UPDATED_AT;
import static io.kinesisbatch.camel.checkpoint.CheckpointAttributes.HANDOFF_TO;
import static io.kinesisbatch.camel.checkpoint.CheckpointAttributes.SEQUENCE_ORDER;

/**
 * The layout of one shard's row in the checkpoint table, keyed by {@code StreamID} (HASH) and {@code ShardID} (RANGE):
 * the attribute names, reading a row, and building the conditional updates written to it. No I/O.
 */
final class CheckpointRow {

    private CheckpointRow() {}

    static Map<String, AttributeValue> key(String streamId, String shardId) {
        return Map.of(STREAM_ID, s(streamId), SHARD_ID, s(shardId));
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

    /** The {@code PendingOwner} of a row read back, or null. */
    static String handoffTo(Map<String, AttributeValue> item) {
        AttributeValue handoff = item.get(HANDOFF_TO);
        return handoff == null ? null : handoff.s();
    }

    /**
     * A text that sorts (as DynamoDB compares strings, byte-wise) exactly as positions compare: the number of digits of
     * the sequence number (3 digits: Kinesis allows up to 129), the digits, then the sub-sequence as 19 digits. So
     * {@code "9"} sorts before {@code "10"} ({@code 0019...} before {@code 00210...}).
     */
    static String order(SequencePosition position) {
        String digits = new java.math.BigInteger(position.sequenceNumber()).toString(); // no leading zeros
        if (digits.length() > 999) {
            throw new IllegalArgumentException("A sequence number of more than 999 digits: " + position);
        }
        return String.format("%03d%s.%019d", digits.length(), digits, position.subSequence());
    }

    static AttributeValue s(String value) {
        return AttributeValue.builder().s(value).build();
    }

    static AttributeValue n(long value) {
        return AttributeValue.builder().n(Long.toString(value)).build();
    }

    static AttributeValue yes() {
        return AttributeValue.builder().bool(true).build();
    }

    /**
     * One UpdateItem on a shard's row. Placeholders are fixed: {@code #owner}, {@code #counter}, {@code #at},
     * {@code #seq}, {@code #sub}, {@code #end}, {@code #handoff}, {@code #order} name the attributes; {@code :at} (now), {@code :one}
     * and {@code :zero} are always bound; other values are added with {@link #value}.
     */
    static final class Update {
        private final String table;
        private final Map<String, AttributeValue> key;
        private final Map<String, AttributeValue> values = new HashMap<>();
        private String condition;

        Update(String table, String streamId, String shardId) {
            this.table = table;
            this.key = key(streamId, shardId);
            values.put(":at", s(Instant.now().toString()));
            values.put(":one", n(1));
            values.put(":zero", n(0));
        }

        Update value(String placeholder, AttributeValue value) {
            values.put(placeholder, value);
            return this;
        }

        Update when(String condition) {
            this.condition = condition;
            return this;
        }

        /** Only while {@code claim} holds the shard: its owner and lease counter (the fencing condition). */
        Update heldBy(ShardClaim claim) {
            return value(":owner", s(claim.owner())).value(":counter", n(claim.leaseCounter()))
                    .when("#owner = :owner AND #counter = :counter");
        }

        UpdateItemRequest set(String updateExpression) {
            return set(updateExpression, ReturnValue.NONE);
        }

        UpdateItemRequest set(String updateExpression, ReturnValue returnValues) {
            String text = condition == null ? updateExpression : updateExpression + " " + condition;
            Map<String, String> names = new HashMap<>();
            name(names, text, "#owner", OWNER);
            name(names, text, "#counter", LEASE_COUNTER);
            name(names, text, "#at", UPDATED_AT);
            name(names, text, "#seq", SEQUENCE);
            name(names, text, "#sub", SUB_SEQUENCE);
            name(names, text, "#end", SHARD_END);
            name(names, text, "#handoff", HANDOFF_TO);
            name(names, text, "#order", SEQUENCE_ORDER);
            Map<String, AttributeValue> used = new HashMap<>();
            values.forEach((placeholder, value) -> {
                if (uses(text, placeholder)) { // DynamoDB rejects values the expressions do not use
                    used.put(placeholder, value);
                }
            });
            return UpdateItemRequest.builder().tableName(table).key(key).updateExpression(updateExpression)
                    .conditionExpression(condition).expressionAttributeNames(names)
                    .expressionAttributeValues(used).returnValues(returnValues).build();
        }

        private static void name(Map<String, String> names, String text, String placeholder, String attribute) {
            if (uses(text, placeholder)) {
                names.put(placeholder, attribute);
            }
        }

        private static boolean uses(String expression, String placeholder) {
            return Pattern.compile(Pattern.quote(placeholder) + "(?![A-Za-z0-9_])").matcher(expression).find();
        }
    }
}
