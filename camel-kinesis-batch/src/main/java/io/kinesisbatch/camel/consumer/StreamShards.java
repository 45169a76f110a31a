package io.kinesisbatch.camel.consumer;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

import io.kinesisbatch.camel.lease.ShardLister;
import io.kinesisbatch.camel.lease.ShardNode;
import io.kinesisbatch.camel.shardmap.HashKeyRange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.kinesis.KinesisAsyncClient;
import software.amazon.awssdk.services.kinesis.model.ListShardsRequest;
import software.amazon.awssdk.services.kinesis.model.ListShardsResponse;

/**
 * The stream's shards as ListShards tells them: the shard graph for the lease coordinator, and each listed shard's
 * hash key range (it never changes), which a lane's reader needs for the de-aggregation's hash-range rule. Owns those
 * ranges; the listings run on the SDK's threads and the lanes are built on the coordinator's, hence a concurrent map.
 */
final class StreamShards implements ShardLister {

    private static final Logger LOG = LoggerFactory.getLogger(StreamShards.class);

    private final KinesisAsyncClient kinesis;
    private final StreamRef stream;
    private final Map<String, HashKeyRange> hashKeyRanges = new ConcurrentHashMap<>();

    StreamShards(KinesisAsyncClient kinesis, StreamRef stream) {
        this.kinesis = kinesis;
        this.stream = stream;
    }

    /** Every shard of the stream, following ListShards pages. */
    @Override
    public CompletableFuture<List<ShardNode>> listShards() {
        List<ShardNode> shards = new ArrayList<>();
        ListShardsRequest first = ListShardsRequest.builder().streamName(stream.name()).streamARN(stream.arn())
                .build();
        return listPage(first, shards).thenApply(done -> shards);
    }

    private CompletableFuture<Void> listPage(ListShardsRequest request, List<ShardNode> into) {
        return kinesis.listShards(request).thenCompose((ListShardsResponse page) -> {
            page.shards().forEach(s -> {
                if (s.hashKeyRange() != null) {
                    hashKeyRanges.put(s.shardId(), HashKeyRange.parse(s.hashKeyRange().startingHashKey(),
                            s.hashKeyRange().endingHashKey()));
                }
                into.add(ShardNode.of(s.shardId(), s.parentShardId(), s.adjacentParentShardId(),
                        s.sequenceNumberRange() != null && s.sequenceNumberRange().endingSequenceNumber() != null));
            });
            if (page.nextToken() == null) {
                return CompletableFuture.completedFuture(null);
            }
            return listPage(ListShardsRequest.builder().nextToken(page.nextToken()).build(), into);
        });
    }

    /** The shard's hash key range from the last listing; every hash key (the rule off) when ListShards gave none. */
    HashKeyRange hashKeyRange(String shardId) {
        HashKeyRange range = hashKeyRanges.get(shardId);
        if (range == null) {
            LOG.warn("Shard {} of {}: ListShards gave no hash key range; aggregates read from it are not checked"
                     + " against one",
                    shardId, stream);
            return HashKeyRange.ALL;
        }
        return range;
    }
}
