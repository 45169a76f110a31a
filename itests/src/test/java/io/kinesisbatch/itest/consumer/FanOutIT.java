package io.kinesisbatch.itest.consumer;

import java.math.BigInteger;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.stream.Collectors;

import io.kinesisbatch.camel.consumer.ShardSnapshot;
import io.kinesisbatch.itest.consumer.ConsumerItSupport.Received;
import io.kinesisbatch.itest.support.Streams;
import org.apache.camel.CamelContext;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.kinesis.KinesisAsyncClient;
import software.amazon.awssdk.services.kinesis.model.Consumer;
import software.amazon.awssdk.services.kinesis.model.ConsumerStatus;
import software.amazon.awssdk.services.kinesis.model.ResourceNotFoundException;

import static io.kinesisbatch.itest.support.Polling.await;
import static io.kinesisbatch.itest.support.CheckpointTable.checkpoints;
import static io.kinesisbatch.itest.consumer.ConsumerItSupport.consumer;
import static io.kinesisbatch.itest.consumer.ConsumerItSupport.lastSequencePerShard;
import static io.kinesisbatch.itest.consumer.ConsumerItSupport.put;
import static io.kinesisbatch.itest.consumer.ConsumerItSupport.texts;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Enhanced fan-out against kinesis-mock (SubscribeToShard over HTTP/2 on its plain port) and DynamoDB Local: the
 * consumer registers its stream consumer, subscribes to every shard and delivers through the same window and
 * checkpoints as polling.
 */
class FanOutIT extends ConsumerItBase {

    private static final String RUN = Long.toString(System.nanoTime());

    private static String options(String table) {
        return quickOptions(table) + "&readMode=enhancedFanOut";
    }

    private static List<Consumer> registered(String stream) {
        return peers.kinesis().listStreamConsumers(b -> b.streamARN(Streams.arn(stream))).join().consumers();
    }

    private static void assertInShardOrder(Queue<Received> received) {
        received.stream().collect(Collectors.groupingBy(Received::shardId)).values().forEach(
                shard -> assertThat(shard.stream().map(r -> new BigInteger(r.sequenceNumber())).toList()).isSorted());
    }

    @Test
    void everyRecordOfAFourShardStreamOnceInShardOrderWithCheckpointsAtEachShardsLastRecord() throws Exception {
        String table = "it-efo-all-" + RUN;
        String stream = Streams.create(4);
        List<String> before = put(stream, "before", 200);

        Queue<Received> received = ConsumerItSupport.queue();
        CamelContext context = consume(peers.uri(stream, options(table)),
                e -> received.add(Received.of(e.getMessage())));
        await("200 records written before the start").atMost(Duration.ofSeconds(60))
                .until(() -> received.size() >= 200);
        List<String> after = put(stream, "after", 200); // pushed to the open subscriptions
        await("400 records").atMost(Duration.ofSeconds(60)).until(() -> received.size() >= 400);
        Map<String, String> lastPerShard = lastSequencePerShard(Streams.readAll(stream));
        await("checkpoints at each shard's last record").atMost(Duration.ofSeconds(20))
                .until(() -> checkpoints(table, stream).equals(lastPerShard));
        Thread.sleep(1000); // a duplicate would show up now

        List<String> written = new ArrayList<>(before);
        written.addAll(after);
        assertThat(texts(received)).containsExactlyInAnyOrderElementsOf(written);
        assertInShardOrder(received);
        List<Consumer> consumers = registered(stream);
        assertThat(consumers).singleElement().satisfies(c -> {
            assertThat(c.consumerName()).as("consumerName defaults to the checkpoint table").isEqualTo(table);
            assertThat(c.consumerStatus()).isEqualTo(ConsumerStatus.ACTIVE);
        });
        List<ShardSnapshot> shards = consumer(context, ROUTE).snapshots();
        assertThat(shards).hasSize(4).allSatisfy(s -> {
            assertThat(s.subscription()).isEqualTo("STREAMING");
            assertThat(s.millisBehindLatest()).isGreaterThanOrEqualTo(0);
        });
        assertThat(consumer(context, ROUTE).shardStatus()).contains("subscription=STREAMING");
        assertThat(consumer(context, ROUTE).getReadMode()).isEqualTo("enhancedFanOut");
        assertThat(consumer(context, ROUTE).getConsumerArn()).isEqualTo(consumers.get(0).consumerARN());
    }

