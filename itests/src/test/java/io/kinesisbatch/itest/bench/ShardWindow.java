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
    /** Per one-second window, from window 0: entries accepted, throttled; user messages and bytes accepted. */
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
        return admit(now, entryBytes, 1);
    }

    /** As {@link #admit(long, long)}, for an entry carrying {@code messages} user messages (a KPL aggregate). */
    synchronized String admit(long now, long entryBytes, int messages) {
        if (now > second) {
            second = now;
            records = 0;
            bytes = 0;
        }
        while (bySecond.size() <= second) {
            bySecond.add(new long[4]);
        }
        if (records + 1 > PerShardLimitKinesisServer.RECORDS_PER_SECOND
            || bytes + entryBytes > PerShardLimitKinesisServer.BYTES_PER_SECOND) {
            throttled++;
            bySecond.get((int) second)[1]++;
            return null;
        }
        records++;
        bytes += entryBytes;
        accepted++;
        long[] window = bySecond.get((int) second);
        window[0]++;
        window[2] += messages;
        window[3] += entryBytes;
        return Long.toString(sequence++);
    }

    synchronized long inSeconds(long from, long to, boolean accepted) {
        return inSeconds(from, to, accepted ? 0 : 1);
    }

    /** @param column 0 entries accepted, 1 throttled, 2 user messages accepted, 3 bytes accepted */
    synchronized long inSeconds(long from, long to, int column) {
        long sum = 0;
        for (long s = Math.max(0, from); s <= to && s < bySecond.size(); s++) {
            sum += bySecond.get((int) s)[column];
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
