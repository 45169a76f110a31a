package io.kinesisbatch.camel.ratelimit;

import java.util.concurrent.TimeUnit;

/**
 * The share of its shard limit a producer currently allows itself on one shard, adjusted by what the shard answers:
 * additive increase, multiplicative decrease (AIMD). Pure: time is passed in (monotonic nanos). Not thread-safe: one
 * owner (see {@link ShardRateLimiter}).
 * <p>
 * <b>The rule.</b> The allowance is a fraction {@code a} of the configured limit, {@link #MIN_FRACTION} &lt;= a &lt;= 1,
 * starting at 1.
 * <ul>
 * <li><b>Decrease:</b> a reply in which entries of this shard came back throttled multiplies {@code a} by
 * {@link #DECREASE_FACTOR}, at most once per {@link #DECREASE_HOLD_NANOS} (one second, the window Kinesis counts its
 * limits in). Calls sent before a decrease still come back throttled after it; without the hold one overload would be
 * punished once per reply (several times per second), collapsing the allowance far below the shard's capacity.</li>
 * <li><b>Increase:</b> a reply with entries of this shard accepted and none throttled adds
 * {@link #INCREASE_PER_SECOND} of the limit <i>per second elapsed</i> since the previous reply for this shard (at most
 * one second's worth per reply), up to the limit. The increase is by time, not by reply or by record, so every
 * producer on a shard grows by the same amount per second whatever its call rate or batch size.</li>
 * </ul>
 * <b>Why several producers sharing a shard converge to their fair share.</b> When their sum passes the shard's
 * capacity the shard throttles entries of each of them within the same second, so they all decrease together. An
 * additive increase leaves the difference between two producers' allowances unchanged; a multiplicative decrease
 * multiplies it by {@link #DECREASE_FACTOR}. So every overload shrinks the difference by 15% while the sum keeps
 * returning to the capacity: the allowances approach capacity / n each, with a small saw-tooth (between 0.85 and 1.0
 * of the fair share, a cycle of about {@code 0.15 / (n * 0.02)} seconds) instead of one producer starving the other
 * or both swinging between all and nothing (Chiu and Jain's result for AIMD with shared feedback). A decrease uses
 * the allowance, not what was sent; a producer that sends less than its allowance therefore loses nothing it uses.
 * <p>
 * <b>The constants.</b> The use of a shard saturated by AIMD producers averages the middle of the saw-tooth, about
 * {@code (1 + 0.85) / 2}, 92% of its capacity. Each overload throttles what the producers send past the capacity in
 * the second it happens, up to their joint increase of one second ({@code n * 0.02} of the capacity), once per cycle
 * of {@code 0.15 / (n * 0.02)} seconds: about {@code (n * 0.02)^2 / 0.3} of the entries, 0.5% for two producers and
 * 1.2% for three. A larger increase converges faster but throttles more (with 0.05 two producers would lose 2.5%); a
 * decrease factor nearer 1 uses more of the shard but converges more slowly. A lone producer at
 * {@code shardRateLimit=100} is throttled only when its own timing pushes a second past the limit, and otherwise stays
 * at 100%.
 */
public final class AimdAllowance {

    /** What a throttled reply multiplies the allowance by. */
    public static final double DECREASE_FACTOR = 0.85;
    /** What each second of accepted sending adds to the allowance, as a fraction of the limit. */
    public static final double INCREASE_PER_SECOND = 0.02;
    /** The allowance never goes below this fraction of the limit (10 records/s at the Kinesis limit). */
    public static final double MIN_FRACTION = 0.01;
    /** At most one decrease per this long. */
    public static final long DECREASE_HOLD_NANOS = TimeUnit.SECONDS.toNanos(1);

    private static final double NANOS_PER_SECOND = 1e9;

    private double fraction = 1.0;
    private long lastDecrease;
    private boolean decreased;
    private long lastReply;
    private boolean replied;

    /**
     * Takes one reply's outcome for this shard.
     *
     * @param accepted  entries of this shard the reply accepted
     * @param throttled entries of this shard the reply failed with ProvisionedThroughputExceededException
     * @return true when the allowance changed
     */
    public boolean onReply(int accepted, int throttled, long nowNanos) {
        if (accepted < 0 || throttled < 0) {
            throw new IllegalArgumentException("Entry counts cannot be negative: " + accepted + " accepted, "
                                               + throttled + " throttled");
        }
        double before = fraction;
        long sinceLastReply = replied ? nowNanos - lastReply : 0;
        replied = true;
        lastReply = nowNanos;
        if (throttled > 0) {
            if (!decreased || nowNanos - lastDecrease >= DECREASE_HOLD_NANOS) {
                fraction = Math.max(MIN_FRACTION, fraction * DECREASE_FACTOR);
                decreased = true;
                lastDecrease = nowNanos;
            }
        } else if (accepted > 0) {
            double seconds = Math.min(NANOS_PER_SECOND, Math.max(0, sinceLastReply)) / NANOS_PER_SECOND;
            fraction = Math.min(1.0, fraction + INCREASE_PER_SECOND * seconds);
        }
        return fraction != before;
    }

    /** The allowance as a fraction of the limit. */
    public double fraction() {
        return fraction;
    }
}
