/**
 * Per-shard write limits for the producer (issue 18), as pure building blocks: no I/O, no threads, an injected clock.
 * They are <b>not wired into the producer yet</b>; this is how the pipeline is to use them.
 * <ul>
 * <li>{@link io.kinesisbatch.camel.ratelimit.ShardLimits#ofPercent} turns {@code shardRateLimit} into the limits per
 * shard (0 = unlimited: then every acquire succeeds and no state is kept).</li>
 * <li>{@link io.kinesisbatch.camel.ratelimit.ShardRateLimiter} keeps per shard a
 * {@link io.kinesisbatch.camel.ratelimit.TokenBucket} (records and bytes, a burst of at most one second) at the shard's
 * {@link io.kinesisbatch.camel.ratelimit.AimdAllowance} of those limits, and the counts for health and JMX.</li>
 * <li>{@link io.kinesisbatch.camel.ratelimit.ShardQueuePlanner} holds one FIFO queue per predicted shard and plans
 * each batch from the shards whose buckets have tokens, one record per shard in turn.</li>
 * </ul>
 * Wiring, all on the one owner of the queues (today the accumulator, under its lock):
 * <ol>
 * <li>On accept: predict the record's shard with the shard map ({@code ShardMap.shardFor(partitionKey,
 * explicitHashKey)}) and {@code planner.add(shardId, record)}; {@code null} when there is no map (ListShards denied:
 * warn once) or the key falls in a gap (refresh the map): such records are never limited.</li>
 * <li>When a call may be sent (fewer than {@code maxInFlight} out, and a full batch or the head's {@code batchTimeout}
 * reached): {@code planner.plan(batchMaxRecords, batchMaxBytes)}; send {@code batch.records()} unless empty; keep
 * {@code batch.shardIds()} with the call. When the plan is empty but records are queued, re-arm the batch timer
 * for {@code planner.nanosUntilReady()}.</li>
 * <li>On each reply: per predicted shard, {@code limiter.onReply(shardId, accepted, throttled)} with the entries that
 * came back accepted and with {@code ProvisionedThroughputExceededException} (other errors are neither); then put the
 * throttled ones back with {@code planner.addFirst(shardId, records)} (the bucket paces them; their retry count still
 * applies), and plan again. A reply whose accepted entry landed on another shard than predicted means the map is
 * stale: refresh it, {@code limiter.retainShards(open ids)} and re-predict the queues of closed shards
 * ({@code planner.takeShard(id)}).</li>
 * <li>On stop: {@code planner.takeAll()} and fail them.</li>
 * <li>Health/JMX: {@code limiter.snapshot()} (allowance, accepted and throttled per shard) and
 * {@code planner.queuedRecords(shardId)}.</li>
 * </ol>
 * Records whose partition key the producer makes itself (the default random key) may go to any shard; placing them
 * on a shard with tokens (a random explicit hash key in that shard's range) keeps a hot user key from filling callers'
 * windows with records that only happened to hash to the hot shard (see docs/performance.md).
 */
package io.kinesisbatch.camel.ratelimit;
