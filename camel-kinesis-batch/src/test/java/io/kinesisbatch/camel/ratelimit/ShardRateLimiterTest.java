package io.kinesisbatch.camel.ratelimit;

import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ShardRateLimiterTest {

    private static final long SECOND = TimeUnit.SECONDS.toNanos(1);

    private final FakeNanoClock clock = new FakeNanoClock();

    @Test
    void eachShardHasItsOwnBucket() {
        ShardRateLimiter limiter = new ShardRateLimiter(ShardLimits.ofPercent(50), SECOND, clock);
        assertThat(acquireWhileAllowed(limiter, "a", 100)).isEqualTo(500);
        assertThat(acquireWhileAllowed(limiter, "b", 100)).isEqualTo(500);
        assertThat(limiter.nanosUntilAvailable("a", 100, clock.getAsLong())).isEqualTo(2_000_000);
        assertThat(limiter.nanosUntilAvailable("c", 100, clock.getAsLong())).isZero();
    }

    @Test
    void throttlingSlowsOnlyTheShardThatWasThrottled() {
        ShardRateLimiter limiter = new ShardRateLimiter(ShardLimits.ofPercent(100), SECOND, clock);
        acquireWhileAllowed(limiter, "hot", 100);
        acquireWhileAllowed(limiter, "cold", 100);
        limiter.onReply("hot", 300, 200);
        limiter.onReply("cold", 500, 0);
        clock.advanceMillis(1_000);

        assertThat(acquireWhileAllowed(limiter, "hot", 100)).isEqualTo(850);
        assertThat(acquireWhileAllowed(limiter, "cold", 100)).isEqualTo(1_000);
        assertThat(limiter.snapshot()).extracting(ShardRateLimiter.ShardState::shardId,
                ShardRateLimiter.ShardState::allowance, ShardRateLimiter.ShardState::acceptedEntries,
                ShardRateLimiter.ShardState::throttledEntries)
                .containsExactlyInAnyOrder(org.assertj.core.groups.Tuple.tuple("hot", 0.85, 300L, 200L),
                        org.assertj.core.groups.Tuple.tuple("cold", 1.0, 500L, 0L));
    }

    @Test
    void zeroPercentLimitsNothingAndKeepsNoState() {
        ShardRateLimiter limiter = new ShardRateLimiter(ShardLimits.ofPercent(0), SECOND, clock);
        assertThat(limiter.enabled()).isFalse();
        for (int i = 0; i < 100_000; i++) {
            assertThat(limiter.tryAcquire("a", 1_048_576, clock.getAsLong())).isTrue();
        }
        limiter.onReply("a", 0, 500);
        assertThat(limiter.snapshot()).isEmpty();
    }

    @Test
    void recordsWithoutAPredictedShardAreNeverLimited() {
        ShardRateLimiter limiter = new ShardRateLimiter(ShardLimits.ofPercent(1), SECOND, clock);
        for (int i = 0; i < 10_000; i++) {
            assertThat(limiter.tryAcquire(null, 1_000, clock.getAsLong())).isTrue();
        }
        assertThat(limiter.nanosUntilAvailable(null, 1_000, clock.getAsLong())).isZero();
        assertThat(limiter.snapshot()).isEmpty();
    }

    @Test
    void forgetsClosedShards() {
        ShardRateLimiter limiter = new ShardRateLimiter(ShardLimits.ofPercent(100), SECOND, clock);
        limiter.tryAcquire("parent", 1, clock.getAsLong());
        limiter.tryAcquire("child", 1, clock.getAsLong());
        limiter.retainShards(List.of("child", "other"));
        assertThat(limiter.snapshot()).extracting(ShardRateLimiter.ShardState::shardId).containsExactly("child");
    }

    @Test
    void aBurstOverOneSecondIsRefused() {
        assertThatThrownBy(() -> new ShardRateLimiter(ShardLimits.ofPercent(100), 2 * SECOND, clock))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("burst");
    }

    private int acquireWhileAllowed(ShardRateLimiter limiter, String shard, long bytes) {
        int n = 0;
        while (limiter.tryAcquire(shard, bytes, clock.getAsLong())) {
            n++;
        }
        return n;
    }
}
