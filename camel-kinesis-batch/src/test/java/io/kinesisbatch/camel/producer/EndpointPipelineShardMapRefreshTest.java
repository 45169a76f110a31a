package io.kinesisbatch.camel.producer;

import java.math.BigInteger;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import io.kinesisbatch.camel.FakeKinesis;
import io.kinesisbatch.camel.KinesisBatchConfiguration;
import io.kinesisbatch.camel.KinesisBatchConstants;
import io.kinesisbatch.camel.shardmap.HashKeys;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static io.kinesisbatch.camel.Polling.await;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The periodic shard listing of the per-shard limits (and of {@code aggregation=shard}): it happens without any reply
 * asking for it, its map reaches the per-shard queues, and it ends with the pipeline. The period (60 s in use) is 50 ms
 * here.
 */
class EndpointPipelineShardMapRefreshTest {

    private static final long PERIOD_MILLIS = 50;

    private final DefaultCamelContext context = new DefaultCamelContext();
    private final FakeKinesis kinesis = new FakeKinesis();

    @AfterEach
    void stop() {
        context.stop();
        kinesis.close();
    }

    /** A partition key whose MD5 lies in the upper half of the hash keys: the second of two shards. */
    private static String keyOfTheSecondOfTwoShards() {
        for (int i = 0;; i++) {
            if (HashKeys.ofPartitionKey("key-" + i).compareTo(BigInteger.ONE.shiftLeft(127)) >= 0) {
                return "key-" + i;
            }
        }
    }

    @Test
    void theShardMapIsListedEveryPeriodAndItsMapReachesTheShardQueuesUntilThePipelineCloses() throws Exception {
        context.start();
        kinesis.shards(1);
        KinesisBatchConfiguration config = new KinesisBatchConfiguration();
        config.setStreamName("s");
        EndpointPipeline pipeline = new EndpointPipeline(this, context, config, new KinesisGateway(kinesis, kinesis,
                "s"), false, PERIOD_MILLIS);
        long atStart = kinesis.listShardsCalls();
        assertThat(atStart).as("the first listing, at start").isEqualTo(1);

        kinesis.shards(2); // resharded; no reply tells the producer, only the periodic listing can
        await("three periodic listings").atMost(Duration.ofSeconds(10))
                .until(() -> kinesis.listShardsCalls() >= atStart + 3);

        Exchange exchange = new DefaultExchange(context);
        exchange.getMessage().setBody("r");
        exchange.getMessage().setHeader(KinesisBatchConstants.PARTITION_KEY, keyOfTheSecondOfTwoShards());
        CompletableFuture<Exchange> done = new CompletableFuture<>();
        pipeline.accept(exchange, sync -> done.complete(exchange));
        assertThat(done.get(10, TimeUnit.SECONDS).getException()).isNull();
        assertThat(pipeline.shardStatuses()).as("queued and limited under the shard of the new map")
                .extracting(ShardStatus::shardId).containsExactly("shardId-000000000001");

        pipeline.close();
        long atClose = kinesis.listShardsCalls();
        Thread.sleep(PERIOD_MILLIS * 4);
        assertThat(kinesis.listShardsCalls()).as("no listing after close").isEqualTo(atClose);
    }
}
