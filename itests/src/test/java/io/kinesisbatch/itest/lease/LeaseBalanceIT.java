package io.kinesisbatch.itest.lease;

import java.math.BigInteger;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.stream.Collectors;

import io.kinesisbatch.itest.consumer.ConsumerItBase;
import io.kinesisbatch.itest.consumer.ConsumerItSupport;
import io.kinesisbatch.itest.consumer.ConsumerItSupport.Received;
import io.kinesisbatch.itest.support.AwsPeers;
import io.kinesisbatch.itest.support.Streams;
import org.apache.camel.CamelContext;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kinesis.model.PutRecordsRequestEntry;
import software.amazon.awssdk.services.kinesis.model.Shard;

import static io.kinesisbatch.itest.support.Polling.await;
import static io.kinesisbatch.itest.consumer.ConsumerItSupport.put;
import static io.kinesisbatch.itest.consumer.ConsumerItSupport.texts;
import static io.kinesisbatch.itest.lease.LeaseItSupport.FAST;
import static io.kinesisbatch.itest.lease.LeaseItSupport.owners;
import static io.kinesisbatch.itest.lease.LeaseItSupport.reading;
import static org.assertj.core.api.Assertions.assertThat;

/** Several consumers (one CamelContext each) balance a stream's shards through the lease table. */
class LeaseBalanceIT extends ConsumerItBase {

    private static final String TABLE = "it-lease-balance-" + System.nanoTime();

    private CamelContext start(String stream, String worker, Queue<Received> into) throws Exception {
        return consume(AwsPeers.get().uri(stream, FAST + "&checkpointTable=" + TABLE + "&workerId=" + worker),
                e -> into.add(Received.of(e.getMessage())));
    }

    @Test
    void threeConsumersSettleAtTwoShardsEachAFourthJoiningUnderLoadGetsItsShareAndAGracefulStopHandsOverWithoutDuplicates()
            throws Exception {
        String stream = Streams.create(6);
        Queue<Received> received = ConsumerItSupport.queue();
        List<CamelContext> all = new ArrayList<>(List.of(start(stream, "w1", received), start(stream, "w2", received),
                start(stream, "w3", received)));
        await("2 shards each").atMost(Duration.ofSeconds(30))
                .until(() -> owners(TABLE, stream).equals(Map.of("w1", 2, "w2", 2, "w3", 2)));

        await("every shard read by one consumer").atMost(Duration.ofSeconds(10)).until(() -> reading(all) == 6);
        List<String> before = new ArrayList<>(put(stream, "before", 120));
        CamelContext fourth = start(stream, "w4", received);
        all.add(fourth);
        before.addAll(put(stream, "joining", 120)); // steals are handoffs: drained and checkpointed, nothing repeated
        await("w4 gets a share by steals").atMost(Duration.ofSeconds(30)).until(() -> {
            Map<String, Integer> owners = owners(TABLE, stream);
            return owners.getOrDefault("w4", 0) >= 1 && owners.values().stream().mapToInt(i -> i).sum() == 6
                   && max(owners) - min(owners) <= 1;
        });
        await("every shard read by one consumer").atMost(Duration.ofSeconds(10)).until(() -> reading(all) == 6);
        await("records before the stop").atMost(Duration.ofSeconds(30)).until(() -> received.size() >= 240);
        fourth.stop(); // graceful: drains, writes final checkpoints, releases
        await("w4's shards taken over").atMost(Duration.ofSeconds(15)).until(() -> {
            Map<String, Integer> owners = owners(TABLE, stream);
            return !owners.containsKey("w4") && owners.values().stream().mapToInt(i -> i).sum() == 6;
        });
        List<String> after = put(stream, "after", 120);
        await("records after the stop").atMost(Duration.ofSeconds(30)).until(() -> received.size() >= 360);
        Thread.sleep(1500); // a duplicate would come within a rebalance or two

        List<String> written = new ArrayList<>(before);
        written.addAll(after);
        assertThat(texts(received)).containsExactlyInAnyOrderElementsOf(written); // each exactly once
    }

