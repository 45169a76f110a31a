package io.kinesisbatch.camel.consumer;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class LaneExecutorTest {

    private final ScheduledExecutorService pool = Executors.newScheduledThreadPool(4);

    @AfterEach
    void shutdown() {
        pool.shutdownNow();
    }

    @Test
    void eventsPostedFromManyThreadsRunOneAtATimeInTheOrderEachThreadPostedThem() throws Exception {
        List<Throwable> failures = new CopyOnWriteArrayList<>();
        LaneExecutor loop = new LaneExecutor(pool, failures::add);
        AtomicInteger running = new AtomicInteger();
        AtomicInteger overlaps = new AtomicInteger();
        int[] lastSeen = new int[4];
        List<String> outOfOrder = new CopyOnWriteArrayList<>();
        int perThread = 5_000;
        CountDownLatch done = new CountDownLatch(4 * perThread);
        Thread[] posters = new Thread[4];
        for (int t = 0; t < 4; t++) {
            int poster = t;
            posters[t] = new Thread(() -> {
                for (int i = 1; i <= perThread; i++) {
                    int n = i;
                    loop.post(() -> {
                        if (running.incrementAndGet() > 1) {
                            overlaps.incrementAndGet();
                        }
                        if (lastSeen[poster] != n - 1) { // plain field: the loop's own confinement is what is tested
                            outOfOrder.add(poster + ":" + n);
                        }
                        lastSeen[poster] = n;
                        running.decrementAndGet();
                        done.countDown();
                    });
                }
            });
            posters[t].start();
        }
        assertThat(done.await(20, TimeUnit.SECONDS)).isTrue();
        assertThat(overlaps.get()).isZero();
        assertThat(outOfOrder).isEmpty();
        assertThat(failures).isEmpty();
    }

    @Test
    void anEventThatThrowsGoesToTheFailureHandlerAndTheLoopGoesOn() throws Exception {
        List<Throwable> failures = new CopyOnWriteArrayList<>();
        LaneExecutor loop = new LaneExecutor(pool, failures::add);
        CountDownLatch after = new CountDownLatch(1);
        loop.post(() -> {
            throw new AssertionError("boom");
        });
        loop.post(after::countDown);
        assertThat(after.await(5, TimeUnit.SECONDS)).isTrue();
        assertThat(failures).hasSize(1).first().isInstanceOf(AssertionError.class);
    }
}
