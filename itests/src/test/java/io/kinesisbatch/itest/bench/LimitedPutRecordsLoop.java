package io.kinesisbatch.itest.bench;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;

import io.kinesisbatch.camel.ratelimit.ShardLimits;
import io.kinesisbatch.camel.ratelimit.ShardQueuePlanner;
import io.kinesisbatch.camel.ratelimit.ShardRateLimiter;
import io.kinesisbatch.camel.shardmap.ShardHashRange;
import io.kinesisbatch.camel.shardmap.ShardMap;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kinesis.KinesisAsyncClient;
import software.amazon.awssdk.services.kinesis.model.PutRecordsRequestEntry;
import software.amazon.awssdk.services.kinesis.model.PutRecordsResponse;

/**
 * The raw SDK loop with the per-shard limit building blocks: a preview of how the producer pipeline is to use them,
 * measured on the same endpoint (the producer itself does not use them yet). One thread owns the
 * {@link ShardQueuePlanner} and its {@link ShardRateLimiter}; SDK callbacks only post replies to it (message passing,
 * no shared lock). Records are predicted to a shard with the {@link ShardMap} read by ListShards at start; each
 * source keeps at most {@link AsyncCallers#WINDOW} records outstanding (queued or sent), so a source whose shard is
 * slow stops making records without holding up the others. Throttled entries go back to the head of their shard's
 * queue; the bucket paces them.
 */
final class LimitedPutRecordsLoop implements AutoCloseable {

    /** Tokens a shard's bucket holds: enough for the records of one planning pause. */
    static final long BURST_NANOS = TimeUnit.MILLISECONDS.toNanos(100);
    private static final long PAUSE_NANOS = TimeUnit.MILLISECONDS.toNanos(10);

    /** A record on its way: the SDK entry, the source that made it, and its size as Kinesis counts it. */
    private record Pending(PutRecordsRequestEntry entry, int source, long size) {
    }

    private record Reply(ShardQueuePlanner.Batch<Pending> batch, PutRecordsResponse response, Throwable error) {
    }

    private final KinesisAsyncClient kinesis;
    private final String stream;
    private final int maxInFlight;
    private final byte[] payload;
    private final List<Supplier<String>> sources;
    private final ConcurrentLinkedQueue<Reply> replies = new ConcurrentLinkedQueue<>();
    private final Thread thread;
    private volatile boolean stopped;

    LimitedPutRecordsLoop(KinesisAsyncClient kinesis, String stream, int maxInFlight, byte[] payload,
                          List<Supplier<String>> sources, String name) {
        this.kinesis = kinesis;
        this.stream = stream;
        this.maxInFlight = maxInFlight;
        this.payload = payload;
        this.sources = sources;
        this.thread = new Thread(this::loop, name);
        this.thread.setDaemon(true);
    }

    LimitedPutRecordsLoop start() {
        thread.start();
        return this;
    }

    private void loop() {
        ShardMap map = ShardMap.of(kinesis.listShards(b -> b.streamName(stream)).join().shards().stream()
                .map(s -> ShardHashRange.of(s.shardId(), s.hashKeyRange().startingHashKey(),
                        s.hashKeyRange().endingHashKey()))
                .toList());
        ShardRateLimiter limiter = new ShardRateLimiter(ShardLimits.ofPercent(100), BURST_NANOS, System::nanoTime);
        ShardQueuePlanner<Pending> planner = new ShardQueuePlanner<>(limiter, Pending::size);
        int[] outstanding = new int[sources.size()];
        int inFlight = 0;
        while (!stopped || inFlight > 0) {
            Reply reply;
            while ((reply = replies.poll()) != null) {
                inFlight--;
                sort(reply, planner, limiter, outstanding);
            }
            for (int s = 0; !stopped && s < sources.size(); s++) {
                for (; outstanding[s] < AsyncCallers.WINDOW; outstanding[s]++) {
                    String key = sources.get(s).get();
                    PutRecordsRequestEntry entry = PutRecordsRequestEntry.builder().partitionKey(key)
                            .data(SdkBytes.fromByteArrayUnsafe(payload)).build();
                    String shard = map.shardFor(key, null).map(ShardHashRange::shardId).orElse(null);
                    planner.add(shard, new Pending(entry, s,
                            payload.length + (long) key.getBytes(StandardCharsets.UTF_8).length));
                }
            }
            while (!stopped && inFlight < maxInFlight) {
                ShardQueuePlanner.Batch<Pending> batch = planner.plan(500, 5_242_880);
                if (batch.isEmpty()) {
                    break;
                }
                inFlight++;
                send(batch);
            }
            LockSupport.parkNanos(this, PAUSE_NANOS);
        }
    }

    private void send(ShardQueuePlanner.Batch<Pending> batch) {
        List<PutRecordsRequestEntry> entries = new ArrayList<>(batch.records().size());
        batch.records().forEach(p -> entries.add(p.entry()));
        kinesis.putRecords(b -> b.streamName(stream).records(entries)).whenComplete((r, e) -> {
            replies.add(new Reply(batch, r, e));
            LockSupport.unpark(thread);
        });
    }

    /** What the pipeline does with a reply: per shard, accepted and throttled counts to the limiter; retries first. */
    private static void sort(Reply reply, ShardQueuePlanner<Pending> planner, ShardRateLimiter limiter,
                             int[] outstanding) {
        List<Pending> records = reply.batch().records();
        List<String> shards = reply.batch().shardIds();
        Map<String, int[]> counts = new HashMap<>();
        Map<String, List<Pending>> retries = new HashMap<>();
        for (int i = 0; i < records.size(); i++) {
            boolean failed = reply.error() != null || reply.response().records().get(i).errorCode() != null;
            counts.computeIfAbsent(shards.get(i), k -> new int[2])[failed ? 1 : 0]++;
            if (failed) {
                retries.computeIfAbsent(shards.get(i), k -> new ArrayList<>()).add(records.get(i));
            } else {
                outstanding[records.get(i).source()]--;
            }
        }
        if (reply.error() == null) {
            counts.forEach((shard, c) -> limiter.onReply(shard, c[0], c[1]));
        }
        retries.forEach(planner::addFirst);
    }

    @Override
    public void close() throws InterruptedException {
        stopped = true;
        LockSupport.unpark(thread);
        thread.join(TimeUnit.SECONDS.toMillis(60));
    }
}