    @Test
    void aSplitThenAMergeWhileTwoConsumersReadLoseNothingAndKeepEachKeysOrderAcrossParentsAndChildren()
            throws Exception {
        String stream = Streams.create(2);
        Queue<Received> received = ConsumerItSupport.queue();
        start(stream, "s1", received);
        start(stream, "s2", received);
        await("1 shard each").atMost(Duration.ofSeconds(30))
                .until(() -> owners(TABLE, stream).equals(Map.of("s1", 1, "s2", 1)));

        Map<String, Integer> next = new HashMap<>();
        int total = 0;
        total += putKeyed(stream, next, 4);
        Shard parent = Streams.shards(stream).get(0);
        BigInteger low = new BigInteger(parent.hashKeyRange().startingHashKey());
        BigInteger high = new BigInteger(parent.hashKeyRange().endingHashKey());
        AwsPeers.get().kinesis().splitShard(b -> b.streamName(stream).shardToSplit(parent.shardId())
                .newStartingHashKey(low.add(high).shiftRight(1).toString())).join();
        total += putKeyed(stream, next, 2); // while the split settles
        Streams.awaitActive(stream);
        total += putKeyed(stream, next, 4);

        // merge the split's two children back: the merged shard waits for both
        List<String> children = Streams.shards(stream).stream()
                .filter(s -> parent.shardId().equals(s.parentShardId())).map(Shard::shardId).sorted().toList();
        assertThat(children).hasSize(2);
        AwsPeers.get().kinesis().mergeShards(b -> b.streamName(stream).shardToMerge(children.get(0))
                .adjacentShardToMerge(children.get(1))).join();
        Streams.awaitActive(stream);
        total += putKeyed(stream, next, 4);

        int expected = total;
        await("every record").atMost(Duration.ofSeconds(60))
                .until(() -> received.stream().map(Received::text).collect(Collectors.toSet()).size() == expected);
        assertThat(received.stream().map(Received::shardId).collect(Collectors.toSet()))
                .as("the split's children and the merged shard were read").hasSize(5);

        // per key, the first deliveries come in the order the records were written
        Map<String, List<Integer>> firstOrder = new HashMap<>();
        Set<String> seen = new HashSet<>();
        for (Received r : new ArrayList<>(received)) {
            if (seen.add(r.text())) {
                firstOrder.computeIfAbsent(r.partitionKey(), k -> new ArrayList<>())
                        .add(Integer.parseInt(r.text().substring(r.text().lastIndexOf('#') + 1)));
            }
        }
        firstOrder.forEach(
                (key, order) -> assertThat(order).as("key " + key).isSortedAccordingTo(Comparator.naturalOrder()));
    }

    /** Writes {@code rounds} rounds of one record per key (20 keys), each numbered per key: {@code key#n}. */
    private static int putKeyed(String stream, Map<String, Integer> next, int rounds) {
        int written = 0;
        for (int round = 0; round < rounds; round++) {
            List<PutRecordsRequestEntry> entries = new ArrayList<>();
            for (int k = 0; k < 20; k++) {
                String key = "key-" + k;
                int n = next.merge(key, 1, Integer::sum);
                entries.add(PutRecordsRequestEntry.builder().partitionKey(key)
                        .data(SdkBytes.fromUtf8String(key + "#" + n)).build());
            }
            int failed = AwsPeers.get().kinesis().putRecords(b -> b.streamName(stream).records(entries)).join()
                    .failedRecordCount();
            assertThat(failed).isZero();
            written += entries.size();
        }
        return written;
    }

    private static int max(Map<String, Integer> owners) {
        return owners.values().stream().mapToInt(i -> i).max().orElse(0);
    }

    private static int min(Map<String, Integer> owners) {
        return owners.values().stream().mapToInt(i -> i).min().orElse(0);
    }
}
