/**
 * Per-shard write limits for the producer ({@code shardRateLimit}), as pure building blocks: no I/O, no threads, an
 * injected clock. The producer wires them in {@code io.kinesisbatch.camel.producer.ShardQueues}.
 * <ul>
 * <li>{@link io.kinesisbatch.camel.ratelimit.ShardLimits#ofPercent} turns {@code shardRateLimit} into the limits per
 * shard (0 = unlimited: then every acquire succeeds and no state is kept).</li>
 * <li>{@link io.kinesisbatch.camel.ratelimit.ShardRateLimiter} keeps per shard a
 * {@link io.kinesisbatch.camel.ratelimit.TokenBucket} (records and bytes, a burst of at most one second) at the shard's
 * {@link io.kinesisbatch.camel.ratelimit.AimdAllowance} of those limits, and the counts for health and JMX.</li>
 * <li>{@link io.kinesisbatch.camel.ratelimit.ShardQueuePlanner} holds one FIFO queue per predicted shard and plans
 * each batch from the shards whose buckets have tokens, one record per shard in turn.</li>
 * </ul>
 * How the producer uses them, all on the one owner of the queues (the accumulator, under its lock):
 * <ol>
 * <li>Before the lock, on the caller's thread: each record's shard is predicted with the shard map
 * ({@code ShardMap.shardFor}); {@code null} without a map (ListShards denied: one WARN) or for a key in a gap (the
 * map is listed again): such records are never limited. Records with the producer's random key are not predicted but
 * placed, when cut, on a shard with tokens (a random explicit hash key in its range), unless they travel in KPL
 * aggregates.</li>
 * <li>When a call may be sent: {@code planner.plan(batchMaxRecords, batchMaxBytes)}, then the unplaced records; when
 * records are left waiting for tokens the next cut waits a pace (20 ms) and the batch timer is armed for
 * {@code planner.nanosUntilReady()}. With aggregation a message costs its bytes and no record
 * ({@code ShardQueuePlanner}'s {@code recordsOf}); once packed, each aggregate is {@code charge}d one record and its
 * true size.</li>
 * <li>On each reply: per shard the records were queued under, {@code limiter.onReply(shardId, accepted, throttled)}
 * with the entries that came back accepted and with {@code ProvisionedThroughputExceededException} (other errors are
 * neither). Throttled records are retried after their backoff, at the head of their shard's queue (the bucket paces
 * them). An accepted entry that landed on another shard than predicted means the map is stale: it is listed again,
 * {@code limiter.retainShards(open ids)} and the queues of closed shards are predicted again
 * ({@code planner.takeShard(id)}).</li>
 * <li>On stop: everything queued is failed with the rest.</li>
 * <li>Health/JMX: {@code limiter.snapshot()} (allowance, accepted and throttled per shard) and
 * {@code planner.queuedRecords(shardId)}.</li>
 * </ol>
 */
package io.kinesisbatch.camel.ratelimit;
