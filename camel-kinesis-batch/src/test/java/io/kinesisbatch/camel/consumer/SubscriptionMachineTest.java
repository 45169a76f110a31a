package io.kinesisbatch.camel.consumer;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.kinesis.model.ShardIteratorType;
import software.amazon.awssdk.services.kinesis.model.StartingPosition;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The subscription state machine alone: times passed in, no I/O. */
class SubscriptionMachineTest {

    private static final long SECOND = Duration.ofSeconds(1).toNanos();
    private static final StartingPosition TRIM = StartingPosition.builder()
            .type(ShardIteratorType.TRIM_HORIZON).build();

    @Test
    void theFirstSubscriptionGoesAtOnceAndTheNextNoSoonerThanASecondLater() {
        SubscriptionMachine m = new SubscriptionMachine(TRIM);
        assertThat(m.subscribeDelay(5 * SECOND)).isZero();
        int id = m.subscribe(5 * SECOND, Instant.now());
        assertThat(m.state()).isEqualTo(SubscriptionMachine.State.SUBSCRIBING);
        assertThat(m.position()).isEqualTo(TRIM);
        assertThat(m.opened(id)).isTrue();
        m.ended(id, 5 * SECOND + 100, 0); // ended normally at once
        assertThat(m.state()).isEqualTo(SubscriptionMachine.State.IDLE);
        assertThat(m.subscribeDelay(5 * SECOND + 100)).isEqualTo(SECOND - 100);
        assertThat(m.subscribeDelay(6 * SECOND)).isZero();
    }

    @Test
    void anErrorWaitsForItsBackoffWhenThatIsLongerThanTheSpacing() {
        SubscriptionMachine m = new SubscriptionMachine(TRIM);
        int id = m.subscribe(0, Instant.now());
        m.ended(id, 10, 3 * SECOND); // ResourceInUse before it opened
        assertThat(m.subscribeDelay(10)).isEqualTo(3 * SECOND);
        assertThat(m.position()).as("nothing read: the same start again").isEqualTo(TRIM);
    }

    @Test
    void aResubscriptionStartsAfterTheLastContinuationSequenceNumber() {
        SubscriptionMachine m = new SubscriptionMachine(TRIM);
        int id = m.subscribe(0, Instant.now());
        m.opened(id);
        assertThat(m.request()).isTrue();
        assertThat(m.request()).as("one event at a time").isFalse();
        assertThat(m.event(id, "1004")).isTrue();
        assertThat(m.requested()).isFalse();
        m.ended(id, SECOND, 0);
        int next = m.subscribe(2 * SECOND, Instant.now());
        assertThat(next).isNotEqualTo(id);
        assertThat(m.position().type()).isEqualTo(ShardIteratorType.AFTER_SEQUENCE_NUMBER);
        assertThat(m.position().sequenceNumber()).isEqualTo("1004");
    }

    @Test
    void anUnknownEventAnswersTheRequestAndKeepsTheContinuationUnlessStale() {
        SubscriptionMachine m = new SubscriptionMachine(TRIM);
        int id = m.subscribe(0, Instant.now());
        m.opened(id);
        m.request();
        assertThat(m.unknownEvent(id)).as("before any continuation, too").isTrue();
        assertThat(m.state()).isEqualTo(SubscriptionMachine.State.STREAMING);
        assertThat(m.request()).as("the next may be asked for").isTrue();
        m.event(id, "1004");
        m.request();
        assertThat(m.unknownEvent(id)).isTrue();
        assertThat(m.continuation()).isEqualTo("1004");
        assertThat(m.unknownEvent(id + 1)).as("another attempt's").isFalse();
        m.cancel();
        assertThat(m.unknownEvent(id)).as("after a cancel").isFalse();
    }

    @Test
    void aLatestStartResubscribedBeforeAnyEventBecomesAtTimestampOfTheFirstSubscription() {
        SubscriptionMachine m = new SubscriptionMachine(StartingPosition.builder().type(ShardIteratorType.LATEST)
                .build());
        Instant first = Instant.parse("2026-12-03T10:00:00Z");
        int id = m.subscribe(0, first);
        assertThat(m.position().type()).isEqualTo(ShardIteratorType.LATEST);
        m.ended(id, 0, SECOND);
        m.subscribe(2 * SECOND, first.plusSeconds(2));
        assertThat(m.position().type()).isEqualTo(ShardIteratorType.AT_TIMESTAMP);
        assertThat(m.position().timestamp()).isEqualTo(first);
    }

    @Test
    void aNullContinuationEndsTheShardAndTheEndOfThatSubscriptionChangesNothing() {
        SubscriptionMachine m = new SubscriptionMachine(TRIM);
        int id = m.subscribe(0, Instant.now());
        m.opened(id);
        m.request();
        assertThat(m.event(id, null)).isTrue();
        assertThat(m.state()).isEqualTo(SubscriptionMachine.State.ENDED);
        assertThat(m.isCurrent(id)).isFalse();
        m.ended(id, 0, 0);
        assertThat(m.state()).isEqualTo(SubscriptionMachine.State.ENDED);
        assertThat(m.request()).isFalse();
    }

    @Test
    void answersOfAnEarlierOrCancelledSubscriptionAreStale() {
        SubscriptionMachine m = new SubscriptionMachine(TRIM);
        int first = m.subscribe(0, Instant.now());
        m.ended(first, 0, 0);
        int second = m.subscribe(SECOND, Instant.now());
        assertThat(m.opened(first)).isFalse();
        assertThat(m.event(first, "9")).isFalse();
        assertThat(m.opened(second)).isTrue();
        assertThat(m.cancel()).as("an open stream must be cancelled").isTrue();
        assertThat(m.state()).isEqualTo(SubscriptionMachine.State.CANCELLED);
        assertThat(m.event(second, "10")).isFalse();
        assertThat(m.cancel()).as("nothing open any more").isFalse();
        assertThatThrownBy(() -> m.subscribe(2 * SECOND, Instant.now())).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void nothingIsRequestedBeforeTheStreamOpened() {
        SubscriptionMachine m = new SubscriptionMachine(TRIM);
        assertThat(m.request()).isFalse();
        int id = m.subscribe(0, Instant.now());
        assertThat(m.request()).isFalse();
        m.opened(id);
        assertThat(m.request()).isTrue();
    }
}
