package io.kinesisbatch.itest;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.CompletionException;

import io.kinesisbatch.camel.KinesisBatchEndpoint;
import io.kinesisbatch.camel.checkpoint.CheckpointAttributes;
import io.kinesisbatch.itest.support.AwsPeers;
import io.kinesisbatch.itest.support.Streams.StreamRecord;
import io.kinesisbatch.itest.support.Streams;
import org.apache.camel.CamelContext;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.SdkSystemSetting;
import software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.TableStatus;
import software.amazon.awssdk.services.kinesis.KinesisAsyncClient;
import software.amazon.awssdk.services.kinesis.model.PutRecordResponse;
import software.amazon.awssdk.services.kinesis.model.ShardIteratorType;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The clients our factory builds from a {@code kinesis-batch:} URI really reach Kinesis and DynamoDB: a record is
 * put and read back, a table is created, written and read. Also: JSON instead of CBOR, TLS verification on by
 * default, and a user-supplied client left open. (That the endpoint closes the clients it built is a unit test of the
 * component: here the test-side clients keep the SDK's shared event loop alive, so a closed client still answers.)
 */
class ConnectionSmokeIT {

    private static AwsPeers peers;
    private static String stream;
    private CamelContext context;

    @BeforeAll
    static void peersAndStream() {
        peers = AwsPeers.get();
        stream = Streams.create(2);
    }

    @BeforeEach
    void startContext() {
        context = new DefaultCamelContext();
        context.start();
    }

    @AfterEach
    void stopContext() {
        context.stop();
    }

    private KinesisBatchEndpoint endpoint(String options) {
        return context.getEndpoint(peers.uri(stream, options), KinesisBatchEndpoint.class);
    }

    @Test
    void factoryBuiltKinesisClientPutsAndReadsARecord() {
        KinesisAsyncClient kinesis = endpoint("").getKinesisClient();

        PutRecordResponse put = kinesis.putRecord(b -> b.streamName(stream).partitionKey("smoke")
                .data(SdkBytes.fromUtf8String("hello kinesis"))).join();

        String iterator = kinesis.getShardIterator(b -> b.streamName(stream).shardId(put.shardId())
                .shardIteratorType(ShardIteratorType.AT_SEQUENCE_NUMBER)
                .startingSequenceNumber(put.sequenceNumber())).join().shardIterator();
        var records = kinesis.getRecords(b -> b.shardIterator(iterator)).join().records();
        assertThat(records).isNotEmpty();
        assertThat(records.get(0).data().asUtf8String()).isEqualTo("hello kinesis");
        assertThat(records.get(0).partitionKey()).isEqualTo("smoke");

        // and the test side sees the same record in the stream
        assertThat(Streams.readAll(stream)).extracting(StreamRecord::text).contains("hello kinesis");
    }

    @Test
    void factoryBuiltDynamoDbClientCreatesWritesAndReadsATable() {
        DynamoDbAsyncClient dynamoDb = endpoint("").getDynamoDbClient();
        String table = "smoke-" + System.nanoTime();

        dynamoDb.createTable(b -> b.tableName(table)
                .attributeDefinitions(
                        a -> a.attributeName(CheckpointAttributes.STREAM_ID).attributeType(ScalarAttributeType.S),
                        a -> a.attributeName(CheckpointAttributes.SHARD_ID).attributeType(ScalarAttributeType.S))
                .keySchema(k -> k.attributeName(CheckpointAttributes.STREAM_ID).keyType(KeyType.HASH),
                        k -> k.attributeName(CheckpointAttributes.SHARD_ID).keyType(KeyType.RANGE))
                .billingMode(BillingMode.PAY_PER_REQUEST)).join();
        dynamoDb.waiter().waitUntilTableExists(b -> b.tableName(table)).join();

        Map<String, AttributeValue> key = Map.of(CheckpointAttributes.STREAM_ID, AttributeValue.fromS(stream),
                CheckpointAttributes.SHARD_ID, AttributeValue.fromS("shardId-000000000000"));
        dynamoDb.putItem(b -> b.tableName(table)
                .item(Map.of(CheckpointAttributes.STREAM_ID, key.get(CheckpointAttributes.STREAM_ID),
                        CheckpointAttributes.SHARD_ID, key.get(CheckpointAttributes.SHARD_ID),
                        CheckpointAttributes.SEQUENCE, AttributeValue.fromS("42"))))
                .join();

        var item = dynamoDb.getItem(b -> b.tableName(table).key(key).consistentRead(true)).join().item();
        assertThat(item.get(CheckpointAttributes.SEQUENCE).s()).isEqualTo("42");
        // visible through the test-side client too
        assertThat(peers.dynamoDb().describeTable(b -> b.tableName(table)).join().table().tableStatus())
                .isEqualTo(TableStatus.ACTIVE);
    }

    @Test
    void jsonProtocolWhenCborIsDisabledAndTheJvmSettingIsLeftAlone() {
        String property = SdkSystemSetting.CBOR_ENABLED.property();
        String before = System.getProperty(property);

        KinesisAsyncClient json = endpoint("cborEnabled=false").getKinesisClient();
        PutRecordResponse put = json.putRecord(b -> b.streamName(stream).partitionKey("json")
                .data(SdkBytes.fromString("over json", StandardCharsets.UTF_8))).join();

        assertThat(put.sequenceNumber()).isNotBlank();
        assertThat(System.getProperty(property)).isEqualTo(before);
    }

    @Test
    void tlsCertificatesAreVerifiedUnlessTrustAllCertificatesIsSet() {
        assumeTrue(peers.kinesisTlsEndpoint() != null, "the target has no self-signed TLS endpoint");
        String tls = "uriEndpointOverride=" + peers.kinesisTlsEndpoint();
        String base = peers.uri(stream, "").replaceAll("uriEndpointOverride=[^&]*&?", "");

        KinesisAsyncClient verifying = context.getEndpoint(base + "&" + tls, KinesisBatchEndpoint.class)
                .getKinesisClient();
        assertThatThrownBy(() -> verifying.listShards(b -> b.streamName(stream)).join())
                .isInstanceOf(CompletionException.class)
                .hasStackTraceContaining("certification path");

        // kinesis-mock's TLS port serves HTTP/1.1 only well: the factory's Kinesis client speaks HTTP/1.1
        KinesisAsyncClient trusting = context.getEndpoint(base + "&" + tls + "&trustAllCertificates=true",
                KinesisBatchEndpoint.class).getKinesisClient();
        assertThat(trusting.listShards(b -> b.streamName(stream)).join().shards()).hasSize(2);
    }

    @Test
    void endpointNeverClosesTheUsersOwnClient() {
        context.getRegistry().bind("userKinesis", peers.kinesis());
        KinesisBatchEndpoint supplied = context.getEndpoint(peers.uri(stream, "kinesisClient=#userKinesis"),
                KinesisBatchEndpoint.class);
        assertThat(supplied.getKinesisClient()).isSameAs(peers.kinesis());

        supplied.stop();

        assertThat(peers.kinesis().listShards(b -> b.streamName(stream)).join().shards()).hasSize(2);
    }
}
