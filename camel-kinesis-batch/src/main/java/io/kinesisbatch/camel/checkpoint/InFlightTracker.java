package io.kinesisbatch.camel.checkpoint;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Turns out-of-order completions into a checkpoint, and bounds the records in flight ahead of it. Pure logic, no I/O
 * and no locks: confined to the lane of its shard (one thread at a time).
 * <p>
 * Records (or batches of records) are {@linkplain #track handed out} in shard order; their exchanges complete in any
 * order. {@link #checkpoint()} is the highest position below which every handed-out record has completed: the
 * position that can be written to the checkpoint store without losing anything.
 * <p>
 * The window ({@code checkpointLimit}): at most {@code limit} records are handed out ahead of that checkpoint, that is
 * not completed yet or completed behind one that is not ({@link #remainingCapacity()}; the caller pauses while it is
 * 0). How often the checkpoint is <em>written</em> is not this class's business: the lane writes it every
 * {@code checkpointInterval}, so the stored checkpoint may lag the window by what completed within one interval.
 * <p>
 * A record that fails is simply never {@linkplain Ticket#complete() completed} until it is redelivered with success
 * (or skipped), so the checkpoint never passes it.
 */
public final class InFlightTracker {

    private final int limit;
    private final Deque<Ticket> pending = new ArrayDeque<>();
    private int inFlight;
    private long completedRecords;
    private SequencePosition checkpoint;

    /**
     * @param limit   most records handed out ahead of the checkpoint (at least 1)
     * @param initial the checkpoint the shard started from, or null
     */
    public InFlightTracker(int limit, SequencePosition initial) {
        if (limit < 1) {
            throw new IllegalArgumentException("checkpointLimit must be at least 1, got " + limit);
        }
        this.limit = limit;
        this.checkpoint = initial;
    }

    /**
     * Records that {@code count} records ending at {@code last} were handed out, in shard order after everything
     * tracked before.
     *
     * @throws IllegalStateException    when that would exceed the limit
     * @throws IllegalArgumentException when {@code last} is not after the previously tracked position
     */
    public Ticket track(SequencePosition last, int count) {
        if (count < 1 || count > remainingCapacity()) {
            throw new IllegalStateException("Cannot track " + count + " records: " + inFlight
                                            + " of " + limit + " already ahead of the checkpoint");
        }
        SequencePosition previous = pending.isEmpty() ? checkpoint : pending.peekLast().last;
        if (!last.isAfter(previous)) {
            throw new IllegalArgumentException(
                    "Records must be tracked in shard order: " + last + " after " + previous);
        }
        Ticket ticket = new Ticket(last, count);
        pending.addLast(ticket);
        inFlight += count;
        return ticket;
    }

    /** How many more records may be handed out before the limit is reached. */
    public int remainingCapacity() {
        return limit - inFlight;
    }

    /** Records handed out and not yet completed (completed ones behind an incomplete one count as well). */
    public int inFlight() {
        return inFlight;
    }

    /** The highest position below which every handed-out record has completed; null when nothing has yet. */
    public SequencePosition checkpoint() {
        return checkpoint;
    }

    /** Records behind {@link #checkpoint()} since this tracker started: it grows when the checkpoint moves. */
    public long completedRecords() {
        return completedRecords;
    }

    /** Nothing handed out is still waiting for completion. */
    public boolean isIdle() {
        return pending.isEmpty();
    }

    private void completed(Ticket ticket) {
        if (ticket.done) {
            return;
        }
        ticket.done = true;
        while (!pending.isEmpty() && pending.peekFirst().done) {
            Ticket head = pending.removeFirst();
            inFlight -= head.count;
            completedRecords += head.count;
            checkpoint = head.last;
        }
    }

    /** The receipt of one {@link #track} call: completed once the exchange carrying those records succeeded. */
    public final class Ticket {
        private final SequencePosition last;
        private final int count;
        private boolean done;

        private Ticket(SequencePosition last, int count) {
            this.last = last;
            this.count = count;
        }

        /** Marks these records completed; completing twice is harmless. */
        public void complete() {
            completed(this);
        }

        public SequencePosition last() {
            return last;
        }

        public int count() {
            return count;
        }
    }
}
