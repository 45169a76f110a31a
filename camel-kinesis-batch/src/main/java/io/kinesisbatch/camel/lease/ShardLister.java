package io.kinesisbatch.camel.lease;

import java.util.List;
import java.util.concurrent.CompletableFuture;

/** Every shard of the stream, open and closed, with its parents (ListShards, every page). */
@FunctionalInterface
public interface ShardLister {

    CompletableFuture<List<ShardNode>> listShards();
}
