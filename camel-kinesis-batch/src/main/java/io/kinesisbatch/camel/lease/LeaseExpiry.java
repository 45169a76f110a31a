package io.kinesisbatch.camel.lease;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Decides lease expiry on the observer's own clock, so workers need no clock synchronisation: a lease is expired when
 * neither its owner nor its counter has changed for a lease duration since this worker first saw that (owner,
 * counter). Feed it every row at every tick; timestamps are the caller's monotonic nanoseconds (pure: no clock here).
 */
public final class LeaseExpiry {

    private record Seen(String owner, long counter, long sinceNanos) {
    }

    private final long leaseDurationNanos;
    private final Map<String, Seen> seen = new HashMap<>();

    public LeaseExpiry(Duration leaseDuration) {
        this.leaseDurationNanos = leaseDuration.toNanos();
    }

    /** Records what the row shows now and tells whether its lease has expired. A free lease never expires. */
    public boolean observe(String shardId, String owner, long counter, long nowNanos) {
        Seen previous = seen.get(shardId);
        if (previous == null || previous.counter != counter || !Objects.equals(previous.owner, owner)) {
            seen.put(shardId, new Seen(owner, counter, nowNanos));
            return false;
        }
        return owner != null && nowNanos - previous.sinceNanos >= leaseDurationNanos;
    }

    /** Forgets shards whose rows are gone, so the map does not grow without bound over reshards. */
    public void retainOnly(Set<String> shardIds) {
        seen.keySet().retainAll(shardIds);
    }
}
