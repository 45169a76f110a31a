package io.kinesisbatch.camel.ratelimit;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * A deterministic simulation of producers sharing one shard: each has its own {@link ShardRateLimiter} at
 * {@code shardRateLimit=100} and always more to send; every 10 ms each sends what its bucket admits (the order of the
 * producers turning every tick); the emulated shard accepts 1,000 records per second of its clock (fixed one-second
 * windows, as {@code PerShardLimitKinesisServer} does) and throttles the rest; each reply reaches its producer 30 ms
 * later.
 */
class AimdConvergenceTest {

    private static final long TICK = TimeUnit.MILLISECONDS.toNanos(10);
    private static final int REPLY_TICKS = 3;
    private static final int CAPACITY = ShardLimits.KINESIS_RECORDS_PER_SECOND;
    private static final String SHARD = "shardId-000000000000";

    @Test
    void twoProducersConvergeToHalfEachWithFewThrottledEntries() {
        Simulation sim = new Simulation(2, new int[]{ 0, 0 });
        sim.run(60);
        sim.resetCounts();
        sim.run(60);

        for (Producer p : sim.producers) {
            assertThat(p.acceptedPerSecond(60)).as("producer %d's rate", p.index).isCloseTo(CAPACITY / 2.0,
                    within(CAPACITY * 0.06));
        }
        assertThat(sim.use(60)).isGreaterThan(0.88);
        assertThat(sim.throttledShare()).isLessThan(0.02);
    }

    @Test
    void aLateJoinerStartingAtTheFullLimitIsBroughtToAThirdAndTheOthersUpToIt() {
        // A and B share the shard for 40 s (about half each); C joins at its full limit, twice its fair share
        Simulation sim = new Simulation(3, new int[]{ 0, 0, 40 });
        sim.run(40);
        double before = Math.abs(sim.producers.get(2).allowanceFraction() - sim.producers.get(0).allowanceFraction());
        sim.run(80);
        sim.resetCounts();
        sim.run(60);

        for (Producer p : sim.producers) {
            assertThat(p.acceptedPerSecond(60)).as("producer %d's rate", p.index).isCloseTo(CAPACITY / 3.0,
                    within(CAPACITY * 0.05));
        }
        double spread = sim.allowanceSpread();
        assertThat(before).isGreaterThan(0.4);
        assertThat(spread).as("largest difference between allowances").isLessThan(0.05);
        assertThat(sim.use(60)).isGreaterThan(0.88);
        assertThat(sim.throttledShare()).isLessThan(0.03);
    }

    @Test
    void aLoneProducerUsesNearlyAllOfTheShardAndIsRarelyThrottled() {
        Simulation sim = new Simulation(1, new int[]{ 0 });
        sim.run(10);
        sim.resetCounts();
        sim.run(120);

        assertThat(sim.use(120)).isGreaterThan(0.9);
        assertThat(sim.throttledShare()).isLessThan(0.01);
    }

    private static final class Simulation {
        final FakeNanoClock clock = new FakeNanoClock();
        final List<Producer> producers = new ArrayList<>();
        final ArrayDeque<Reply> replies = new ArrayDeque<>();
        final int[] startSeconds;
        long tick;
        long windowSecond = -1;
        int acceptedInWindow;

        Simulation(int n, int[] startSeconds) {
            this.startSeconds = startSeconds;
            for (int i = 0; i < n; i++) {
                producers.add(new Producer(i, new ShardRateLimiter(ShardLimits.ofPercent(100),
                        TimeUnit.MILLISECONDS.toNanos(100), clock)));
            }
        }

        void run(int seconds) {
            long end = tick + seconds * 100L;
            for (; tick < end; tick++) {
                clock.advanceNanos(TICK);
                while (!replies.isEmpty() && replies.peekFirst().dueTick <= tick) {
                    Reply r = replies.pollFirst();
                    r.producer.limiter.onReply(SHARD, r.accepted, r.throttled);
                }
                long second = tick / 100;
                if (second != windowSecond) {
                    windowSecond = second;
                    acceptedInWindow = 0;
                }
                for (int k = 0; k < producers.size(); k++) {
                    Producer p = producers.get((int) ((k + tick) % producers.size()));
                    if (second >= startSeconds[p.index]) {
                        send(p);
                    }
                }
            }
        }

        private void send(Producer p) {
            int n = 0;
            long now = clock.getAsLong();
            while (n < 500 && p.limiter.tryAcquire(SHARD, 132, now)) {
                n++;
            }
            if (n == 0) {
                return;
            }
            int accepted = Math.min(n, CAPACITY - acceptedInWindow);
            acceptedInWindow += accepted;
            p.accepted += accepted;
            p.throttled += n - accepted;
            replies.addLast(new Reply(p, accepted, n - accepted, tick + REPLY_TICKS));
        }

        void resetCounts() {
            producers.forEach(p -> {
                p.accepted = 0;
                p.throttled = 0;
            });
        }

        double use(int seconds) {
            return producers.stream().mapToLong(p -> p.accepted).sum() / (double) (CAPACITY * seconds);
        }

        double throttledShare() {
            long throttled = producers.stream().mapToLong(p -> p.throttled).sum();
            long sent = throttled + producers.stream().mapToLong(p -> p.accepted).sum();
            return throttled / (double) sent;
        }

        double allowanceSpread() {
            double max = producers.stream().mapToDouble(Producer::allowanceFraction).max().orElseThrow();
            double min = producers.stream().mapToDouble(Producer::allowanceFraction).min().orElseThrow();
            return max - min;
        }
    }

    private static final class Producer {
        final int index;
        final ShardRateLimiter limiter;
        long accepted;
        long throttled;

        Producer(int index, ShardRateLimiter limiter) {
            this.index = index;
            this.limiter = limiter;
        }

        double acceptedPerSecond(int seconds) {
            return accepted / (double) seconds;
        }

        double allowanceFraction() {
            List<ShardRateLimiter.ShardState> states = limiter.snapshot();
            return states.isEmpty() ? 1.0 : states.get(0).allowance();
        }
    }

    private record Reply(Producer producer, int accepted, int throttled, long dueTick) {
    }
}
