package io.kinesisbatch.camel.checkpoint;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;

import io.kinesisbatch.camel.lease.LeaseTable;

/**
 * A checkpoint store in memory, for tests and single-node development: checkpoints survive a route restart but not
 * the JVM. Same rules as the DynamoDB store: writes succeed only for the current claim, and a checkpoint never moves
 * backwards. Both the checkpoint store and the lease table (the same rows).
 */
public class InMemoryCheckpointStore implements CheckpointStore, LeaseTable {

    private final Map<String, ShardCheckpoint> rows = new ConcurrentHashMap<>();
    private final Map<String, String> handoffs = new ConcurrentHashMap<>();

    private static String key(String streamId, String shardId) {
        return streamId + '\u0000' + shardId;
    }

    @Override
    public CompletionStage<Boolean> checkpoint(ShardClaim claim, SequencePosition position) {
        return CompletableFuture.completedFuture(update(claim, position, false));
    }

    @Override
    public CompletionStage<Boolean> markShardEnd(ShardClaim claim, SequencePosition last) {
        return CompletableFuture.completedFuture(update(claim, last, true));
    }

    private boolean update(ShardClaim claim, SequencePosition position, boolean shardEnd) {
        boolean[] written = new boolean[1];
        rows.computeIfPresent(key(claim.streamId(), claim.shardId()), (k, row) -> {
            if (!holds(claim, row) || position != null && row.position() != null && row.position().isAfter(position)) {
                return row;
            }
            written[0] = true;
            SequencePosition newPosition = position != null ? position : row.position();
            return new ShardCheckpoint(row.streamId(), row.shardId(), newPosition, shardEnd || row.shardEnd(),
                    row.owner(), row.leaseCounter());
        });
        return written[0];
    }

    @Override
    public CompletionStage<Void> release(ShardClaim claim) {
        rows.computeIfPresent(key(claim.streamId(), claim.shardId()), (k, row) -> {
            if (!holds(claim, row)) {
                return row;
            }
            handoffs.remove(k);
            return new ShardCheckpoint(row.streamId(), row.shardId(), row.position(), row.shardEnd(), null,
                    row.leaseCounter() + 1);
        });
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public CompletionStage<Optional<ShardClaim>> takeover(String streamId, String shardId, String owner,
                                                          String expectedOwner, long expectedCounter) {
        Objects.requireNonNull(owner, "owner");
        ShardCheckpoint[] taken = new ShardCheckpoint[1];
        rows.compute(key(streamId, shardId), (k, row) -> {
            ShardCheckpoint current = row != null ? row : ShardCheckpoint.empty(streamId, shardId);
            if (!Objects.equals(current.owner(), expectedOwner) || current.leaseCounter() != expectedCounter) {
                return row;
            }
            taken[0] = new ShardCheckpoint(streamId, shardId, current.position(), current.shardEnd(), owner,
                    current.leaseCounter() + 1);
            handoffs.remove(k);
            return taken[0];
        });
        return CompletableFuture.completedFuture(Optional.ofNullable(taken[0])
                .map(row -> new ShardClaim(streamId, shardId, owner, row.leaseCounter(), row)));
    }

    @Override
    public CompletionStage<Optional<ShardClaim>> renew(ShardClaim claim) {
        ShardCheckpoint[] renewed = new ShardCheckpoint[1];
        rows.computeIfPresent(key(claim.streamId(), claim.shardId()), (k, row) -> {
            if (!holds(claim, row)) {
                return row;
            }
            renewed[0] = new ShardCheckpoint(row.streamId(), row.shardId(), row.position(), row.shardEnd(), row.owner(),
                    row.leaseCounter() + 1);
            return renewed[0];
        });
        return CompletableFuture.completedFuture(Optional.ofNullable(renewed[0])
                .map(row -> claim.renewed(row.leaseCounter(), handoffs.get(key(claim.streamId(), claim.shardId())))));
    }

    @Override
    public CompletionStage<Boolean> handOver(ShardClaim claim, String to) {
        boolean[] written = new boolean[1];
        rows.computeIfPresent(key(claim.streamId(), claim.shardId()), (k, row) -> {
            if (!holds(claim, row)) {
                return row;
            }
            handoffs.remove(k);
            written[0] = true;
            return new ShardCheckpoint(row.streamId(), row.shardId(), row.position(), row.shardEnd(), to,
                    row.leaseCounter() + 1);
        });
        return CompletableFuture.completedFuture(written[0]);
    }

    @Override
    public CompletionStage<Boolean> requestHandoff(String streamId, String shardId, String requester, String owner,
                                                   long counter) {
        boolean[] asked = new boolean[1];
        rows.computeIfPresent(key(streamId, shardId), (k, row) -> {
            if (Objects.equals(row.owner(), owner) && row.leaseCounter() == counter) {
                handoffs.put(k, requester);
                asked[0] = true;
            }
            return row;
        });
        return CompletableFuture.completedFuture(asked[0]);
    }

    @Override
    public CompletionStage<Boolean> delete(String streamId, String shardId, long expectedCounter) {
        boolean[] deleted = new boolean[1];
        rows.computeIfPresent(key(streamId, shardId), (k, row) -> {
            if (row.shardEnd() && row.leaseCounter() == expectedCounter) {
                deleted[0] = true;
                return null;
            }
            return row;
        });
        return CompletableFuture.completedFuture(deleted[0]);
    }

    private static boolean holds(ShardClaim claim, ShardCheckpoint row) {
        return claim.owner().equals(row.owner()) && claim.leaseCounter() == row.leaseCounter();
    }

    @Override
    public CompletionStage<List<ShardCheckpoint>> list(String streamId) {
        List<ShardCheckpoint> result = new ArrayList<>();
        rows.values().stream().filter(r -> r.streamId().equals(streamId)).forEach(result::add);
        return CompletableFuture.completedFuture(result);
    }

    /** The row of one shard as it is now (a snapshot for tests), or null. */
    public ShardCheckpoint get(String streamId, String shardId) {
        return rows.get(key(streamId, shardId));
    }
}
