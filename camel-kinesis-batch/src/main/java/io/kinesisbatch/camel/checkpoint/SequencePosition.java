package io.kinesisbatch.camel.checkpoint;

import java.math.BigInteger;
import java.util.Objects;

/**
 * A position in a shard: the record's sequence number plus, for records de-aggregated from one KPL record, its
 * sub-sequence number (0 for plain records).
 * <p>
 * Kinesis sequence numbers are decimal strings of up to 128 bits; they are compared as numbers, never as text
 * ({@code "9" < "10"} numerically, not lexically).
 */
public final class SequencePosition implements Comparable<SequencePosition> {

    private final String sequenceNumber;
    private final BigInteger numeric;
    private final long subSequence;

    private SequencePosition(String sequenceNumber, long subSequence) {
        this.sequenceNumber = Objects.requireNonNull(sequenceNumber, "sequenceNumber");
        this.numeric = new BigInteger(sequenceNumber);
        if (numeric.signum() < 0) {
            throw new IllegalArgumentException("A sequence number is never negative: " + sequenceNumber);
        }
        if (subSequence < 0) {
            throw new IllegalArgumentException("A sub-sequence number is never negative: " + subSequence);
        }
        this.subSequence = subSequence;
    }

    /** The position of a plain (not aggregated) record. */
    public static SequencePosition of(String sequenceNumber) {
        return new SequencePosition(sequenceNumber, 0);
    }

    /** The position of the {@code subSequence}-th user record inside an aggregated record. */
    public static SequencePosition of(String sequenceNumber, long subSequence) {
        return new SequencePosition(sequenceNumber, subSequence);
    }

    /** The sequence number exactly as Kinesis returned it. */
    public String sequenceNumber() {
        return sequenceNumber;
    }

    public long subSequence() {
        return subSequence;
    }

    @Override
    public int compareTo(SequencePosition other) {
        int bySequence = numeric.compareTo(other.numeric);
        return bySequence != 0 ? bySequence : Long.compare(subSequence, other.subSequence);
    }

    public boolean isAfter(SequencePosition other) {
        return other == null || compareTo(other) > 0;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SequencePosition p && numeric.equals(p.numeric) && subSequence == p.subSequence;
    }

    @Override
    public int hashCode() {
        return Objects.hash(numeric, subSequence);
    }

    @Override
    public String toString() {
        return subSequence == 0 ? sequenceNumber : sequenceNumber + "/" + subSequence;
    }
}
