package io.kinesisbatch.camel.consumer;

import java.time.Instant;

/**
 * What a shard's lane looked like after its last event: read by health checks and JMX, never by calling AWS.
 *
 * @param state                 see {@link ShardLane.State}; SUSPENDED while the route is suspended
 * @param millisBehindLatest    from the last GetRecords answer (-1 before the first)
 * @param lastSuccessfulPoll    when GetRecords last succeeded, or null
 * @param checkpoint            the position last written to the store, or null
 * @param recordsInFlight       records handed out and not yet behind the checkpoint
 * @param recordsAwaitingCheckpoint records completed (behind the checkpoint) that the store has not acknowledged yet
 * @param lastError             the last AWS error since the last success, or null
 * @param failingSince          when the failures in a row began (null while healthy)
 * @param startedAt             when the lane took the shard
 * @param redeliveringSequence  the first record of the exchange that has kept failing longest, or null
 * @param redeliveringSince     when that exchange first failed, or null
 * @param subscription          enhanced fan-out only: the state of the shard's subscription (see
 *                              {@link SubscriptionMachine.State}); null when polling
 */
public record ShardSnapshot(String shardId, String state, long millisBehindLatest, Instant lastSuccessfulPoll,
                            String checkpoint, int recordsInFlight, String lastError, Instant failingSince,
                            Instant startedAt,
                            String redeliveringSequence, Instant redeliveringSince, int recordsAwaitingCheckpoint,
                            String subscription) {

    /** A polling shard's snapshot (no subscription). */
    public ShardSnapshot(String shardId, String state, long millisBehindLatest, Instant lastSuccessfulPoll,
                         String checkpoint, int recordsInFlight, String lastError, Instant failingSince,
                         Instant startedAt, String redeliveringSequence, Instant redeliveringSince,
                         int recordsAwaitingCheckpoint) {
        this(shardId, state, millisBehindLatest, lastSuccessfulPoll, checkpoint, recordsInFlight, lastError,
                failingSince, startedAt, redeliveringSequence, redeliveringSince, recordsAwaitingCheckpoint, null);
    }

    /** One line for JMX's {@code shardStatus()}: state, progress, and the subscription and last error when there are. */
    public String statusLine() {
        StringBuilder text = new StringBuilder().append(shardId).append(' ').append(state)
                .append(" millisBehindLatest=").append(millisBehindLatest)
                .append(" lastSuccessfulPoll=").append(lastSuccessfulPoll)
                .append(" checkpoint=").append(checkpoint)
                .append(" inFlight=").append(recordsInFlight);
        if (subscription != null) {
            text.append(" subscription=").append(subscription);
        }
        if (lastError != null) {
            text.append(" lastError=").append(lastError);
        }
        return text.toString();
    }
}
