package io.kinesisbatch.itest.bench;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;

/**
 * One shard of the {@link PerShardLimitKinesisServer}: its hash range, its counts against the limits in the current
 * one-second window, its totals and its counts per window. Guarded by its own monitor: the server's request threads
 * share it.
 */
final class ShardWindow {
    final String id;
    final BigInteger start;
    final BigInteger end;
    private long second = -1;
    private int records;
    private long bytes;
    private long sequence = 49_000_000_000_000_000L;
    private long accepted;
    private long throttled;
    /** Accepted and throttled entries per one-second window, by window, from window 0. */
    private final List<long[]> bySecond = new ArrayList<>();

    ShardWindow(String id, BigInteger start, BigInteger end) {
        this.id = id;
        this.start = start;
        this.end = end;
    }

    /**
     * The entry's sequence number, or null when the shard's limits for this second are used up. A request that read
     * the clock before another but reaches the shard after it counts in the later window: going back to its own
     * would open that window a second time and admit twice its limit.
     */
    synchronized String admit(long now, long entryBytes) {
        if (now > second) {
            second = now;
            records = 0;
            bytes = 0;
        }
        while (bySecond.size() <= second) {
            bySecond.add(new long[2]);
        }
        if (records + 1 > PerShardLimitKinesisServer.RECORDS_PER_SECOND || bytes + entryBytes > PerShardLimitKinesisServer.BYTES_PER_SECOND) {
            throttled++;
            bySecond.get((int) second)[1]++;
            return null;
        }
        records++;
        bytes += entryBytes;
        accepted++;
        bySecond.get((int) second)[0]++;
        return Long.toString(sequence++);
    }

    synchronized long inSeconds(long from, long to, boolean accepted) {
        long sum = 0;
        for (long s = Math.max(0, from); s <= to && s < bySecond.size(); s++) {
            sum += bySecond.get((int) s)[accepted ? 0 : 1];
        }
        return sum;
    }

    synchronized long accepted() {
        return accepted;
    }

    synchronized long throttled() {
        return throttled;
    }
}
