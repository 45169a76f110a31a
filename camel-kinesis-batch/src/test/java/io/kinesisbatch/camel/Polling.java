package io.kinesisbatch.camel;

import java.time.Duration;

import org.awaitility.Awaitility;
import org.awaitility.core.ConditionFactory;

/**
 * Awaitility as the unit tests wait: the condition is checked at once and then every 5 ms (Awaitility's default
 * checks every 100 ms, after a first wait of as long), for up to 10 s unless the test says otherwise; an exception thrown on another
 * thread (some tests throw on purpose) is not rethrown by the wait, as Awaitility would by default.
 */
public final class Polling {

    private static final Duration INTERVAL = Duration.ofMillis(5);
    private static final Duration AT_MOST = Duration.ofSeconds(10);

    private Polling() {}

    /** {@code await().until(() -> ...)} */
    public static ConditionFactory await() {
        return Awaitility.await().atMost(AT_MOST).pollDelay(Duration.ZERO).pollInterval(INTERVAL)
                .dontCatchUncaughtExceptions();
    }

    /** The same, naming what it waits for in the failure. */
    public static ConditionFactory await(String what) {
        return Awaitility.await(what).atMost(AT_MOST).pollDelay(Duration.ZERO).pollInterval(INTERVAL)
                .dontCatchUncaughtExceptions();
    }
}
