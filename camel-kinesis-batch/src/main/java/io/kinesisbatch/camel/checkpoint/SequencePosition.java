package io.kinesisbatch.camel.checkpoint;

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
    /** Index of the first significant digit: numbers compare by significant length, then digit by digit. */
    private final int lead;
    private final long subSequence;

    private SequencePosition(String sequenceNumber, long subSequence) {
        this.sequenceNumber = Objects.requireNonNull(sequenceNumber, "sequenceNumber");
        // checked and compared as ASCII digits, not parsed: one position is made per record read
        int n = sequenceNumber.length();
        if (n == 0) {
            throw new IllegalArgumentException("A sequence number is a non-negative decimal, got an empty one");
        }
        int first = -1;
        for (int i = 0; i < n; i++) {
            char c = sequenceNumber.charAt(i);
            if (c < '0' || c > '9') {
                throw new IllegalArgumentException("A sequence number is a non-negative decimal: " + sequenceNumber);
            }
            if (first < 0 && c != '0') {
                first = i;
            }
        }
        this.lead = first < 0 ? n - 1 : first;
        if (subSequence < 0) {
            throw new IllegalArgumentException("A sub-sequence number is never negative: " + subSequence);
        }
        this.subSequence = subSequence;
    }

    private SequencePosition(String sequenceNumber, long subSequence, int lead) {
        this.sequenceNumber = sequenceNumber;
        this.subSequence = subSequence;
        this.lead = lead;
    }

    /**
     * The position of a record as GetRecords or SubscribeToShard returned it. Kinesis' API defines a sequence number as
     * {@code 0|([1-9]\d{0,128})}: digits without leading zeros, so it is not checked digit by digit again (a position is
     * made for every record read); one that starts with a zero anyway goes through {@link #of(String)}'s checks.
     */
    public static SequencePosition ofRecord(String sequenceNumber) {
        if (sequenceNumber.isEmpty() || sequenceNumber.charAt(0) == '0') {
            return of(sequenceNumber);
        }
        return new SequencePosition(sequenceNumber, 0, 0);
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
        int bySequence = compareDigits(other);
        return bySequence != 0 ? bySequence : Long.compare(subSequence, other.subSequence);
    }

    public boolean isAfter(SequencePosition other) {
        return other == null || compareTo(other) > 0;
    }

    private int compareDigits(SequencePosition other) {
        int length = sequenceNumber.length() - lead;
        int otherLength = other.sequenceNumber.length() - other.lead;
        if (length != otherLength) {
            return Integer.compare(length, otherLength);
        }
        if (lead == 0 && other.lead == 0) {
            // the usual case (Kinesis writes no leading zeros): digits of equal length compare as text, and
            // String.compareTo is an intrinsic; successive sequence numbers share most of their 56 digits
            return Integer.signum(sequenceNumber.compareTo(other.sequenceNumber));
        }
        for (int i = 0; i < length; i++) {
            int c = Character.compare(sequenceNumber.charAt(lead + i), other.sequenceNumber.charAt(other.lead + i));
            if (c != 0) {
                return c;
            }
        }
        return 0;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SequencePosition p && subSequence == p.subSequence && compareDigits(p) == 0;
    }

    @Override
    public int hashCode() {
        int h = 1;
        for (int i = lead; i < sequenceNumber.length(); i++) {
            h = 31 * h + sequenceNumber.charAt(i);
        }
        return 31 * h + Long.hashCode(subSequence);
    }

    @Override
    public String toString() {
        return subSequence == 0 ? sequenceNumber : sequenceNumber + "/" + subSequence;
    }
}
