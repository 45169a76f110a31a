package io.kinesisbatch.camel.checkpoint;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.TreeSet;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class InFlightTrackerTest {

    private static SequencePosition seq(long n) {
        return SequencePosition.of(Long.toString(n));
    }

    @Test
    void checkpointStaysAtStartUntilTheFirstRecordCompletes() {
        InFlightTracker tracker = new InFlightTracker(10, seq(5));
        tracker.track(seq(6), 1);
        assertThat(tracker.checkpoint()).isEqualTo(seq(5));
        assertThat(new InFlightTracker(10, null).checkpoint()).isNull();
    }

    @Test
    void outOfOrderCompletionsMoveTheCheckpointOnlyOverAContiguousPrefix() {
        InFlightTracker tracker = new InFlightTracker(10, null);
        InFlightTracker.Ticket a = tracker.track(seq(1), 1);
        InFlightTracker.Ticket b = tracker.track(seq(2), 1);
        InFlightTracker.Ticket c = tracker.track(seq(3), 1);

        c.complete();
        assertThat(tracker.checkpoint()).isNull();
        b.complete();
        assertThat(tracker.checkpoint()).isNull();
        a.complete();
        assertThat(tracker.checkpoint()).isEqualTo(seq(3));
        assertThat(tracker.isIdle()).isTrue();
        assertThat(tracker.inFlight()).isZero();
    }

    @Test
    void theCapCountsRecordsAheadOfTheCheckpointIncludingCompletedOnesBehindAnOpenOne() {
        InFlightTracker tracker = new InFlightTracker(3, null);
        InFlightTracker.Ticket first = tracker.track(seq(1), 1);
        InFlightTracker.Ticket batch = tracker.track(seq(3), 2);
        assertThat(tracker.remainingCapacity()).isZero();
        assertThatThrownBy(() -> tracker.track(seq(4), 1)).isInstanceOf(IllegalStateException.class);

        batch.complete();
        assertThat(tracker.remainingCapacity()).as("completed behind an open record still counts").isZero();
        first.complete();
        assertThat(tracker.checkpoint()).isEqualTo(seq(3));
        assertThat(tracker.inFlight()).isZero();
        assertThat(tracker.remainingCapacity()).as("below the checkpoint: out of the window, written or not")
                .isEqualTo(3);

        InFlightTracker lockStep = new InFlightTracker(1, null);
        InFlightTracker.Ticket only = lockStep.track(seq(1), 1);
        assertThat(lockStep.remainingCapacity()).as("checkpointLimit=1: one record at a time").isZero();
        only.complete();
        assertThat(lockStep.remainingCapacity()).isEqualTo(1);
    }

    @Test
    void aFailedRecordHoldsTheCheckpointUntilRedeliveredWithSuccess() {
        InFlightTracker tracker = new InFlightTracker(100, null);
        InFlightTracker.Ticket failing = tracker.track(seq(1), 1);
        List<InFlightTracker.Ticket> others = new ArrayList<>();
        for (int i = 2; i <= 50; i++) {
            others.add(tracker.track(seq(i), 1));
        }
        others.forEach(InFlightTracker.Ticket::complete);
        assertThat(tracker.checkpoint()).isNull();

        failing.complete();
        failing.complete(); // a second completion is harmless
        assertThat(tracker.checkpoint()).isEqualTo(seq(50));
    }

    @Test
    void recordsMustBeTrackedInShardOrderComparedAsNumbers() {
        InFlightTracker tracker = new InFlightTracker(10, SequencePosition.of("9"));
        tracker.track(SequencePosition.of("10"), 1); // lexically smaller, numerically larger
        assertThatThrownBy(() -> tracker.track(SequencePosition.of("10"), 1))
                .isInstanceOf(IllegalArgumentException.class);
        tracker.track(SequencePosition.of("10", 1), 1); // a sub-sequence of the same record comes after it
    }

    @Test
    void handlesSequenceNumbersOf128Bits() {
        String big = "340282366920938463463374607431768211455"; // 2^128 - 1
        String below = "340282366920938463463374607431768211454";
        assertThat(SequencePosition.of(big)).isGreaterThan(SequencePosition.of(below));
        assertThat(SequencePosition.of("49590338271490256608559692538361571095921575989136588898"))
                .isGreaterThan(SequencePosition.of("4959033827149025660855969253836157109592157598913658889"));
    }

    /**
     * Random hand-outs and completions, checked against a model: the checkpoint is the largest n such that 1..n all
     * completed, and no more than the limit is ever handed out beyond it.
     */
    @Test
    void randomizedAgainstASimpleModel() {
        Random random = new Random(42);
        for (int round = 0; round < 200; round++) {
            int limit = 1 + random.nextInt(20);
            InFlightTracker tracker = new InFlightTracker(limit, null);
            List<InFlightTracker.Ticket> open = new ArrayList<>();
            TreeSet<Long> completedRecords = new TreeSet<>();
            long next = 1;
            for (int step = 0; step < 300; step++) {
                if (random.nextBoolean() && tracker.remainingCapacity() > 0) {
                    int count = 1 + random.nextInt(tracker.remainingCapacity());
                    open.add(tracker.track(seq(next + count - 1), count));
                    next += count;
                } else if (!open.isEmpty()) {
                    InFlightTracker.Ticket done = open.remove(random.nextInt(open.size()));
                    done.complete();
                    long lastOfTicket = Long.parseLong(done.last().sequenceNumber());
                    for (long r = lastOfTicket - done.count() + 1; r <= lastOfTicket; r++) {
                        completedRecords.add(r);
                    }
                }
                long expected = 0;
                while (completedRecords.contains(expected + 1)) {
                    expected++;
                }
                assertThat(tracker.checkpoint()).isEqualTo(expected == 0 ? null : seq(expected));
                assertThat(tracker.inFlight()).isEqualTo(next - 1 - expected).isLessThanOrEqualTo(limit);
                assertThat(tracker.remainingCapacity()).isEqualTo(limit - tracker.inFlight());
            }
        }
    }
}
