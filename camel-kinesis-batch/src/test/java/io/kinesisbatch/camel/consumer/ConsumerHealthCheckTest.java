package io.kinesisbatch.camel.consumer;

import java.time.Instant;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ConsumerHealthCheckTest {

    private static ShardSnapshot shard(Instant lastPoll, String error) {
        return new ShardSnapshot("shard-1", ShardWorker.State.PROCESSING, 0, lastPoll, "5", 3, error);
    }

    @Test
    void aShardIsFailingOnlyWhenItsErrorsOutlastAMinuteWithoutSuccess() {
        Instant now = Instant.now();
        assertThat(ConsumerHealthCheck.failing(shard(now.minusSeconds(600), null), now)).isFalse();
        assertThat(ConsumerHealthCheck.failing(shard(now.minusSeconds(10), "Throttled"), now)).isFalse();
        assertThat(ConsumerHealthCheck.failing(shard(now.minusSeconds(61), "Throttled"), now)).isTrue();
        assertThat(ConsumerHealthCheck.failing(shard(null, "ResourceNotFound"), now)).isTrue();
    }
}