    @Test
    void aRestartResumesFromTheCheckpointsWithoutDuplicates() throws Exception {
        String table = "it-efo-restart-" + RUN;
        String stream = Streams.create(2);
        List<String> written = put(stream, "restart", 300);

        Queue<Received> first = ConsumerItSupport.queue();
        CamelContext run1 = consume(peers.uri(stream, options(table)), e -> {
            first.add(Received.of(e.getMessage()));
            Thread.sleep(20);
        });
        await("a first part").atMost(Duration.ofSeconds(60)).until(() -> first.size() >= 80);
        run1.stop();
        assertThat(first.size()).isLessThan(300);

        // the cancelled subscriptions free their shards within a second or two: the new ones retry until then
        Queue<Received> second = ConsumerItSupport.queue();
        consume(peers.uri(stream, options(table)), e -> second.add(Received.of(e.getMessage())));
        await("the rest").atMost(Duration.ofSeconds(60)).until(() -> first.size() + second.size() >= 300);
        Thread.sleep(1500);

        List<String> all = new ArrayList<>(texts(first));
        all.addAll(texts(second));
        assertThat(all).as("no gap and no duplicate").containsExactlyInAnyOrderElementsOf(written);
        assertInShardOrder(second);
    }

    @Test
    void aSecondApplicationWithItsOwnTableAndConsumerReadsTheSameStreamAtTheSameTime() throws Exception {
        String stream = Streams.create(2);
        Queue<Received> a = ConsumerItSupport.queue();
        Queue<Received> b = ConsumerItSupport.queue();
        consume(peers.uri(stream, options("it-efo-app-a-" + RUN) + "&consumerName=app-a"),
                e -> a.add(Received.of(e.getMessage())));
        consume(peers.uri(stream, options("it-efo-app-b-" + RUN) + "&consumerName=app-b"),
                e -> b.add(Received.of(e.getMessage())));
        List<String> written = put(stream, "both", 200);

        await("both applications read everything").atMost(Duration.ofSeconds(60))
                .until(() -> a.size() >= 200 && b.size() >= 200);
        Thread.sleep(1000);
        assertThat(texts(a)).containsExactlyInAnyOrderElementsOf(written);
        assertThat(texts(b)).containsExactlyInAnyOrderElementsOf(written);
        assertThat(registered(stream)).extracting(Consumer::consumerName).containsExactlyInAnyOrder("app-a", "app-b");
    }

    @Test
    void twoInstancesOfOneApplicationShareTheShardsAndOneConsumerAndAHandoffReadsNothingTwice() throws Exception {
        String table = "it-efo-pair-" + RUN;
        String stream = Streams.create(4);
        String uri = peers.uri(stream, options(table) + "&rebalanceInterval=1s&leaseDuration=3s");
        List<String> first = put(stream, "first", 100);
        Queue<Received> a = ConsumerItSupport.queue();
        CamelContext one = consume(uri, e -> a.add(Received.of(e.getMessage())));
        await("the first instance reads everything").atMost(Duration.ofSeconds(60)).until(() -> a.size() >= 100);

        // the second takes shards over by handoff: each drained lane cancels its subscription; the new owner's
        // SubscribeToShard is retried (ResourceInUseException) should it come before the shard is free
        Queue<Received> b = ConsumerItSupport.queue();
        CamelContext two = consume(uri, e -> b.add(Received.of(e.getMessage())));
        await("two shards each").atMost(Duration.ofSeconds(60)).until(() -> consumer(one, ROUTE).snapshots().size() == 2
                                                                            && consumer(two, ROUTE).snapshots()
                                                                                    .size() == 2);
        List<String> second = put(stream, "second", 200);
        await("everything").atMost(Duration.ofSeconds(60)).until(() -> a.size() + b.size() >= 300);
        Thread.sleep(1500);

        List<String> all = new ArrayList<>(texts(a));
        all.addAll(texts(b));
        List<String> written = new ArrayList<>(first);
        written.addAll(second);
        assertThat(all).as("no gap and no duplicate").containsExactlyInAnyOrderElementsOf(written);
        assertThat(texts(b)).isNotEmpty();
        assertThat(registered(stream)).singleElement().extracting(Consumer::consumerName).isEqualTo(table);
    }

