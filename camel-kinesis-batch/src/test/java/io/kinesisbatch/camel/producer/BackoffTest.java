package io.kinesisbatch.camel.producer;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BackoffTest {

    private static final double ALMOST_ONE = Math.nextDown(1.0);

    @Test
    void constantIsAlwaysTheInitialDelay() {
        Backoff b = new Backoff(Backoff.Strategy.CONSTANT, 100, 5000, () -> 0.5);
        assertThat(b.delayMillis(1)).isEqualTo(100);
        assertThat(b.delayMillis(50)).isEqualTo(100);
    }

    @Test
    void linearGrowsByTheInitialDelayUpToTheMaximum() {
        Backoff b = new Backoff(Backoff.Strategy.LINEAR, 100, 450, () -> 0.5);
        assertThat(b.delayMillis(1)).isEqualTo(100);
        assertThat(b.delayMillis(2)).isEqualTo(200);
        assertThat(b.delayMillis(4)).isEqualTo(400);
        assertThat(b.delayMillis(5)).isEqualTo(450);
        assertThat(b.delayMillis(Integer.MAX_VALUE)).isEqualTo(450);
    }

    @Test
    void exponentialCeilingDoublesAndIsCapped() {
        Backoff top = new Backoff(Backoff.Strategy.EXPONENTIAL, 100, 5000, () -> ALMOST_ONE);
        assertThat(top.delayMillis(1)).isEqualTo(100);
        assertThat(top.delayMillis(2)).isEqualTo(200);
        assertThat(top.delayMillis(3)).isEqualTo(400);
        assertThat(top.delayMillis(6)).isEqualTo(3200);
        assertThat(top.delayMillis(7)).isEqualTo(5000);
        assertThat(top.delayMillis(1000)).isEqualTo(5000);
    }

    @Test
    void exponentialIsFullJitterFromZeroToTheCeiling() {
        assertThat(new Backoff(Backoff.Strategy.EXPONENTIAL, 100, 5000, () -> 0.0).delayMillis(5)).isZero();
        assertThat(new Backoff(Backoff.Strategy.EXPONENTIAL, 100, 5000, () -> 0.5).delayMillis(3)).isEqualTo(200);
    }

    @Test
    void rejectsBadBoundsAndNames() {
        assertThatThrownBy(() -> new Backoff(Backoff.Strategy.LINEAR, 500, 100, () -> 0))
                .hasMessageContaining("retryInitialDelay");
        assertThatThrownBy(() -> Backoff.Strategy.of("fibonacci")).hasMessageContaining("fibonacci");
        assertThat(Backoff.Strategy.of("Linear")).isEqualTo(Backoff.Strategy.LINEAR);
        assertThatThrownBy(() -> new Backoff(Backoff.Strategy.LINEAR, 1, 2, () -> 0).delayMillis(0))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
