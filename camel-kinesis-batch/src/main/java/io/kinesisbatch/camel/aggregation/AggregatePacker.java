package io.kinesisbatch.camel.aggregation;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Packs messages into KPL aggregates per group: the caller decides what a group is (a partition key, with its explicit
 * hash key if any, for {@code aggregation=partitionKey}; a predicted shard for {@code aggregation=shard}). Each group
 * has one open aggregate; a message that does not fit closes it and starts the next. A group of one message, and a
 * message too big for any aggregate, go out as plain records (as the KPL does): no 20 bytes of framing for nothing,
 * and readable by consumers that do not de-aggregate.
 * <p>
 * Messages keep their order inside a group, so per-key order holds. Mutable; confined to the one thread of the
 * producer pipeline that owns it. Time-based flushing ({@code batchTimeout}) is the caller's: {@link #flush} and
 * {@link #flushAll}.
 *
 * @param <K> the group key
 * @param <M> the caller's handle of a message (e.g. its exchange), returned with the record that carries it
 */
public final class AggregatePacker<K, M> {

    private final int maxBytes;
    private final Map<K, Group<M>> open = new LinkedHashMap<>();
    private int pendingMessages;

    /** @param maxBytes most bytes of one aggregate, data plus partition key (see {@link AggregateBuilder#bounded}) */
    public AggregatePacker(int maxBytes) {
        if (maxBytes < 1) {
            throw new IllegalArgumentException("aggregationMaxBytes must be positive, not " + maxBytes);
        }
        this.maxBytes = maxBytes;
    }

    /**
     * Adds a message to its group's open aggregate.
     *
     * Messages are expected to have passed the record checks (partition key, size against the stream's record limit)
     * already: the packer only decides what goes together.
     *
     * @return the records this closes: none while the message fits; the group's previous aggregate when it did not;
     *         the message itself, plain, when it is too big for any aggregate (after the group's earlier messages, so
     *         their order holds)
     * @throws IllegalArgumentException when the message's explicit hash key is not a hash key (nothing is added)
     */
    public List<PackedRecord<M>> add(K groupKey, SubRecord record, M message) {
        List<PackedRecord<M>> closed = new ArrayList<>(1);
        Group<M> group = open.get(groupKey);
        if (group != null && group.add(record, message)) {
            pendingMessages++;
            return closed;
        }
        if (group != null) {
            closed.add(close(groupKey, group));
        }
        Group<M> fresh = new Group<>(maxBytes);
        if (fresh.add(record, message)) {
            open.put(groupKey, fresh);
            pendingMessages++;
        } else {
            closed.add(new PackedRecord<>(null, record, List.of(message)));
        }
        return closed;
    }

    /** Closes one group's open aggregate, if any. */
    public List<PackedRecord<M>> flush(K groupKey) {
        Group<M> group = open.get(groupKey);
        return group == null ? List.of() : List.of(close(groupKey, group));
    }

    /** Closes every open aggregate, the longest-open group first. */
    public List<PackedRecord<M>> flushAll() {
        List<PackedRecord<M>> closed = new ArrayList<>(open.size());
        for (K key : new ArrayList<>(open.keySet())) {
            closed.add(close(key, open.get(key)));
        }
        return closed;
    }

    public int openGroups() {
        return open.size();
    }

    /** Messages added and not yet handed back in a closed record. */
    public int pendingMessages() {
        return pendingMessages;
    }

    static int plainSize(SubRecord record) {
        return record.data().length + record.partitionKey().getBytes(StandardCharsets.UTF_8).length;
    }

    private PackedRecord<M> close(K groupKey, Group<M> group) {
        open.remove(groupKey);
        pendingMessages -= group.messages.size();
        if (group.messages.size() == 1) {
            return new PackedRecord<>(null, group.firstRecord, group.messages);
        }
        return new PackedRecord<>(group.builder.build(), null, group.messages);
    }

    /** One group's open aggregate and the handles of its messages, in order. */
    private static final class Group<M> {
        final AggregateBuilder builder;
        final List<M> messages = new ArrayList<>();
        SubRecord firstRecord;

        Group(int maxBytes) {
            this.builder = new AggregateBuilder(maxBytes);
        }

        boolean add(SubRecord record, M message) {
            if (!builder.tryAdd(record)) {
                return false;
            }
            if (messages.isEmpty()) {
                firstRecord = record;
            }
            messages.add(message);
            return true;
        }
    }
}
