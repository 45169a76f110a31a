package io.kinesisbatch.itest.bench;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CallerWindowTest {

    @Test
    void aFullWindowWaitsForAWholeChunkOfRoomAndThenForAllOfIt() throws Exception {
        AtomicReference<CallerWindow> window = new AtomicReference<>();
        AtomicInteger stage = new AtomicInteger();
        AtomicReference<Throwable> error = new AtomicReference<>();
        CountDownLatch created = new CountDownLatch(1);
        Thread owner = new Thread(() -> {
            try {
                CallerWindow w = new CallerWindow(Thread.currentThread(), 6, 3);
                window.set(w);
                created.countDown();
                w.take(3);
                w.take(3); // the window is full now
                stage.set(1);
                w.take(3);
                stage.set(2);
                w.awaitAll();
                stage.set(3);
            } catch (Throwable e) {
                error.set(e);
            }
        });
        owner.start();
        assertThat(created.await(10, TimeUnit.SECONDS)).isTrue();
        awaitStage(stage, 1);
        awaitWaiting(owner);
        window.get().giveBack(1);
        window.get().giveBack(1);
        awaitWaiting(owner);
        assertThat(stage).as("two of three free: still waiting").hasValue(1);
        window.get().giveBack(1);
        awaitStage(stage, 2);
        awaitWaiting(owner);
        for (int i = 0; i < 5; i++) {
            window.get().giveBack(1);
        }
        awaitWaiting(owner);
        assertThat(stage).as("five of six free: still waiting for all").hasValue(2);
        window.get().giveBack(1);
        owner.join(10_000);
        assertThat(error.get()).isNull();
        assertThat(stage).hasValue(3);
    }

    @Test
    void refusesMoreThanAChunkAtOnceAndWaitsOnlyOnItsOwnersThread() {
        CallerWindow window = new CallerWindow(Thread.currentThread(), 10, 5);
        assertThatThrownBy(() -> window.take(6)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new CallerWindow(Thread.currentThread(), 10, 11))
                .isInstanceOf(IllegalArgumentException.class);
        CallerWindow someoneElses = new CallerWindow(new Thread(() -> {}), 10, 5);
        assertThatThrownBy(() -> someoneElses.take(1)).isInstanceOf(IllegalStateException.class);
    }

    private static void awaitStage(AtomicInteger stage, int expected) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (stage.get() < expected && System.nanoTime() < end) {
            Thread.sleep(1);
        }
        assertThat(stage).hasValue(expected);
    }

    /** Until the owner parks (after a moment in which it could have gone on, were it wrongly woken), or ends. */
    private static void awaitWaiting(Thread owner) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        Thread.sleep(20);
        while (owner.getState() != Thread.State.WAITING && owner.isAlive() && System.nanoTime() < end) {
            Thread.sleep(1);
        }
    }
}
