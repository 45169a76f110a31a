package io.kinesisbatch.itest.support;

import java.time.Duration;

import org.awaitility.Awaitility;
import org.awaitility.core.ConditionFactory;

/**
 * Awaitility as the ITs wait: the condition is checked at once and then every 100 ms (Awaitility's default waits one
 * interval before the first check); an exception thrown on another thread is that thread's business, not the wait's
 * (Awaitility would rethrow it); each wait names what it waits for and sets its own {@code atMost}.
 */
public final class Polling {

    private static final Duration INTERVAL = Duration.ofMillis(100);

    private Polling() {}

    /** Waits for {@code what}: {@code await("x").atMost(timeout).until(() -> ...)}. */
    public static ConditionFactory await(String what) {
        return Awaitility.await(what).pollDelay(Duration.ZERO).pollInterval(INTERVAL)
                .dontCatchUncaughtExceptions();
    }
}
