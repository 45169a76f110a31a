package io.kinesisbatch.camel.ratelimit;

import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class AimdAllowanceTest {

    private static final long SECOND = TimeUnit.SECONDS.toNanos(1);
    private static final long MILLI = TimeUnit.MILLISECONDS.toNanos(1);

    @Test
    void startsAtTheLimitAndThrottlingShrinksItMultiplicatively() {
        AimdAllowance allowance = new AimdAllowance();
        assertThat(allowance.fraction()).isEqualTo(1.0);
        assertThat(allowance.onReply(400, 100, 0)).isTrue();
        assertThat(allowance.fraction()).isEqualTo(0.85);
        assertThat(allowance.onReply(0, 500, 2 * SECOND)).isTrue();
        assertThat(allowance.fraction()).isCloseTo(0.85 * 0.85, within(1e-12));
    }

    @Test
    void decreasesAtMostOncePerSecondSoOneOverloadIsPunishedOnce() {
        AimdAllowance allowance = new AimdAllowance();
        allowance.onReply(0, 500, 0);
        for (int i = 1; i < 100; i++) {
            assertThat(allowance.onReply(0, 500, i * 10 * MILLI)).isFalse();
        }
        assertThat(allowance.fraction()).isEqualTo(0.85);
        assertThat(allowance.onReply(0, 500, SECOND)).isTrue();
    }

    @Test
    void acceptedSendsGrowItByTimeNotByReply() {
        AimdAllowance fewCalls = new AimdAllowance();
        AimdAllowance manyCalls = new AimdAllowance();
        fewCalls.onReply(0, 1, 0);
        manyCalls.onReply(0, 1, 0);
        for (int ms = 0; ms <= 5_000; ms += 10) {
            manyCalls.onReply(1, 0, ms * MILLI);
            if (ms % 500 == 0) {
                fewCalls.onReply(500, 0, ms * MILLI);
            }
        }
        // five seconds at 0.02 of the limit per second
        assertThat(fewCalls.fraction()).isCloseTo(0.85 + 0.10, within(1e-9));
        assertThat(manyCalls.fraction()).isCloseTo(0.85 + 0.10, within(1e-9));
    }

    @Test
    void growsBackToTheLimitAndNoFurther() {
        AimdAllowance allowance = new AimdAllowance();
        allowance.onReply(0, 1, 0);
        for (int s = 1; s <= 60; s++) {
            allowance.onReply(10, 0, s * SECOND);
        }
        assertThat(allowance.fraction()).isEqualTo(1.0);
    }

    @Test
    void aLongSilenceEarnsAtMostOneSecondOfGrowth() {
        AimdAllowance allowance = new AimdAllowance();
        allowance.onReply(0, 1, 0);
        allowance.onReply(1, 0, 3_600 * SECOND);
        assertThat(allowance.fraction()).isCloseTo(0.87, within(1e-9));
    }

    @Test
    void neverFallsBelowTheFloor() {
        AimdAllowance allowance = new AimdAllowance();
        for (int s = 0; s < 100; s++) {
            allowance.onReply(0, 1, s * SECOND);
        }
        assertThat(allowance.fraction()).isEqualTo(AimdAllowance.MIN_FRACTION);
    }

    @Test
    void aReplyWithNothingOfThisShardChangesNothingAndNegativeCountsAreRefused() {
        AimdAllowance allowance = new AimdAllowance();
        allowance.onReply(0, 1, 0);
        assertThat(allowance.onReply(0, 0, SECOND)).isFalse();
        assertThatThrownBy(() -> allowance.onReply(-1, 0, SECOND)).isInstanceOf(IllegalArgumentException.class);
    }
}
