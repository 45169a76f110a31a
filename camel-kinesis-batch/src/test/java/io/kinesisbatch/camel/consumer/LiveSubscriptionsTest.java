package io.kinesisbatch.camel.consumer;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.Test;
import org.reactivestreams.Subscription;
import software.amazon.awssdk.services.kinesis.model.SubscribeToShardEvent;
import software.amazon.awssdk.services.kinesis.model.SubscribeToShardEventStream;
import software.amazon.awssdk.services.kinesis.model.SubscribeToShardRequest;

import static io.kinesisbatch.camel.consumer.ScriptedSubscriptions.Script;
import static io.kinesisbatch.camel.consumer.ScriptedSubscriptions.event;
import static org.assertj.core.api.Assertions.assertThat;

/** The consumer's register of open subscriptions, over the scripted publisher, without lanes. */
class LiveSubscriptionsTest {

    private final ScriptedSubscriptions publisher = new ScriptedSubscriptions();
    private final LiveSubscriptions live = new LiveSubscriptions(publisher);
    private final SubscribeToShardRequest request = SubscribeToShardRequest.builder().shardId("s").build();

    /** What a lane is told. */
    private static final class Told implements ShardSubscriptions.Listener {
        final List<Subscription> opened = new CopyOnWriteArrayList<>();
        final List<SubscribeToShardEvent> events = new CopyOnWriteArrayList<>();
        final List<Throwable> ended = new CopyOnWriteArrayList<>();

        @Override
        public void opened(Subscription subscription) {
            opened.add(subscription);
        }

        @Override
        public void event(SubscribeToShardEvent event) {
            events.add(event);
        }

        @Override
        public void unknownEvent(SubscribeToShardEventStream event) {}

        @Override
        public void ended(Throwable error) {
            ended.add(error);
        }
    }

    @Test
    void passesEverythingThroughUntilClosedAndForgetsWhatEnded() {
        publisher.scripts.add(Script.open(event(0, 2, "1001")).thenComplete());
        Told lane = new Told();
        live.subscribe(request, lane);
        assertThat(live.size()).isEqualTo(1);

        lane.opened.get(0).request(1);
        assertThat(lane.events).hasSize(1);
        assertThat(lane.ended).containsExactly((Throwable) null);
        assertThat(live.size()).as("ended: nothing left to cancel").isZero();
        live.close();
        assertThat(publisher.last().cancels).hasValue(0);
    }

    @Test
    void closingCancelsWhatIsOpenOnceAndWhatOpensLaterAsItOpens() {
        publisher.scripts.add(Script.open());
        publisher.scripts.add(Script.deferred());
        Told streaming = new Told();
        Told subscribing = new Told();
        live.subscribe(request, streaming);
        live.subscribe(request, subscribing);

        live.close();
        streaming.opened.get(0).cancel(); // the lane cancels too: still once
        assertThat(publisher.opened.get(0).cancels).hasValue(1);
        publisher.openDeferred();
        assertThat(publisher.opened.get(1).cancels).hasValue(1);
        assertThat(subscribing.opened).as("its lane never hears of it").isEmpty();
        assertThat(live.size()).isZero();

        live.subscribe(request, new Told());
        assertThat(publisher.requests).as("nothing subscribed once closed").hasSize(2);
    }

    @Test
    void aLanesCancelGoesThroughOnceHoweverOftenItIsAsked() {
        Told lane = new Told();
        live.subscribe(request, lane);
        Subscription given = lane.opened.get(0);
        given.cancel();
        given.cancel();
        live.close();
        assertThat(publisher.last().cancels).hasValue(1);
        assertThat(live.size()).isZero();
    }
}
