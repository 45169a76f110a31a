package io.kinesisbatch.camel.ratelimit;

import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TokenBucketTest {

    private static final long SECOND = TimeUnit.SECONDS.toNanos(1);
    private static final long MILLI = TimeUnit.MILLISECONDS.toNanos(1);

    @Test
    void startsFullWithOneBurstAndThenRefillsAtItsRate() {
        TokenBucket bucket = new TokenBucket(new ShardLimits(1_000, 1_048_576), SECOND, 0);
        int taken = takeWhileAdmitted(bucket, 1, 0);
        assertThat(taken).isEqualTo(1_000);

        assertThat(takeWhileAdmitted(bucket, 1, 100 * MILLI)).isEqualTo(100);
        assertThat(takeWhileAdmitted(bucket, 1, 100 * MILLI + MILLI)).isEqualTo(1);
    }

    @Test
    void neverHoldsMoreThanItsBurst() {
        TokenBucket bucket = new TokenBucket(new ShardLimits(1_000, 1_048_576), 200 * MILLI, 0);
        assertThat(takeWhileAdmitted(bucket, 1, 0)).isEqualTo(200);
        assertThat(takeWhileAdmitted(bucket, 1, 60 * SECOND)).isEqualTo(200);
    }

    @Test
    void theByteLimitBindsForLargeRecords() {
        TokenBucket bucket = new TokenBucket(new ShardLimits(1_000, 1_048_576), SECOND, 0);
        // 10 KiB records: 102 fit in 1 MiB, far below 1,000 records
        assertThat(takeWhileAdmitted(bucket, 10_240, 0)).isEqualTo(102);
        assertThat(bucket.records(0)).isEqualTo(898);
    }

    @Test
    void aTakeLargerThanTheBucketPassesWhenFullAndIsPaidOffBeforeAnythingElse() {
        // 10% of the limit: 104,857.6 bytes per second and a one-second burst, less than a 1 MiB record
        TokenBucket bucket = new TokenBucket(ShardLimits.ofPercent(10), SECOND, 0);
        assertThat(bucket.tryTake(1, 1_048_576, 0)).isTrue();
        assertThat(bucket.bytes(0)).isNegative();
        assertThat(bucket.tryTake(1, 1, 5 * SECOND)).isFalse();
        // the debt was 1 MiB - 102.4 KiB: paid after 9 s, and then one more second for the next 1 MiB record
        assertThat(bucket.nanosUntilAvailable(1, 1_048_576, 5 * SECOND)).isEqualTo(5 * SECOND);
        assertThat(bucket.tryTake(1, 1_048_576, 10 * SECOND - MILLI)).isFalse();
        assertThat(bucket.tryTake(1, 1_048_576, 10 * SECOND + 1_000)).isTrue();
    }

    @Test
    void tellsWhenATakeWillBeAdmitted() {
        TokenBucket bucket = new TokenBucket(new ShardLimits(1_000, 1_048_576), SECOND, 0);
        takeWhileAdmitted(bucket, 1, 0);
        assertThat(bucket.nanosUntilAvailable(1, 1, 0)).isEqualTo(MILLI);
        assertThat(bucket.nanosUntilAvailable(1, 1, MILLI / 2)).isEqualTo(MILLI / 2);
        assertThat(bucket.nanosUntilAvailable(1, 1, MILLI)).isZero();
    }

    @Test
    void aLowerRateAppliesFromNowAndCapsTheTokens() {
        TokenBucket bucket = new TokenBucket(new ShardLimits(1_000, 1_048_576), SECOND, 0);
        takeWhileAdmitted(bucket, 1, 0);
        bucket.setLimits(new ShardLimits(500, 524_288), 0);
        assertThat(takeWhileAdmitted(bucket, 1, SECOND)).isEqualTo(500);
        bucket.setLimits(new ShardLimits(100, 104_857.6), SECOND);
        assertThat(takeWhileAdmitted(bucket, 1, 10 * SECOND)).isEqualTo(100);
    }

    @Test
    void unlimitedAdmitsEverything() {
        TokenBucket bucket = new TokenBucket(ShardLimits.UNLIMITED, SECOND, 0);
        for (int i = 0; i < 100_000; i++) {
            assertThat(bucket.tryTake(500, 5_242_880, 0)).isTrue();
        }
        assertThat(bucket.nanosUntilAvailable(1, 1, 0)).isZero();
    }

    @Test
    void aBurstOverOneSecondIsRefused() {
        assertThatThrownBy(() -> new TokenBucket(ShardLimits.ofPercent(100), SECOND + 1, 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("burst");
        assertThatThrownBy(() -> new TokenBucket(ShardLimits.ofPercent(100), 0, 0))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private static int takeWhileAdmitted(TokenBucket bucket, long bytes, long now) {
        int n = 0;
        while (bucket.tryTake(1, bytes, now)) {
            n++;
        }
        return n;
    }
}
