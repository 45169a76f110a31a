package io.kinesisbatch.itest.bench;

import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * The whole one-second windows of a {@link PerShardLimitKinesisServer} that a benchmark round measures, and the
 * exchanges that failed meanwhile. A partial window at either end would count a window's full allowance in part of a
 * second (over 100% of the capacity), so only whole windows inside the measured time count.
 *
 * @param first           the first window counted
 * @param last            the last window counted
 * @param failedExchanges exchanges that failed between the two
 */
record MeasuredSeconds(long first, long last, long failedExchanges) {

    /** Lets the producers settle for {@code settleSeconds}, then measures for {@code seconds}. */
    static MeasuredSeconds after(PerShardLimitKinesisServer server, int settleSeconds, int seconds, LongSupplier failed)
            throws InterruptedException {
        TimeUnit.SECONDS.sleep(settleSeconds);
        long first = server.currentSecond() + 1;
        long failedBefore = failed.getAsLong();
        TimeUnit.SECONDS.sleep(seconds + 1);
        long last = server.currentSecond() - 1;
        return new MeasuredSeconds(first, last, failed.getAsLong() - failedBefore);
    }

    int windows() {
        return (int) (last - first + 1);
    }
}
