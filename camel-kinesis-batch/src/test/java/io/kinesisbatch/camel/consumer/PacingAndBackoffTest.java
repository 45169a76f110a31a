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
    void redeliveryDelaysGrowFromOneSecondToThirty() {
        assertThat(Backoff.REDELIVERY.delay(1)).isEqualTo(Duration.ofSeconds(1));
        assertThat(Backoff.REDELIVERY.delay(2)).isEqualTo(Duration.ofSeconds(2));
        assertThat(Backoff.REDELIVERY.delay(5)).isEqualTo(Duration.ofSeconds(16));
        assertThat(Backoff.REDELIVERY.delay(6)).isEqualTo(Duration.ofSeconds(30));
        assertThat(Backoff.REDELIVERY.delay(1000)).isEqualTo(Duration.ofSeconds(30));
    }
}
