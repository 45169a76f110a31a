package io.kinesisbatch.camel.producer;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static io.kinesisbatch.camel.Polling.await;
import static org.assertj.core.api.Assertions.assertThat;

class RetryTimerTest {

    private final ScheduledThreadPoolExecutor scheduler = new ScheduledThreadPoolExecutor(1);

    @AfterEach
    void stop() {
        scheduler.shutdownNow();
    }

    private static List<BufferedRecord> group(int id) {
        return List
                .of(new BufferedRecord(new RecordDraft(new byte[]{ (byte) id }, "k" + id, null), NoListener.INSTANCE));
    }

    @Test
    void thousandsOfWaitingGroupsKeepOneScheduledTaskAndComeBackEarliestFirst() throws Exception {
        scheduler.setRemoveOnCancelPolicy(true);
        List<List<BufferedRecord>> givenBack = Collections.synchronizedList(new ArrayList<>());
        AtomicInteger pumps = new AtomicInteger();
        RetryTimer timer = new RetryTimer(scheduler, System::nanoTime, givenBack::add, pumps::incrementAndGet);
        Random random = new Random(7);
        int groups = 3000; // more than Camel's default scheduler queue (1000) once held, one task per group
        for (int i = 0; i < groups; i++) {
            timer.later(group(i), 200 + random.nextInt(300));
            assertThat(scheduler.getQueue()).hasSizeLessThanOrEqualTo(1);
        }
        assertThat(timer.waiting()).isEqualTo(groups);
        await("every group given back").until(() -> givenBack.size() == groups);
        assertThat(timer.waiting()).isZero();
        assertThat(pumps.get()).isPositive().isLessThanOrEqualTo(groups);
    }

    @Test
    void dueGroupsAreGivenBackLatestFirstSoTheEarliestEndsAtTheHead() throws Exception {
        long[] now = { 0 };
        List<List<BufferedRecord>> givenBack = new ArrayList<>();
        RetryTimer timer = new RetryTimer(scheduler, () -> now[0], givenBack::add, () -> {});
        List<BufferedRecord> first = group(1);
        List<BufferedRecord> second = group(2);
        timer.later(second, 20);
        timer.later(first, 10);
        now[0] = TimeUnit.MILLISECONDS.toNanos(30); // both due when the task runs
        await("both given back").until(() -> givenBack.size() == 2);
        assertThat(givenBack).containsExactly(second, first);
    }

    @Test
    void aShutDownSchedulerFailsNothing() {
        scheduler.shutdownNow();
        RetryTimer timer = new RetryTimer(scheduler, System::nanoTime, g -> {}, () -> {});
        timer.later(group(1), 10); // no exception: the closed pipeline has failed what waits
        assertThat(timer.waiting()).isEqualTo(1);
    }
}
