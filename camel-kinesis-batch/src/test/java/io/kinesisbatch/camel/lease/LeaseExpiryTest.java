package io.kinesisbatch.camel.lease;

import java.time.Duration;
import java.util.Set;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class LeaseExpiryTest {

    private static final long SECOND = 1_000_000_000L;
    private final LeaseExpiry expiry = new LeaseExpiry(Duration.ofSeconds(30));

    @Test
    void aLeaseExpiresWhenItsCounterStandsStillForALeaseDurationOnMyClock() {
        assertThat(expiry.observe("s", "b", 5, 0)).isFalse();
        assertThat(expiry.observe("s", "b", 5, 29 * SECOND)).isFalse();
        assertThat(expiry.observe("s", "b", 5, 30 * SECOND)).isTrue();
    }

    @Test
    void aMovingCounterOrANewOwnerRestartsTheWait() {
        expiry.observe("s", "b", 5, 0);
        assertThat(expiry.observe("s", "b", 6, 25 * SECOND)).isFalse();
        assertThat(expiry.observe("s", "b", 6, 50 * SECOND)).isFalse();
        assertThat(expiry.observe("s", "c", 6, 54 * SECOND)).isFalse();
        assertThat(expiry.observe("s", "c", 6, 84 * SECOND)).isTrue();
    }

    @Test
    void aNewObserverWaitsAFullDurationWhateverTheRowsAge() {
        // the first sighting starts the clock: no clock synchronisation with the row's writer is needed
        assertThat(expiry.observe("s", "b", 1, 1000 * SECOND)).isFalse();
        assertThat(expiry.observe("s", "b", 1, 1029 * SECOND)).isFalse();
    }

    @Test
    void freeLeasesNeverExpireAndForgottenShardsStartOver() {
        expiry.observe("free", null, 3, 0);
        assertThat(expiry.observe("free", null, 3, 100 * SECOND)).isFalse();
        expiry.observe("s", "b", 1, 0);
        expiry.retainOnly(Set.of("free"));
        assertThat(expiry.observe("s", "b", 1, 100 * SECOND)).isFalse();
    }
}
