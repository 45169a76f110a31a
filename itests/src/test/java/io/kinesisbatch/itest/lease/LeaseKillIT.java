package io.kinesisbatch.itest.lease;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;

import io.kinesisbatch.itest.support.AwsPeers;
import io.kinesisbatch.itest.lease.LeaseItSupport.CountSampler;
import io.kinesisbatch.itest.support.Streams;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static io.kinesisbatch.itest.support.Polling.await;
import static io.kinesisbatch.itest.consumer.ConsumerItSupport.put;
import static io.kinesisbatch.itest.lease.LeaseItSupport.FAST;
import static io.kinesisbatch.itest.lease.LeaseItSupport.LAST_WRITE_WITHIN;
import static io.kinesisbatch.itest.lease.LeaseItSupport.owners;
import static org.assertj.core.api.Assertions.assertThat;

/** Consumers as separate JVM processes; one is killed with SIGKILL ({@link Process#destroyForcibly()}) under load. */
class LeaseKillIT {

    private static final String TABLE = "it-lease-kill-" + System.nanoTime();
    private static final int CHECKPOINT_LIMIT = 50;
    private final List<Process> processes = new ArrayList<>();

    @AfterEach
    void killAll() {
        processes.forEach(Process::destroyForcibly);
    }

    private Path start(String stream, String worker) throws IOException {
        Path dir = Path.of("target", "lease-kill");
        Files.createDirectories(dir);
        Path out = dir.resolve(stream + "-" + worker + ".txt");
        Path log = dir.resolve(stream + "-" + worker + ".log");
        ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), LeaseWorkerMain.class.getName(), out.toString())
                .redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().put("KB_URI", AwsPeers.get().uri(stream, FAST + "&checkpointTable=" + TABLE
                                                                       + "&checkpointLimit=" + CHECKPOINT_LIMIT
                                                                       + "&workerId=" + worker));
        processes.add(builder.start());
        return out;
    }

    private static List<String> lines(Path file) {
        try {
            if (!Files.exists(file)) {
                return List.of();
            }
            String text = Files.readString(file, StandardCharsets.UTF_8);
            int end = text.lastIndexOf('\n'); // a line cut by the kill is not a processed record
            return end < 0 ? List.of() : List.of(text.substring(0, end).split("\n"));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<String> all(List<Path> files) {
        List<String> all = new ArrayList<>();
        files.forEach(f -> all.addAll(lines(f)));
        return all;
    }

    @Test
    void aConsumerKilledWithSigkillUnderLoadHasItsShardsTakenAndDuplicatesStayBounded() throws Exception {
        String stream = Streams.create(6);
        List<Path> files = List.of(start(stream, "p1"), start(stream, "p2"), start(stream, "p3"));
        await("2 shards each").atMost(Duration.ofSeconds(60))
                .until(() -> owners(TABLE, stream).equals(Map.of("p1", 2, "p2", 2, "p3", 2)));
        // a worker robbed of a lease while the group settled stops at its next renewal (leaseDuration/3 = 1 s):
        // wait for the ownership to stay put for twice that before writing
        Map<String, Integer> settled = owners(TABLE, stream);
        long stableSince = System.nanoTime();
        while (System.nanoTime() - stableSince < Duration.ofSeconds(2).toNanos()) {
            Thread.sleep(200);
            Map<String, Integer> now = owners(TABLE, stream);
            if (!now.equals(settled)) {
                settled = now;
                stableSince = System.nanoTime();
            }
        }

        // about 200 records per shard, several windows
        List<String> written = new ArrayList<>(put(stream, "before", 1200));
        int recent;
        try (CountSampler p1Lines = new CountSampler(() -> lines(files.get(0)).size())) {
            await("records read by the consumers").atMost(Duration.ofSeconds(60))
                    .until(() -> all(files).size() >= 900);
            processes.get(0).destroyForcibly().waitFor();
            recent = lines(files.get(0)).size() - p1Lines.at(System.nanoTime() - LAST_WRITE_WITHIN.toNanos());
        }
        long killedAt = System.nanoTime();
        written.addAll(put(stream, "during", 200));

        await("p1's shards taken").atMost(Duration.ofSeconds(20)).until(() -> !owners(TABLE, stream).containsKey("p1"));
        Duration takeover = Duration.ofNanos(System.nanoTime() - killedAt);
        assertThat(takeover).as("leaseDuration + rebalanceInterval + margin").isLessThan(Duration.ofSeconds(3 + 1 + 3));
        written.addAll(put(stream, "after", 100));

        await("every record at least once").atMost(Duration.ofSeconds(60)).until(() -> all(files).containsAll(written));
        Thread.sleep(500);
        List<String> texts = all(files);
        int duplicates = texts.size() - new HashSet<>(texts).size();
        // what p1 completed after its last checkpoint write (one every checkpointInterval), plus what it had in flight:
        // at most checkpointLimit records per shard it held
        assertThat(duplicates).as("duplicates <= what p1 processed in its last %d ms + checkpointLimit x its 2 shards",
                LAST_WRITE_WITHIN.toMillis()).isLessThanOrEqualTo(recent + CHECKPOINT_LIMIT * 2);
    }
}
