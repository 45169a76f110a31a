package io.kinesisbatch.camel.checkpoint;

import java.util.Objects;

/**
 * A position in a shard: the record's sequence number plus, for records de-aggregated from one KPL record, its
 * sub-sequence number (0 for plain records).
 * <p>
 * Kinesis sequence numbers are decimal strings of up to 128 bits; they are compared as numbers, never as text
 * ({@code "9" < "10"} numerically, not lexically): by their digits without leading zeros, shorter first, then digit by
 * digit, which is numeric order without parsing (positions are compared for every exchange handed out).
 */
public final class SequencePosition implements Comparable<SequencePosition> {

    private final String sequenceNumber;
    private final String digits; // the sequence number without leading zeros: equal numbers, equal digits
    private final long subSequence;

    private SequencePosition(String sequenceNumber, long subSequence) {
        this.sequenceNumber = Objects.requireNonNull(sequenceNumber, "sequenceNumber");
        this.digits = digits(sequenceNumber);
        if (subSequence < 0) {
            throw new IllegalArgumentException("A sub-sequence number is never negative: " + subSequence);
        }
        this.subSequence = subSequence;
    }

    private static String digits(String sequenceNumber) {
        int length = sequenceNumber.length();
        if (length == 0) {
            throw new IllegalArgumentException("A sequence number is a non-negative decimal number, got an empty one");
        }
        int firstSignificant = -1;
        for (int i = 0; i < length; i++) {
            char c = sequenceNumber.charAt(i);
            if (c < '0' || c > '9') {
                throw new IllegalArgumentException(
                        "A sequence number is a non-negative decimal number, got \"" + sequenceNumber + "\"");
            }
            if (firstSignificant < 0 && c != '0') {
                firstSignificant = i;
            }
        }
        return firstSignificant == 0 ? sequenceNumber
                : firstSignificant < 0 ? "0" : sequenceNumber.substring(firstSignificant);
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
        int bySequence = digits.length() != other.digits.length()
                ? Integer.compare(digits.length(), other.digits.length()) : digits.compareTo(other.digits);
        return bySequence != 0 ? bySequence : Long.compare(subSequence, other.subSequence);
    }

    public boolean isAfter(SequencePosition other) {
        return other == null || compareTo(other) > 0;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SequencePosition p && digits.equals(p.digits) && subSequence == p.subSequence;
    }

    @Override
    public int hashCode() {
        return 31 * digits.hashCode() + Long.hashCode(subSequence);
    }

    @Override
    public String toString() {
        return subSequence == 0 ? sequenceNumber : sequenceNumber + "/" + subSequence;
    }
}
