package io.kinesisbatch.camel.ratelimit;

/**
 * What one producer allows itself to write to one shard per second: records and bytes (data plus partition key, as
 * Kinesis counts them). Immutable. {@link #UNLIMITED} has no limit on either.
 */
public record ShardLimits(double recordsPerSecond, double bytesPerSecond) {

    /** Kinesis' write limit of one shard: records per second. */
    public static final int KINESIS_RECORDS_PER_SECOND = 1_000;
    /** Kinesis' write limit of one shard: bytes (data plus partition key) per second. */
    public static final long KINESIS_BYTES_PER_SECOND = 1_048_576;

    /** No limit: what {@code shardRateLimit=0} means. */
    public static final ShardLimits UNLIMITED = new ShardLimits(Double.POSITIVE_INFINITY, Double.POSITIVE_INFINITY);

    public ShardLimits {
        if (!(recordsPerSecond > 0) || !(bytesPerSecond > 0)) {
            throw new IllegalArgumentException("Shard limits must be above zero, not " + recordsPerSecond
                                               + " records/s and " + bytesPerSecond + " bytes/s");
        }
    }

    /**
     * The limits {@code shardRateLimit} stands for: that percent of Kinesis' 1,000 records/s and 1 MiB/s; 0 is
     * {@link #UNLIMITED}.
     *
     * @throws IllegalArgumentException naming the option when the percent is not 0 to 100
     */
    public static ShardLimits ofPercent(int shardRateLimit) {
        if (shardRateLimit < 0 || shardRateLimit > 100) {
            throw new IllegalArgumentException("shardRateLimit is a percent of a shard's write limit from 0 (no limit)"
                                               + " to 100, not " + shardRateLimit);
        }
        if (shardRateLimit == 0) {
            return UNLIMITED;
        }
        return new ShardLimits(KINESIS_RECORDS_PER_SECOND * shardRateLimit / 100.0,
                KINESIS_BYTES_PER_SECOND * shardRateLimit / 100.0);
    }

    public boolean unlimited() {
        return Double.isInfinite(recordsPerSecond) && Double.isInfinite(bytesPerSecond);
    }

    /** Both limits times {@code fraction} (0 &lt; fraction &lt;= 1); unlimited stays unlimited. */
    public ShardLimits times(double fraction) {
        if (!(fraction > 0) || fraction > 1) {
            throw new IllegalArgumentException("A share of the shard limits lies in (0, 1], not " + fraction);
        }
        return unlimited() ? this : new ShardLimits(recordsPerSecond * fraction, bytesPerSecond * fraction);
    }
}
