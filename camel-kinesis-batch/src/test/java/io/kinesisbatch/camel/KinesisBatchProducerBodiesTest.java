package io.kinesisbatch.camel;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.support.DefaultMessage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.kinesis.model.PutRecordsRequestEntry;

import static org.assertj.core.api.Assertions.assertThat;

/** Bodies and keys the producer takes, and how it refuses the others. */
class KinesisBatchProducerBodiesTest extends ProducerTestSupport {

    @TempDir
    Path dir;

    private List<PutRecordsRequestEntry> entries() {
        List<PutRecordsRequestEntry> all = new ArrayList<>();
        kinesis.requests().forEach(r -> all.addAll(r.records()));
        return all;
    }

    @Test
    void aPathBodyIsOneRecordOfTheFilesContents() throws Exception {
        start("batchTimeout=10");
        Path file = Files.writeString(dir.resolve("order.json"), "{\"order\":1}");
        Exchange e = send(file).await();
        assertThat(e.getException()).isNull();
        assertThat(e.getMessage().getHeader(KinesisBatchConstants.RECORD_COUNT)).isNull();
        assertThat(entries()).singleElement()
                .satisfies(en -> assertThat(en.data().asUtf8String()).isEqualTo("{\"order\":1}"));
    }

    @Test
    void streamsAndFilesOverTheRecordLimitAreRejectedWithoutBeingReadWhole() throws Exception {
        kinesis.maxRecordSizeKiB(1);
        start("batchTimeout=10");
        AtomicLong read = new AtomicLong();
        InputStream tenMegabytes = new ByteArrayInputStream(new byte[10 * 1024 * 1024]) {
            @Override
            public synchronized int read(byte[] b, int off, int len) {
                int n = super.read(b, off, len);
                read.addAndGet(Math.max(n, 0));
                return n;
            }
        };
        Exchange stream = send(tenMegabytes).await();
        assertThat(stream.getException()).isInstanceOf(KinesisBatchRecordRejectedException.class)
                .hasMessageContaining("more than 1024 bytes");
        assertThat(read.get()).as("bytes read of the stream").isLessThanOrEqualTo(1025);
        Path big = Files.write(dir.resolve("big.bin"), new byte[2048]);
        assertThat(send(big).await().getException()).isInstanceOf(KinesisBatchRecordRejectedException.class)
                .hasMessageContaining("2048 bytes");
        assertThat(kinesis.requests()).isEmpty();
    }

    @Test
    void anErrorReadingTheBodyStillCompletesTheExchange() throws Exception {
        start("batchTimeout=10");
        InputStream broken = new InputStream() {
            @Override
            public int read() {
                throw new StackOverflowError("deep");
            }
        };
        Sent sent = send(broken);
        assertThat(sent.callbacks.get()).isEqualTo(1);
        assertThat(sent.await().getException()).isInstanceOf(KinesisBatchException.class)
                .hasCauseInstanceOf(StackOverflowError.class);
        assertThat(send("next").await().getException()).isNull();
    }

    @Test
    void aFailingPartitionKeyExpressionFailsItsExchangeWithAKinesisBatchException() throws Exception {
        start("batchTimeout=10&partitionKey=${header.order.noSuchMethod()}");
        Exchange e = send("x", Map.of("order", "o-1")).await();
        assertThat(e.getException()).isInstanceOf(KinesisBatchRecordRejectedException.class)
                .hasMessageContaining("test-stream").hasMessageContaining("partitionKey expression");
        assertThat(kinesis.requests()).isEmpty();
    }

    @Test
    void aPartitionKeyExpressionGivingNullMeansARandomKey() throws Exception {
        start("batchTimeout=10&partitionKey=${header.order}");
        assertThat(send("a").await().getException()).isNull();
        assertThat(send("b").await().getException()).isNull();
        assertThat(entries()).extracting(PutRecordsRequestEntry::partitionKey)
                .allSatisfy(k -> assertThat(k).matches("[0-9a-f]{32}")).doesNotHaveDuplicates();
    }

    private Message record(String data, String key) {
        // as a kinesis-batch consumer delivers records in List mode: a Message with the record's headers
        Message m = new DefaultMessage(context);
        m.setBody(data.getBytes(StandardCharsets.UTF_8));
        m.setHeader(KinesisBatchConstants.PARTITION_KEY, key);
        m.setHeader(KinesisBatchConstants.SEQUENCE_NUMBER, "49590338271490256608559692538361571095921575989136588898");
        return m;
    }

    @Test
    void aConsumersListOfRecordsIsRelayedWithEachRecordsOwnKey() throws Exception {
        start("batchTimeout=10");
        Exchange e = send(List.of(record("one", "k1"), record("two", "k2"), record("three", "k1"))).await();
        assertThat(e.getException()).isNull();
        assertThat(e.getMessage().getHeader(KinesisBatchConstants.RECORD_COUNT)).isEqualTo(3);
        assertThat(entries()).extracting(en -> en.data().asUtf8String() + "@" + en.partitionKey())
                .containsExactly("one@k1", "two@k2", "three@k1");
    }

    @Test
    void aRelayedRecordKeepsItsOwnExplicitHashKeyUnlessTheEndpointGivesOne() throws Exception {
        // a de-aggregated KPL record carries the explicit hash key its producer chose; a single-record relay keeps it
        // through the header, so a List relay must keep it per element too
        start("batchTimeout=10");
        Message placed = record("one", "k1");
        placed.setHeader(KinesisBatchConstants.EXPLICIT_HASH_KEY, "12345");
        send(List.of(placed, record("two", "k2"))).await();
        assertThat(entries()).extracting(PutRecordsRequestEntry::explicitHashKey).containsExactly("12345", null);
        send(List.of(placed), Map.of(KinesisBatchConstants.EXPLICIT_HASH_KEY, "7")).await();
        assertThat(entries()).extracting(PutRecordsRequestEntry::explicitHashKey).containsExactly("12345", null, "7");
    }

    @Test
    void thePartitionKeyOptionWinsOverTheRelayedRecordsKeys() throws Exception {
        start("batchTimeout=10&partitionKey=${header.tenant}");
        send(List.of(record("one", "k1"), record("two", "k2")), Map.of("tenant", "t-9")).await();
        assertThat(entries()).extracting(PutRecordsRequestEntry::partitionKey).containsExactly("t-9", "t-9");
    }
}
