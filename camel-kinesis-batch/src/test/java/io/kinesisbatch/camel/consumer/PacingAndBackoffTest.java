package io.kinesisbatch.camel.consumer;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class PacingAndBackoffTest {

    private static final long MS = 1_000_000L;

    @Test
    void callsOfOneShardAreAtLeast200MsApartAndWaitPollDelayWhenCaughtUp() {
        PollPacer pacer = new PollPacer(Duration.ofSeconds(1), ConsumerSettings.MIN_CALL_SPACING);
        assertThat(pacer.delayNanos(0, false)).isZero();
        pacer.called(0);
        assertThat(pacer.delayNanos(50 * MS, false)).isEqualTo(150 * MS);
        assertThat(pacer.delayNanos(500 * MS, false)).isZero();
        assertThat(pacer.delayNanos(50 * MS, true)).isEqualTo(1000 * MS);
    }

    @Test
    void aZeroPollDelayStillKeepsTheSpacing() {
        PollPacer pacer = new PollPacer(Duration.ZERO, ConsumerSettings.MIN_CALL_SPACING);
        pacer.called(1000 * MS);
        assertThat(pacer.delayNanos(1000 * MS, true)).isEqualTo(200 * MS);
    }

    @Test
    void redeliveryDelaysAreTheProducersBackoffWithFullJitterFromOneSecondToThirty() {
        for (int attempt = 1; attempt <= 40; attempt++) {
            long ceiling = Math.min(30_000, 1_000L << Math.min(attempt - 1, 20));
            assertThat(ShardHealth.REDELIVERY.delayMillis(attempt)).isBetween(0L, ceiling);
        }
    }
}
