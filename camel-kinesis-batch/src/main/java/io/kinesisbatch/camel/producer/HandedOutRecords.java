package io.kinesisbatch.camel.producer;

import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;

/**
 * The records handed out of the queue and not yet back or done: batches sent ({@link Accumulator#drain} until
 * {@link Accumulator#callFinished}), groups waiting for a retry (until {@link Accumulator#requeue}) and aggregates held
 * for a placement check. Tracked by whole group (by identity), so one set operation per call, not per record. Pure,
 * and confined to the {@link Accumulator}'s lock.
 */
final class HandedOutRecords {

    private final Set<List<BufferedRecord>> groups = Collections.newSetFromMap(new IdentityHashMap<>());

    void add(List<BufferedRecord> group) {
        groups.add(group);
    }

    void remove(List<BufferedRecord> group) {
        groups.remove(group);
    }

    /** A sent batch's call returned: {@code retry} (possibly empty) stays tracked until it is queued again. */
    void callFinished(List<BufferedRecord> batch, List<BufferedRecord> retry) {
        groups.remove(batch);
        if (!retry.isEmpty()) {
            groups.add(retry);
        }
    }

    /** Adds every tracked record not yet done to {@code into}. */
    void addNotDoneTo(List<BufferedRecord> into) {
        for (List<BufferedRecord> group : groups) {
            for (BufferedRecord r : group) {
                if (!r.isDone()) {
                    into.add(r);
                }
            }
        }
    }

    void clear() {
        groups.clear();
    }
}
