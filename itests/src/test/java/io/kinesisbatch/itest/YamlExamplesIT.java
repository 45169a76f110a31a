package io.kinesisbatch.itest;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import io.kinesisbatch.itest.support.AwsPeers;
import io.kinesisbatch.itest.support.CheckpointTable;
import io.kinesisbatch.itest.support.Streams;
import io.kinesisbatch.itest.support.Streams.StreamRecord;
import org.apache.camel.CamelContext;
import org.apache.camel.component.mock.MockEndpoint;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.ResourceHelper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kinesis.model.PutRecordsRequestEntry;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Loads and runs every YAML route of docs/examples against the peers, so the examples cannot rot. Only the
 * placeholders change (stream names, connection); the routes are used as written.
 */
class YamlExamplesIT {

    private static AwsPeers peers;
    private CamelContext context;

    @BeforeAll
    static void peers() {
        peers = AwsPeers.get();
    }

    @AfterEach
    void stop() {
        if (context != null) {
            context.stop();
        }
    }

    private static Path example(String name) {
        return Paths.get(System.getProperty("kinesisbatch.docsDir", "../docs"), "examples", name).toAbsolutePath();
    }

    private CamelContext start(String example, Properties properties) throws Exception {
        context = new DefaultCamelContext();
        Properties all = new Properties();
        all.setProperty("kinesis.region", peers.region());
        if (peers.kinesisEndpoint() != null) {
            all.setProperty("kinesis.endpoint", peers.kinesisEndpoint());
            all.setProperty("dynamodb.endpoint", peers.dynamoDbEndpoint());
            all.setProperty("aws.accessKey", peers.accessKey());
            all.setProperty("aws.secretKey", peers.secretKey());
        }
        all.putAll(properties);
        context.getPropertiesComponent().setInitialProperties(all);
        PluginHelper.getRoutesLoader(context)
                .loadRoutes(ResourceHelper.resolveMandatoryResource(context, "file:" + example(example)));
        context.start();
        return context;
    }

    @Test
    void producerWritesKeyedOrders() throws Exception {
        String stream = Streams.create(2);
        Properties p = new Properties();
        p.setProperty("orders.stream", stream);
        p.setProperty("orders.count", "20");
        start("producer.yaml", p);

        List<StreamRecord> records = Streams.awaitRecords(stream, 20, Duration.ofSeconds(90));

        assertThat(records).hasSize(20);
        assertThat(records.stream().map(StreamRecord::partitionKey).collect(Collectors.toSet()))
                .isEqualTo(IntStream.rangeClosed(1, 20).mapToObj(i -> "order-" + i).collect(Collectors.toSet()));
        assertThat(records)
                .allSatisfy(r -> assertThat(r.text()).startsWith("{\"orderId\":\"" + r.partitionKey() + "\""));
    }

    @Test
    void consumerReadsEveryRecordAndCheckpoints() throws Exception {
        String stream = Streams.create(2);
        String table = "yaml-consumer-" + System.nanoTime();
        put(stream, 30, "c");
        Properties p = new Properties();
        p.setProperty("orders.stream", stream);
        p.setProperty("orders.checkpointTable", table);
        p.setProperty("orders.sink", "mock:consumed");
        start("consumer.yaml", p);

        MockEndpoint consumed = context.getEndpoint("mock:consumed", MockEndpoint.class);
        consumed.expectedMinimumMessageCount(30);
        consumed.setResultWaitTime(Duration.ofSeconds(90).toMillis());
        consumed.assertIsSatisfied();

        Set<String> bodies = consumed.getExchanges().stream()
                .map(e -> e.getMessage().getBody(String.class)).collect(Collectors.toSet());
        assertThat(bodies).containsAll(IntStream.range(0, 30).mapToObj(i -> "c-" + i).toList());
        assertThat(CheckpointTable.scan(table)).isNotEmpty();
    }

    @Test
    void relayCopiesRecordsKeepingTheirPartitionKeys() throws Exception {
        String source = Streams.create(2);
        String target = Streams.create(2);
        put(source, 25, "r");
        Properties p = new Properties();
        p.setProperty("relay.source", source);
        p.setProperty("relay.target", target);
        p.setProperty("relay.checkpointTable", "yaml-relay-" + System.nanoTime());
        start("relay.yaml", p);

        List<StreamRecord> copied = Streams.awaitRecords(target, 25, Duration.ofSeconds(120));

        assertThat(copied.stream().map(r -> r.partitionKey() + "=" + r.text()).collect(Collectors.toSet()))
                .isEqualTo(Streams.readAll(source).stream().map(r -> r.partitionKey() + "=" + r.text())
                        .collect(Collectors.toSet()));
    }

    /** Writes {@code count} records "prefix-i" keyed "key-i" with the test-side client. */
    private static void put(String stream, int count, String prefix) {
        List<PutRecordsRequestEntry> entries = IntStream.range(0, count)
                .mapToObj(i -> PutRecordsRequestEntry.builder().partitionKey("key-" + i)
                        .data(SdkBytes.fromString(prefix + "-" + i, StandardCharsets.UTF_8)).build())
                .toList();
        assertThat(peers.kinesis().putRecords(b -> b.streamName(stream).records(entries)).join().failedRecordCount())
                .isZero();
    }
}