    @Test
    void aGivenConsumerArnIsUsedAndNothingIsRegistered() throws Exception {
        String stream = Streams.create(2);
        KinesisAsyncClient kinesis = peers.kinesis();
        String arn = kinesis.registerStreamConsumer(b -> b.streamARN(Streams.arn(stream)).consumerName("ops-made"))
                .join().consumer().consumerARN();
        await("the consumer ACTIVE").atMost(Duration.ofSeconds(30)).until(() -> kinesis.describeStreamConsumer(
                b -> b.consumerARN(arn)).join().consumerDescription().consumerStatus() == ConsumerStatus.ACTIVE);
        List<String> written = put(stream, "arn", 100);

        Queue<Received> received = ConsumerItSupport.queue();
        consume(peers.uri(stream, options("it-efo-arn-" + RUN) + "&consumerArn=RAW(" + arn + ")"),
                e -> received.add(Received.of(e.getMessage())));
        await("100 records").atMost(Duration.ofSeconds(60)).until(() -> received.size() >= 100);
        assertThat(texts(received)).containsExactlyInAnyOrderElementsOf(written);
        assertThat(registered(stream)).extracting(Consumer::consumerARN).containsExactly(arn);
    }

    @Test
    void deregisterConsumerOnStopRemovesTheStreamConsumerAndTheDefaultKeepsIt() throws Exception {
        String stream = Streams.create(1);
        put(stream, "dereg", 10);
        Queue<Received> kept = ConsumerItSupport.queue();
        CamelContext keeping = consume(peers.uri(stream, options("it-efo-keep-" + RUN) + "&consumerName=kept"),
                e -> kept.add(Received.of(e.getMessage())));
        Queue<Received> received = ConsumerItSupport.queue();
        CamelContext context = consume(peers.uri(stream, options("it-efo-dereg-" + RUN)
                                                         + "&consumerName=temporary&deregisterConsumerOnStop=true"),
                e -> received.add(Received.of(e.getMessage())));
        await("10 records each").atMost(Duration.ofSeconds(60)).until(() -> received.size() >= 10 && kept.size() >= 10);
        String arn = registered(stream).stream().filter(c -> c.consumerName().equals("temporary")).findFirst()
                .orElseThrow().consumerARN();

        context.stop();
        keeping.stop();
        await("the consumer deregistered").atMost(Duration.ofSeconds(30)).until(() -> gone(arn));
        assertThat(registered(stream)).filteredOn(c -> c.consumerStatus() != ConsumerStatus.DELETING)
                .extracting(Consumer::consumerName).as("the default keeps its consumer").containsExactly("kept");
    }

    @Test
    void childrenOfASplitAreReadAfterTheirParentEnded() throws Exception {
        // kinesis-mock never ends a closed shard's subscription: the parent ends through the GetRecords probe
        ConsumerReshardIT.readAcrossASplit(this, Streams.create(1),
                options("it-efo-split-" + RUN) + "&rebalanceInterval=2s", Duration.ofSeconds(90));
    }

    private static boolean gone(String consumerArn) {
        try {
            return peers.kinesis().describeStreamConsumer(b -> b.consumerARN(consumerArn)).join()
                    .consumerDescription().consumerStatus() == ConsumerStatus.DELETING;
        } catch (java.util.concurrent.CompletionException e) {
            return e.getCause() instanceof ResourceNotFoundException;
        }
    }
}
