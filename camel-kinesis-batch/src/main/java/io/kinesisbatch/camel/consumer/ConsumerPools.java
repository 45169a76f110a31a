package io.kinesisbatch.camel.consumer;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.function.BiFunction;

/**
 * The three pools a consumer reads its shards on, made at its start from the consumer's executor factory (a name
 * suffix and a thread count): the lanes' (they only handle events and never block: as many threads as cores, 2 to 8),
 * the route's (one thread per lane plus one, 2 to {@value #MAX_ROUTE_THREADS}, resized as lanes come and go: a
 * synchronous route holds one thread per shard) and the lease coordinator's (one thread). The consumer shuts them down.
 */
final class ConsumerPools {

    static final int MAX_ROUTE_THREADS = 64;
    /** The lanes' pool: they only handle events, so as many threads as cores at most (and 2 at least). */
    static final int LANE_THREADS = Math.max(2, Math.min(8, Runtime.getRuntime().availableProcessors()));

    private volatile ScheduledExecutorService lanes;
    private volatile ScheduledExecutorService route;
    private volatile ScheduledExecutorService leases;

    /** Makes the pools, one after the other (those made before a failure are still in {@link #all()}). */
    void open(BiFunction<String, Integer, ScheduledExecutorService> executors) {
        lanes = executors.apply("", LANE_THREADS);
        route = executors.apply("-route", routeThreadsFor(0));
        leases = executors.apply("-leases", 1);
    }

    ScheduledExecutorService lanes() {
        return lanes;
    }

    ScheduledExecutorService route() {
        return route;
    }

    ScheduledExecutorService leases() {
        return leases;
    }

    /** Route threads: one per lane plus one, at least 2 and at most {@value #MAX_ROUTE_THREADS}. */
    static int routeThreadsFor(int lanes) {
        return Math.min(MAX_ROUTE_THREADS, Math.max(2, lanes + 1));
    }

    /** Fits the route's pool to {@code laneCount} lanes. */
    void resize(int laneCount) {
        if (route instanceof ThreadPoolExecutor pool) {
            int wanted = routeThreadsFor(laneCount);
            if (pool.getCorePoolSize() != wanted) {
                pool.setCorePoolSize(wanted);
            }
        }
    }

    /** The pools made so far (none before {@link #open}). */
    List<ScheduledExecutorService> all() {
        List<ScheduledExecutorService> all = new ArrayList<>();
        for (ScheduledExecutorService pool : new ScheduledExecutorService[]{ lanes, route, leases }) {
            if (pool != null) {
                all.add(pool);
            }
        }
        return all;
    }
}
