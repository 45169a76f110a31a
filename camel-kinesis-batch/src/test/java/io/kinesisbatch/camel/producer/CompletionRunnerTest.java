package io.kinesisbatch.camel.producer;

import io.kinesisbatch.camel.Polling;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class CompletionRunnerTest {

    private final AtomicInteger threadNumber = new AtomicInteger();
    private final ExecutorService pool = Executors.newFixedThreadPool(4,
            r -> new Thread(r, "routing-" + threadNumber.incrementAndGet()));
    private final ScheduledExecutorService watchdog = Executors.newSingleThreadScheduledExecutor();

    @AfterEach
    void stop() {
        pool.shutdownNow();
        watchdog.shutdownNow();
    }

    private CompletionRunner runner(Executor executor, int parallelism, long helpAfterMillis) {
        return new CompletionRunner(executor, parallelism, watchdog, helpAfterMillis, TimeUnit.MILLISECONDS,
                System::nanoTime);
    }

    @Test
    void everyCompletionRunsOnceOnThePoolNeverOnTheCaller() throws Exception {
        CompletionRunner runner = runner(pool, 4, 2);
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
        assertThat(threads).allSatisfy(name -> assertThat(name).startsWith("routing-"));
    }

    @Test
    void fastCompletionsOfAReplyRunOnOneThreadWokenOnce() throws Exception {
        CompletionRunner runner = runner(pool, 4, 60_000);
        Set<String> threads = ConcurrentHashMap.newKeySet();
        CountDownLatch all = new CountDownLatch(500);
        List<Runnable> reply = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            reply.add(() -> {
                threads.add(Thread.currentThread().getName());
                all.countDown();
            });
        }
        runner.runAll(reply);
        assertThat(all.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(threads).hasSize(1);
    }

    @Test
    void aSlowCompletionHoldsUpTheOthersOfItsReplyOnlyUntilAnotherWorkerJoins() throws Exception {
        CompletionRunner runner = runner(pool, 2, 20);
        CountDownLatch slowMayEnd = new CountDownLatch(1);
        CountDownLatch othersDone = new CountDownLatch(5);
        List<Runnable> reply = new ArrayList<>();
        reply.add(() -> await(slowMayEnd));
        for (int i = 0; i < 5; i++) {
            reply.add(othersDone::countDown);
        }
        long start = System.nanoTime();
        runner.runAll(reply);
        assertThat(othersDone.await(10, TimeUnit.SECONDS)).isTrue();
        // not before the watchdog saw them waiting
        assertThat(System.nanoTime() - start).isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(20));
        Polling.await("the helper left; the slow one still runs").until(() -> runner.workers() == 1);
        slowMayEnd.countDown();
    }

    @Test
    void aReplyArrivingWhileCompletionsAreKeptWaitingBringsAHelperWithoutWaitingForTheWatchdog() throws Exception {
        // the watchdog's only thread is kept busy, so its checks cannot run: only the new reply can bring the helper
        CountDownLatch testOver = new CountDownLatch(1);
        watchdog.execute(() -> await(testOver));
        CompletionRunner runner = runner(pool, 2, 100);
        CountDownLatch slowMayEnd = new CountDownLatch(1);
        CountDownLatch behindSlow = slowThenOne(runner, slowMayEnd);
        Thread.sleep(110); // the one behind the slow completion has now waited longer than helpAfter
        runner.runAll(List.of(() -> {}));
        assertThat(behindSlow.await(10, TimeUnit.SECONDS)).isTrue();
        slowMayEnd.countDown();
        testOver.countDown();
    }

    @Test
    void atStopCompletionsKeptWaitingGetAWorkerAtOnce() throws Exception {
        CompletionRunner runner = runner(pool, 2, 3_600_000); // no help from the watchdog in this test
        CountDownLatch slowMayEnd = new CountDownLatch(1);
        CountDownLatch behindSlow = slowThenOne(runner, slowMayEnd);
        assertThat(behindSlow.await(100, TimeUnit.MILLISECONDS)).isFalse();
        runner.stopping();
        assertThat(behindSlow.await(5, TimeUnit.SECONDS)).isTrue();
        slowMayEnd.countDown();
    }

    @Test
    void whenTheWatchdogIsGoneCompletionsGetAWorkerAtOnce() throws Exception {
        watchdog.shutdown();
        CompletionRunner runner = runner(pool, 2, 3_600_000);
        CountDownLatch slowMayEnd = new CountDownLatch(1);
        CountDownLatch behindSlow = slowThenOne(runner, slowMayEnd);
        assertThat(behindSlow.await(5, TimeUnit.SECONDS)).isTrue();
        slowMayEnd.countDown();
    }

    @Test
    void workersJoinOneAtATimeWhileCompletionsAreBlockedUpToParallelism() throws Exception {
        CompletionRunner runner = runner(pool, 3, 5); // the watchdog looks every 50 ms
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger blocked = new AtomicInteger();
        CountDownLatch lastRan = new CountDownLatch(1);
        List<Runnable> reply = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            reply.add(() -> {
                blocked.incrementAndGet();
                await(release);
            });
        }
        reply.add(lastRan::countDown);
        runner.runAll(reply);
        // workers join until three are blocked; the fourth completion then waits for one of them
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (blocked.get() < 3 && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertThat(blocked).hasValue(3);
        assertThat(lastRan.await(100, TimeUnit.MILLISECONDS)).isFalse();
        assertThat(runner.workers()).isEqualTo(3);
        release.countDown();
        assertThat(lastRan.await(10, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void neverMoreThanParallelismAtOnceAndNothingIsLeftBehind() throws Exception {
        handsOverConcurrently(runner(pool, 2, 1));
    }

    @Test
    void workersComingAndGoingNeverLeaveACompletionBehindEvenWithoutTheWatchdog() throws Exception {
        handsOverConcurrently(runner(pool, 2, 3_600_000));
    }

    private static void handsOverConcurrently(CompletionRunner runner) throws Exception {
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
        assertTheOthersOutlive(() -> {
            throw new IllegalStateException("route failed");
        });
    }

    @Test
    void aCompletionThrowingAnErrorKillsItsWorkerOnlyAnotherTakesOverAndTheCountStaysRight() throws Exception {
        assertTheOthersOutlive(() -> {
            throw new StackOverflowError("route blew its stack");
        });
    }

    /**
     * With one worker allowed: the completion behind a throwing one still runs, the worker count returns to 0 (an
     * Error kills its worker, and both it and its successor are uncounted), and a later reply still gets a worker.
     */
    private void assertTheOthersOutlive(Runnable throwing) throws Exception {
        CompletionRunner runner = runner(pool, 1, 2);
        CountDownLatch after = new CountDownLatch(2);
        runner.runAll(List.of(after::countDown, throwing, after::countDown));
        assertThat(after.await(10, TimeUnit.SECONDS)).as("the one behind the failure still ran").isTrue();
        Polling.await("every worker uncounted once").until(() -> runner.workers() == 0);
        CountDownLatch later = new CountDownLatch(1);
        runner.runAll(List.of(later::countDown));
        assertThat(later.await(10, TimeUnit.SECONDS)).as("parallelism 1: a leaked count would block this").isTrue();
    }

    @Test
    void whenThePoolRefusesWorkTheSafeWrapperRunsItOnTheCaller() {
        pool.shutdown();
        CompletionRunner runner = runner(BatchPipeline.safe(pool), 4, 2);
        AtomicInteger runs = new AtomicInteger();
        runner.runAll(List.of(runs::incrementAndGet, runs::incrementAndGet));
        assertThat(runs).hasValue(2);
        // and the refused worker gave its place back
        runner.runAll(List.of(runs::incrementAndGet));
        assertThat(runs).hasValue(3);
    }

    /** Hands over a reply of a slow completion (until {@code slowMayEnd}) and one behind it, which it returns. */
    private static CountDownLatch slowThenOne(CompletionRunner runner, CountDownLatch slowMayEnd) {
        CountDownLatch behindSlow = new CountDownLatch(1);
        runner.runAll(List.of(() -> await(slowMayEnd), behindSlow::countDown));
        return behindSlow;
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(60, TimeUnit.SECONDS); // longer than any wait of the tests: a slow route stays slow
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
