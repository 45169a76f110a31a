package io.kinesisbatch.itest;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import io.kinesisbatch.itest.support.AwsPeers;
import io.kinesisbatch.itest.support.Streams;
import io.kinesisbatch.itest.support.Streams.StreamRecord;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code camel run docs/examples/producer.yaml --dep=io.kinesisbatch:camel-kinesis-batch:<version>} for real: Camel
 * JBang (camel-jbang-core from Maven Central) in its own JVM, resolving this build's jar from a local repository the
 * build fills, writing to the peers.
 */
class JBangRunIT {

    @Test
    void camelRunOfTheProducerExampleWritesToTheStream() throws Exception {
        AwsPeers peers = AwsPeers.get();
        String stream = Streams.create(1);
        Path work = Files.createDirectories(Paths.get("target", "jbang-work"));
        Path log = work.resolve("camel-run-" + stream + ".log");
        // JBang's local repository is the file repository the build filled with this build's jar: a SNAPSHOT
        // installed earlier into ~/.m2 can never stand in for it (other dependencies are downloaded into it)
        Path repo = Paths.get(System.getProperty("kinesisbatch.jbangRepo")).toAbsolutePath();
        Path settings = work.resolve("settings.xml");
        Files.writeString(settings, "<settings><localRepository>" + repo + "</localRepository></settings>\n");

        List<String> command = new ArrayList<>(List.of(
                Paths.get(System.getProperty("java.home"), "bin", "java").toString(),
                "-Dmaven.repo.local=" + repo,
                "-cp", Files.readString(Paths.get(System.getProperty("kinesisbatch.jbangClasspath"))).trim(),
                System.getProperty("kinesisbatch.jbangLauncher"),
                "run", Paths.get(System.getProperty("kinesisbatch.docsDir"), "examples", "producer.yaml").toString(),
                "--dep=io.kinesisbatch:camel-kinesis-batch:" + System.getProperty("kinesisbatch.version"),
                "--maven-settings=" + settings.toAbsolutePath(),
                "--property=orders.stream=" + stream,
                "--property=orders.count=5",
                "--property=kinesis.region=" + peers.region(),
                "--max-messages=5",
                "--max-seconds=150"));
        if (peers.kinesisEndpoint() != null) {
            command.add("--property=kinesis.endpoint=" + peers.kinesisEndpoint());
            command.add("--property=aws.accessKey=" + peers.accessKey());
            command.add("--property=aws.secretKey=" + peers.secretKey());
        }
        Process camel = new ProcessBuilder(command).directory(work.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile()).start();
        try {
            assertThat(camel.waitFor(4, TimeUnit.MINUTES)).as("camel run finished; log " + log).isTrue();
        } finally {
            camel.destroyForcibly();
        }
        String output = Files.readString(log);
        assertThat(camel.exitValue()).as("camel run exit code; log:\n" + tail(output)).isZero();

        List<StreamRecord> records = Streams.awaitRecords(stream, 5, Duration.ofSeconds(30));
        assertThat(records.stream().map(StreamRecord::partitionKey).collect(Collectors.toSet()))
                .isEqualTo(IntStream.rangeClosed(1, 5).mapToObj(i -> "order-" + i).collect(Collectors.toSet()));
        assertThat(output).contains("written to shardId-");
        // proof that JBang resolved from the build's repository, not from ~/.m2: the component's own dependencies
        // were fetched into it
        assertThat(repo.resolve("software/amazon/awssdk/kinesis")).as("JBang resolved into " + repo).isDirectory();
    }

    private static String tail(String text) {
        return text.length() > 4000 ? text.substring(text.length() - 4000) : text;
    }
}
