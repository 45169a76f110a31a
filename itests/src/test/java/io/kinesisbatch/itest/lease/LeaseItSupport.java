package io.kinesisbatch.itest.lease;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import io.kinesisbatch.camel.checkpoint.CheckpointAttributes;
import io.kinesisbatch.camel.checkpoint.CheckpointStore;
import io.kinesisbatch.camel.checkpoint.CheckpointTable;
import io.kinesisbatch.camel.checkpoint.DynamoDbCheckpointStore;
import io.kinesisbatch.camel.checkpoint.SequencePosition;
import io.kinesisbatch.camel.checkpoint.ShardCheckpoint;
import io.kinesisbatch.camel.checkpoint.ShardClaim;
import io.kinesisbatch.camel.lease.LeaseTable;
import io.kinesisbatch.itest.consumer.ConsumerItBase;
import io.kinesisbatch.itest.consumer.ConsumerItSupport;
import io.kinesisbatch.itest.support.AwsPeers;
import org.apache.camel.CamelContext;

/** Helpers of the lease ITs: who owns what in the table, and a store that can "die" like a killed process. */
final class LeaseItSupport {

    /** Short lease settings so the ITs run in seconds. */
    static final String FAST = "leaseDuration=3s&rebalanceInterval=1s&checkpointInterval=200ms&pollDelay=200ms";

    private LeaseItSupport() {}

    /** Number of shards each worker owns in the table, by worker id (rows without an owner and finished rows left out). */
    static Map<String, Integer> owners(String table, String stream) {
        Map<String, Integer> owners = new TreeMap<>();
        io.kinesisbatch.itest.support.CheckpointTable.scan(table).stream()
                .filter(row -> stream.equals(row.get(CheckpointAttributes.STREAM_ID).s())
                               && row.containsKey(CheckpointAttributes.OWNER))
                .filter(row -> !row.containsKey(CheckpointAttributes.SHARD_END)
                               || !row.get(CheckpointAttributes.SHARD_END).bool())
                .forEach(row -> owners.merge(row.get(CheckpointAttributes.OWNER).s(), 1, Integer::sum));
        return owners;
    }

    /**
     * Shards being read over all these consumers (workers PROCESSING). Equal to the shard count once every worker
     * whose lease was stolen noticed it (at its next renewal or checkpoint) and stopped.
     */
    static int reading(List<CamelContext> contexts) {
        return contexts.stream().filter(CamelContext::isStarted)
                .flatMap(c -> ConsumerItSupport.consumer(c, ConsumerItBase.ROUTE).snapshots().stream())
                .mapToInt(s -> "READING".equals(s.state()) ? 1 : 0).sum();
    }

    /**
     * Samples a count (the records one consumer processed) every 50 ms, so a test can tell how many it processed in the
     * last moments before it was killed: the records a crash may repeat are those that completed after the last
     * checkpoint written (every {@code checkpointInterval}) plus the ones in flight (at most {@code checkpointLimit} per
     * shard).
     */
    static final class CountSampler implements AutoCloseable {
        private final java.util.concurrent.ConcurrentSkipListMap<Long, Integer> samples = new java.util.concurrent.ConcurrentSkipListMap<>();
        private final java.util.concurrent.ScheduledExecutorService timer = java.util.concurrent.Executors
                .newSingleThreadScheduledExecutor();

        CountSampler(java.util.function.IntSupplier count) {
            timer.scheduleAtFixedRate(() -> samples.put(System.nanoTime(), count.getAsInt()), 0, 50,
                    java.util.concurrent.TimeUnit.MILLISECONDS);
        }

        /** The count sampled last at or before {@code nanos} (0 before the first sample). */
        int at(long nanos) {
            Map.Entry<Long, Integer> sample = samples.floorEntry(nanos);
            return sample == null ? 0 : sample.getValue();
        }

        @Override
        public void close() {
            timer.shutdownNow();
        }
    }

    /** How long before a kill the last checkpoint write surely went out: checkpointInterval (200 ms) and a margin. */
    static final Duration LAST_WRITE_WITHIN = Duration.ofMillis(1500);

    /** The DynamoDB store the consumers use, for the test's own conditional writes. */
    static DynamoDbCheckpointStore store(String table) {
        return new DynamoDbCheckpointStore(AwsPeers.get().dynamoDb(), new CheckpointTable(table, true, 0, 0));
    }

    /**
     * A DynamoDB store that can be killed: from then on every call fails, so the consumer using it neither renews,
     * checkpoints nor releases anything, as if its process had died.
     */
    static final class KillableStore implements CheckpointStore, LeaseTable {
        private final DynamoDbCheckpointStore delegate;
        private volatile boolean dead;

        KillableStore(String table) {
            this.delegate = store(table);
        }

        void kill() {
            dead = true;
        }

        private <T> CompletionStage<T> unlessDead(java.util.function.Supplier<CompletionStage<T>> call) {
            return dead ? CompletableFuture.failedFuture(new IllegalStateException("killed")) : call.get();
        }

        @Override
        public void start() throws Exception {
            delegate.start();
        }

        @Override
        public CompletionStage<Boolean> checkpoint(ShardClaim claim, SequencePosition position) {
            return unlessDead(() -> delegate.checkpoint(claim, position));
        }

        @Override
        public CompletionStage<Boolean> markShardEnd(ShardClaim claim, SequencePosition last) {
            return unlessDead(() -> delegate.markShardEnd(claim, last));
        }

        @Override
        public CompletionStage<Optional<ShardClaim>> takeover(String streamId, String shardId, String owner,
                                                              String expectedOwner, long expectedCounter) {
            return unlessDead(() -> delegate.takeover(streamId, shardId, owner, expectedOwner, expectedCounter));
        }

        @Override
        public CompletionStage<Boolean> handOver(ShardClaim claim, String to) {
            return unlessDead(() -> delegate.handOver(claim, to));
        }

        @Override
        public CompletionStage<Boolean> requestHandoff(String streamId, String shardId, String requester, String owner,
                                                       long counter) {
            return unlessDead(() -> delegate.requestHandoff(streamId, shardId, requester, owner, counter));
        }

        @Override
        public CompletionStage<Optional<ShardClaim>> renew(ShardClaim claim) {
            return unlessDead(() -> delegate.renew(claim));
        }

        @Override
        public CompletionStage<Boolean> delete(String streamId, String shardId, long expectedCounter) {
            return unlessDead(() -> delegate.delete(streamId, shardId, expectedCounter));
        }

        @Override
        public CompletionStage<Void> release(ShardClaim claim) {
            return unlessDead(() -> delegate.release(claim));
        }

        @Override
        public CompletionStage<List<ShardCheckpoint>> list(String streamId) {
            return unlessDead(() -> delegate.list(streamId));
        }
    }
}
