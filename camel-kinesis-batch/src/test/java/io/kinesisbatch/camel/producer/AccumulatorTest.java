package io.kinesisbatch.camel.producer;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class AccumulatorTest {

    private static final long LINGER = 100;

    private static BufferedRecord record(int dataBytes) {
        return NoListener.record(new byte[dataBytes]);
    }

    private static List<BufferedRecord> add(Accumulator acc, int n, int dataBytes, long now) {
        List<BufferedRecord> added = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            BufferedRecord r = record(dataBytes);
            acc.append(r, now);
            added.add(r);
        }
        return added;
    }

    @Test
    void flushesAFullBatchOfRecordsAtOnceAndKeepsTheRestForTheTimeout() {
        Accumulator acc = new Accumulator(3, 1_000_000, LINGER, 10, Long.MAX_VALUE);
        add(acc, 7, 10, 0);
        List<List<BufferedRecord>> batches = acc.drain(1);
        assertThat(batches).hasSize(2).allSatisfy(b -> assertThat(b).hasSize(3));
        assertThat(acc.snapshot().queuedRecords()).isEqualTo(1);
        assertThat(acc.nextDeadline(1)).isEqualTo(LINGER);
        assertThat(acc.plannedDeadline()).as("as of the drain, for the timer").isEqualTo(LINGER);
        assertThat(acc.drain(LINGER - 1)).isEmpty();
        assertThat(acc.drain(LINGER)).singleElement().satisfies(b -> assertThat(b).hasSize(1));
    }

    @Test
    void batchBytesCountDataPlusPartitionKeyAndNeverExceedTheLimit() {
        // each record: 49 data + 1 key = 50 bytes; 120 bytes fit 2 of them
        Accumulator acc = new Accumulator(500, 120, LINGER, 10, Long.MAX_VALUE);
        add(acc, 5, 49, 0);
        List<List<BufferedRecord>> batches = acc.drain(1);
        assertThat(batches).extracting(List::size).containsExactly(2, 2);
        assertThat(acc.snapshot().queuedBytes()).isEqualTo(50);
    }

    @Test
    void aRecordLargerThanTheBatchLimitGoesAlone() {
        Accumulator acc = new Accumulator(500, 100, LINGER, 10, Long.MAX_VALUE);
        add(acc, 2, 300, 0);
        assertThat(acc.drain(0)).extracting(List::size).containsExactly(1, 1);
    }

    @Test
    void nothingGoesBeforeTheTimeoutUnlessFull() {
        Accumulator acc = new Accumulator(500, 1_000_000, LINGER, 10, Long.MAX_VALUE);
        add(acc, 1, 10, 0);
        add(acc, 1, 10, 60);
        assertThat(acc.drain(99)).isEmpty();
        // the timeout runs from the first record of the batch: both go at 100
        assertThat(acc.drain(100)).singleElement().satisfies(b -> assertThat(b).hasSize(2));
    }

    @Test
    void inFlightCapHoldsBatchesBackUntilACallFinishes() {
        Accumulator acc = new Accumulator(1, 1_000_000, LINGER, 2, Long.MAX_VALUE);
        add(acc, 5, 10, 0);
        List<List<BufferedRecord>> sent = acc.drain(0);
        assertThat(sent).hasSize(2);
        assertThat(acc.drain(1000)).isEmpty();
        assertThat(acc.nextDeadline(1000)).isEqualTo(Long.MAX_VALUE);
        assertThat(acc.snapshot().callsInFlight()).isEqualTo(2);
        acc.callFinished(sent.get(0), List.of());
        assertThat(acc.drain(1000)).hasSize(1);
    }

    @Test
    void requeuedRecordsGoFirstInTheirOrderAndAreReadyAtOnce() {
        Accumulator acc = new Accumulator(500, 1_000_000, LINGER, 10, Long.MAX_VALUE);
        List<BufferedRecord> fresh = add(acc, 2, 10, 1000);
        List<BufferedRecord> retried = List.of(record(10), record(10));
        acc.requeue(retried, 1000);
        List<List<BufferedRecord>> batches = acc.drain(1000);
        assertThat(batches).singleElement()
                .satisfies(
                        b -> assertThat(b).containsExactly(retried.get(0), retried.get(1), fresh.get(0), fresh.get(1)));
    }

    @Test
    void flushAllSendsEverythingRegardlessOfTimeout() {
        Accumulator acc = new Accumulator(500, 1_000_000, LINGER, 10, Long.MAX_VALUE);
        add(acc, 3, 10, 0);
        acc.flushAll();
        assertThat(acc.drain(0)).singleElement().satisfies(b -> assertThat(b).hasSize(3));
    }

    @Test
    void failModeRefusesWhenTheBufferIsFull() {
        Accumulator acc = new Accumulator(500, 1_000_000, LINGER, 10, 100);
        assertThat(acc.reserve(60, 1, false)).isEqualTo(Accumulator.Reservation.OK);
        assertThat(acc.reserve(60, 1, false)).isEqualTo(Accumulator.Reservation.FULL);
        assertThat(acc.reserve(40, 1, false)).isEqualTo(Accumulator.Reservation.OK);
        acc.release(60, 1);
        assertThat(acc.reserve(60, 1, false)).isEqualTo(Accumulator.Reservation.OK);
        assertThat(acc.snapshot().bufferedBytes()).isEqualTo(100);
        assertThat(acc.snapshot().bufferedRecords()).isEqualTo(2);
    }

    @Test
    void anExchangeLargerThanTheWholeBufferIsLetInWhenNothingElseIsBuffered() {
        Accumulator acc = new Accumulator(500, 1_000_000, LINGER, 10, 100);
        assertThat(acc.reserve(500, 3, false)).isEqualTo(Accumulator.Reservation.OK);
        assertThat(acc.reserve(1, 1, false)).isEqualTo(Accumulator.Reservation.FULL);
    }

    @Test
    void blockModeWaitsForRoomAndIsWokenByRelease() throws Exception {
        Accumulator acc = new Accumulator(500, 1_000_000, LINGER, 10, 100);
        acc.reserve(100, 1, true);
        CompletableFuture<Accumulator.Reservation> waiting = CompletableFuture
                .supplyAsync(() -> acc.reserve(50, 1, true));
        // it cannot finish while the buffer is full
        assertThat(waiting).isNotDone();
        Thread.sleep(50);
        assertThat(waiting).isNotDone();
        acc.release(100, 1);
        assertThat(waiting.get(5, TimeUnit.SECONDS)).isEqualTo(Accumulator.Reservation.OK);
    }

    @Test
    void waitingCallersAreLetInFirstComeFirstServedSoALargeOneIsNotStarved() throws Exception {
        Accumulator acc = new Accumulator(500, 1_000_000, LINGER, 10, 100);
        acc.reserve(60, 1, true);
        CompletableFuture<Accumulator.Reservation> large = CompletableFuture
                .supplyAsync(() -> acc.reserve(90, 1, true));
        Thread.sleep(100);
        assertThat(large).isNotDone();
        // 30 would fit now, but it would take the room the large one waits for, again and again
        assertThat(acc.reserve(30, 1, false)).isEqualTo(Accumulator.Reservation.FULL);
        CompletableFuture<Accumulator.Reservation> small = CompletableFuture
                .supplyAsync(() -> acc.reserve(30, 1, true));
        Thread.sleep(100);
        assertThat(small).isNotDone();
        acc.release(60, 1);
        assertThat(large.get(5, TimeUnit.SECONDS)).isEqualTo(Accumulator.Reservation.OK);
        Thread.sleep(50);
        assertThat(small).as("90 + 30 do not fit in 100").isNotDone();
        acc.release(90, 1);
        assertThat(small.get(5, TimeUnit.SECONDS)).isEqualTo(Accumulator.Reservation.OK);
    }

    @Test
    void closeWakesBlockedCallersAndRefusesNewOnes() throws Exception {
        Accumulator acc = new Accumulator(500, 1_000_000, LINGER, 10, 100);
        acc.reserve(100, 1, true);
        CompletableFuture<Accumulator.Reservation> waiting = CompletableFuture
                .supplyAsync(() -> acc.reserve(50, 1, true));
        acc.close();
        assertThat(waiting.get(5, TimeUnit.SECONDS)).isEqualTo(Accumulator.Reservation.CLOSED);
        assertThat(acc.reserve(1, 1, false)).isEqualTo(Accumulator.Reservation.CLOSED);
    }

    @Test
    void awaitEmptyReturnsWhenEverythingIsReleasedOrTimesOut() throws Exception {
        Accumulator acc = new Accumulator(500, 1_000_000, LINGER, 10, 1000);
        assertThat(acc.awaitEmpty(0, TimeUnit.MILLISECONDS)).isTrue();
        acc.reserve(10, 2, false);
        assertThat(acc.awaitEmpty(20, TimeUnit.MILLISECONDS)).isFalse();
        CompletableFuture.runAsync(() -> acc.release(10, 2));
        assertThat(acc.awaitEmpty(5, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void doneRecordsAreDroppedFromBatches() {
        Accumulator acc = new Accumulator(500, 1_000_000, LINGER, 10, Long.MAX_VALUE);
        List<BufferedRecord> rs = add(acc, 3, 10, 0);
        rs.get(1).markDone();
        assertThat(acc.drain(LINGER)).singleElement()
                .satisfies(b -> assertThat(b).containsExactly(rs.get(0), rs.get(2)));
    }

    @Test
    void theBufferBoundChargesEachRecordItsOverheadButBatchesCountDataOnly() {
        // bound 2,500 with 1,000 bytes of overhead per record: two 10-byte records fit (2,020), a third does not
        Accumulator acc = new Accumulator(500, 1_000_000, LINGER, 10, 2_500, 1_000);
        assertThat(acc.reserve(10, 1, false)).isEqualTo(Accumulator.Reservation.OK);
        assertThat(acc.reserve(10, 1, false)).isEqualTo(Accumulator.Reservation.OK);
        assertThat(acc.reserve(10, 1, false)).isEqualTo(Accumulator.Reservation.FULL);
        assertThat(acc.snapshot().bufferedBytes()).isEqualTo(2_020);
        acc.release(20, 2);
        assertThat(acc.snapshot().bufferedBytes()).isZero();
        assertThat(acc.reserve(10, 1, false)).isEqualTo(Accumulator.Reservation.OK);
    }

    @Test
    void takeAllReturnsEveryRecordNotDoneWhetherQueuedSentOrWaitingForARetry() {
        Accumulator acc = new Accumulator(2, 1_000_000, LINGER, 10, Long.MAX_VALUE);
        List<BufferedRecord> rs = add(acc, 7, 10, 0);
        List<List<BufferedRecord>> sent = acc.drain(0); // three batches of 2 sent; one record still queued
        assertThat(sent).hasSize(3);
        acc.callFinished(sent.get(0), List.of()); // both written...
        rs.get(0).markDone();
        rs.get(1).markDone();
        acc.callFinished(sent.get(1), List.of(rs.get(3))); // ...one written, one waits for a retry
        rs.get(2).markDone();
        assertThat(acc.takeAll()).containsExactlyInAnyOrder(rs.get(3), rs.get(4), rs.get(5), rs.get(6));
        assertThat(acc.takeAll()).isEmpty();
        assertThat(acc.snapshot().queuedRecords()).isZero();
    }

    @Test
    void aRequeuedRetryGroupIsTrackedInTheQueueOnly() {
        Accumulator acc = new Accumulator(500, 1_000_000, LINGER, 10, Long.MAX_VALUE);
        List<BufferedRecord> rs = add(acc, 2, 10, 0);
        List<BufferedRecord> batch = acc.drain(LINGER).get(0);
        List<BufferedRecord> retry = List.of(rs.get(1));
        rs.get(0).markDone();
        acc.callFinished(batch, retry);
        acc.requeue(retry, LINGER);
        assertThat(acc.takeAll()).containsExactly(rs.get(1));
    }

    @Test
    void appendAndDrainQueuesAnExchangesRecordsAndReturnsTheBatchesThatAreReady() {
        Accumulator acc = new Accumulator(3, 1_000_000, LINGER, 10, Long.MAX_VALUE);
        assertThat(acc.appendAndDrain(List.of(record(10), record(10)), 0)).isEmpty();
        List<BufferedRecord> third = List.of(record(10), record(10));
        assertThat(acc.appendAndDrain(third, 1)).singleElement().satisfies(b -> assertThat(b).hasSize(3));
        assertThat(acc.snapshot().callsInFlight()).isEqualTo(1);
        assertThat(acc.snapshot().queuedRecords()).isEqualTo(1);
        assertThat(acc.nextDeadline(1)).isEqualTo(1 + LINGER);
    }

    @Test
    void concurrentReservationsNeverTakeMoreThanTheBoundAndReleasesWakeEveryWaiter() throws Exception {
        // bound 10 records of 100 bytes; 4 threads reserve and release 2,000 times each, blocking when full
        Accumulator acc = new Accumulator(500, 1_000_000, LINGER, 10, 1_000);
        java.util.concurrent.atomic.AtomicInteger held = new java.util.concurrent.atomic.AtomicInteger();
        java.util.concurrent.atomic.AtomicInteger most = new java.util.concurrent.atomic.AtomicInteger();
        List<CompletableFuture<Void>> threads = new ArrayList<>();
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(4);
        for (int t = 0; t < 4; t++) {
            threads.add(CompletableFuture.runAsync(() -> {
                for (int i = 0; i < 2_000; i++) {
                    assertThat(acc.reserve(100, 1, true)).isEqualTo(Accumulator.Reservation.OK);
                    most.accumulateAndGet(held.incrementAndGet(), Math::max);
                    held.decrementAndGet();
                    acc.release(100, 1);
                }
            }, pool));
        }
        try {
            CompletableFuture.allOf(threads.toArray(new CompletableFuture[0])).get(30, TimeUnit.SECONDS);
        } finally {
            pool.shutdownNow();
        }
        assertThat(most.get()).isLessThanOrEqualTo(4);
        assertThat(acc.snapshot().bufferedBytes()).isZero();
        assertThat(acc.snapshot().bufferedRecords()).isZero();
        assertThat(acc.awaitEmpty(0, TimeUnit.MILLISECONDS)).isTrue();
    }

    @Test
    void blockedReservationsAllGetRoomAsItIsReleased() throws Exception {
        Accumulator acc = new Accumulator(500, 1_000_000, LINGER, 10, 300);
        assertThat(acc.reserve(300, 3, false)).isEqualTo(Accumulator.Reservation.OK);
        List<CompletableFuture<Accumulator.Reservation>> waiting = new ArrayList<>();
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(3);
        for (int i = 0; i < 3; i++) {
            waiting.add(CompletableFuture.supplyAsync(() -> acc.reserve(100, 1, true), pool));
        }
        Thread.sleep(50);
        assertThat(waiting).noneMatch(CompletableFuture::isDone);
        acc.release(300, 3);
        for (CompletableFuture<Accumulator.Reservation> w : waiting) {
            assertThat(w.get(5, TimeUnit.SECONDS)).isEqualTo(Accumulator.Reservation.OK);
        }
        assertThat(acc.snapshot().bufferedBytes()).isEqualTo(300);
        pool.shutdownNow();
    }
}
