package io.kinesisbatch.camel.producer;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class CompletionRunnerTest {

    private final ExecutorService pool = Executors.newFixedThreadPool(4, r -> new Thread(r, "routing"));

    @AfterEach
    void stop() {
        pool.shutdownNow();
    }

    @Test
    void everyCompletionRunsOnceOnThePoolNeverOnTheCaller() throws Exception {
        CompletionRunner runner = new CompletionRunner(pool, 4);
        Set<String> threads = ConcurrentHashMap.newKeySet();
        AtomicInteger runs = new AtomicInteger();
        CountDownLatch all = new CountDownLatch(1_000);
        List<Runnable> reply = new ArrayList<>();
        for (int i = 0; i < 1_000; i++) {
            reply.add(() -> {
                threads.add(Thread.currentThread().getName());
                runs.incrementAndGet();
                all.countDown();
            });
        }
        runner.runAll(reply);
        assertThat(all.await(10, TimeUnit.SECONDS)).isTrue();
        Thread.sleep(20);
        assertThat(runs).hasValue(1_000);
        assertThat(threads).containsOnly("routing");
    }

    @Test
    void aSlowCompletionDoesNotHoldUpTheOthersOfTheSameReply() throws Exception {
        CompletionRunner runner = new CompletionRunner(pool, 2);
        CountDownLatch slowMayEnd = new CountDownLatch(1);
        CountDownLatch othersDone = new CountDownLatch(5);
        List<Runnable> reply = new ArrayList<>();
        reply.add(() -> await(slowMayEnd));
        for (int i = 0; i < 5; i++) {
            reply.add(othersDone::countDown);
        }
        runner.runAll(reply);
        assertThat(othersDone.await(10, TimeUnit.SECONDS)).isTrue();
        slowMayEnd.countDown();
    }

    @Test
    void neverMoreThanParallelismAtOnceAndNothingIsLeftBehind() throws Exception {
        CompletionRunner runner = new CompletionRunner(pool, 2);
        AtomicInteger running = new AtomicInteger();
        AtomicInteger most = new AtomicInteger();
        int repliesPerCaller = 200;
        CountDownLatch all = new CountDownLatch(3 * repliesPerCaller * 10);
        Runnable completion = () -> {
            most.accumulateAndGet(running.incrementAndGet(), Math::max);
            Thread.onSpinWait();
            running.decrementAndGet();
            all.countDown();
        };
        // three threads hand replies over concurrently, while workers come and go
        List<Thread> callers = new ArrayList<>();
        for (int c = 0; c < 3; c++) {
            Thread t = new Thread(() -> {
                for (int i = 0; i < repliesPerCaller; i++) {
                    runner.runAll(java.util.Collections.nCopies(10, completion));
                }
            });
            t.start();
            callers.add(t);
        }
        for (Thread t : callers) {
            t.join();
        }
        assertThat(all.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(most.get()).isBetween(1, 2);
        assertThat(runner.queued()).isZero();
    }

    @Test
    void aFailingCompletionDoesNotStopTheOthers() throws Exception {
        CompletionRunner runner = new CompletionRunner(pool, 1);
        CountDownLatch after = new CountDownLatch(2);
        runner.runAll(List.of(after::countDown, () -> {
            throw new IllegalStateException("route failed");
        }, after::countDown));
        assertThat(after.await(10, TimeUnit.SECONDS)).isTrue();
        CountDownLatch later = new CountDownLatch(1);
        runner.runAll(List.of(later::countDown));
        assertThat(later.await(10, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void whenThePoolRefusesWorkTheSafeWrapperRunsItOnTheCaller() {
        pool.shutdown();
        CompletionRunner runner = new CompletionRunner(BatchPipeline.safe(pool), 4);
        AtomicInteger runs = new AtomicInteger();
        runner.runAll(List.of(runs::incrementAndGet, runs::incrementAndGet));
        assertThat(runs).hasValue(2);
        // and the refused worker gave its place back
        runner.runAll(List.of(runs::incrementAndGet));
        assertThat(runs).hasValue(3);
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
