package io.kinesisbatch.camel.consumer;

import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ConsumerPoolsTest {

    @Test
    void theRoutePoolHasOneThreadPerLanePlusOneBetweenTwoAndSixtyFour() {
        assertThat(ConsumerPools.routeThreadsFor(0)).isEqualTo(2);
        assertThat(ConsumerPools.routeThreadsFor(1)).isEqualTo(2);
        assertThat(ConsumerPools.routeThreadsFor(5)).isEqualTo(6);
        assertThat(ConsumerPools.routeThreadsFor(1000)).isEqualTo(ConsumerPools.MAX_ROUTE_THREADS);
    }

    @Test
    void poolsAreMadeWithTheirSuffixesAndTheRoutePoolFollowsTheLanes() {
        ConsumerPools pools = new ConsumerPools();
        assertThat(pools.all()).isEmpty();
        List<String> made = new java.util.ArrayList<>();
        pools.open((suffix, threads) -> {
            made.add(suffix + ":" + threads);
            return Executors.newScheduledThreadPool(threads);
        });
        try {
            assertThat(made).containsExactly(":" + ConsumerPools.LANE_THREADS, "-route:2", "-leases:1");
            assertThat(pools.all()).containsExactly(pools.lanes(), pools.route(), pools.leases());
            pools.resize(9);
            assertThat(((ScheduledThreadPoolExecutor) pools.route()).getCorePoolSize()).isEqualTo(10);
        } finally {
            pools.all().forEach(ScheduledExecutorService::shutdownNow);
        }
    }
}
