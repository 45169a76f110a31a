package io.kinesisbatch.itest.bench;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import io.kinesisbatch.camel.KinesisBatchConfiguration;
import io.kinesisbatch.camel.aws.AwsClientFactory;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.services.kinesis.KinesisAsyncClient;
import software.amazon.awssdk.services.kinesis.model.PutRecordsResponse;
import software.amazon.awssdk.services.kinesis.model.StreamStatus;

import static org.assertj.core.api.Assertions.assertThat;

/** The benchmark's null endpoint answers the SDK correctly over CBOR and JSON, and can be stalled. */
class NullKinesisServerTest {

    @ParameterizedTest
    @ValueSource(booleans = { true, false })
    void acknowledgesEveryEntryAndDescribesTheStream(boolean cbor) throws Exception {
        try (NullKinesisServer server = new NullKinesisServer(2);
                AwsClientFactory clients = new AwsClientFactory(config(server, cbor))) {
            KinesisAsyncClient kinesis = clients.kinesis();

            RawPutRecordsLoop.run(kinesis, "bench", 1_234, 500, 4, new byte[]{ 1, 2, 3 });

            assertThat(server.recordsAcknowledged()).isEqualTo(1_234);
            assertThat(server.putRecordsCalls()).isEqualTo(3);
            assertThat(kinesis.describeStreamSummary(b -> b.streamName("bench")).join().streamDescriptionSummary()
                    .streamStatus()).isEqualTo(StreamStatus.ACTIVE);
            assertThat(kinesis.listShards(b -> b.streamName("bench")).join().shards()).hasSize(1);
        }
    }

    @ParameterizedTest
    @ValueSource(booleans = { true })
    void holdsRequestsWhileStalled(boolean cbor) throws Exception {
        try (NullKinesisServer server = new NullKinesisServer(2);
                AwsClientFactory clients = new AwsClientFactory(config(server, cbor))) {
            server.stall();
            CompletableFuture<PutRecordsResponse> call = clients.kinesis().putRecords(b -> b.streamName("bench")
                    .records(r -> r.partitionKey("k").data(software.amazon.awssdk.core.SdkBytes.fromUtf8String("x"))));
            Thread.sleep(300);
            assertThat(call).isNotDone();
            server.release();
            assertThat(call.get(10, TimeUnit.SECONDS).records()).hasSize(1);
        }
    }

    private static KinesisBatchConfiguration config(NullKinesisServer server, boolean cbor) {
        KinesisBatchConfiguration c = new KinesisBatchConfiguration();
        c.setRegion("us-east-1");
        c.setAccessKey("a");
        c.setSecretKey("b");
        c.setCborEnabled(cbor);
        c.setUriEndpointOverride(server.endpoint());
        return c;
    }
}
