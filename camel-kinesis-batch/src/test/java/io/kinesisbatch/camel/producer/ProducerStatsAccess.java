package io.kinesisbatch.camel.producer;

/** Lets tests in other packages drive the package-private recorders of {@link ProducerStats}. */
public final class ProducerStatsAccess {

    public ProducerStats stats() {
        return new ProducerStats();
    }

    public static void failCall(ProducerStats stats, Failure failure) {
        stats.callFailed(failure);
    }

    public static void succeedCall(ProducerStats stats) {
        stats.callSucceeded();
    }
}
