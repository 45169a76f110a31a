package io.kinesisbatch.camel.consumer;

import java.time.Instant;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ConsumerHealthCheckTest {

    private static ShardSnapshot shard(Instant lastPoll, String error, Instant failingSince) {
        return new ShardSnapshot("shard-1", "READING", 0, lastPoll, "5", 3, error, failingSince, Instant.now(), null,
                null, 0);
    }

    @Test
    void aShardIsFailingOnlyWhenItsErrorsOutlastAMinuteWithoutSuccess() {
        Instant now = Instant.now();
        assertThat(ConsumerHealthCheck.failing(shard(now.minusSeconds(600), null, null), now)).isFalse();
        assertThat(ConsumerHealthCheck.failing(shard(now.minusSeconds(600), "Throttled", now.minusSeconds(10)), now))
                .isFalse();
        assertThat(ConsumerHealthCheck.failing(shard(now.minusSeconds(600), "Throttled", now.minusSeconds(61)), now))
                .isTrue();
    }

    @Test
    void aShardThatNeverPolledGetsTheSameGraceBeforeItIsDown() {
        Instant now = Instant.now();
        assertThat(ConsumerHealthCheck.failing(shard(null, "ResourceNotFound", now.minusSeconds(5)), now)).isFalse();
        assertThat(ConsumerHealthCheck.failing(shard(null, "ResourceNotFound", now.minusSeconds(61)), now)).isTrue();
    }

    @Test
    void aShardRedeliveringOneExchangeForLongerThanTheThresholdIsStuck() {
        Instant now = Instant.now();
        ShardSnapshot recent = new ShardSnapshot("shard-1", "READING", 0, now, "5", 3, null, null, now, "1006",
                now.minusSeconds(30), 0);
        ShardSnapshot stuck = new ShardSnapshot("shard-1", "READING", 0, now, "5", 3, null, null, now, "1006",
                now.minus(ConsumerHealthCheck.STUCK_FOR).minusSeconds(1), 0);
        assertThat(ConsumerHealthCheck.stuck(recent, now)).isFalse();
        assertThat(ConsumerHealthCheck.stuck(stuck, now)).isTrue();
    }
}
