package io.kinesisbatch.camel;

import org.apache.camel.CamelContext;
import org.apache.camel.ResolveEndpointFailedException;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.util.URISupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClient;
import software.amazon.awssdk.services.kinesis.KinesisAsyncClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class KinesisBatchComponentTest {

    private CamelContext context;

    @BeforeEach
    void start() {
        context = new DefaultCamelContext();
        context.start();
    }

    @AfterEach
    void stop() {
        context.stop();
    }

    @Test
    void resolvesAUriWithEveryConnectionOption() {
        String uri = "kinesis-batch:orders?region=eu-west-1"
                     + "&uriEndpointOverride=https://kinesis.example.test:4443"
                     + "&dynamoDbUriEndpointOverride=https://dynamodb.example.test:4443"
                     + "&accessKey=RAW(AKIDEXAMPLE)&secretKey=RAW(se+cr/et)&sessionToken=RAW(tok)"
                     + "&roleArn=arn:aws:iam::123456789012:role/writer&roleSessionName=orders-writer"
                     + "&roleExternalId=RAW(ext-42)&trustAllCertificates=true&cborEnabled=false";
        KinesisBatchEndpoint endpoint = context.getEndpoint(uri, KinesisBatchEndpoint.class);
        KinesisBatchConfiguration c = endpoint.getConfiguration();

        assertThat(c.getStreamName()).isEqualTo("orders");
        assertThat(c.getRegion()).isEqualTo("eu-west-1");
        assertThat(c.getUriEndpointOverride()).isEqualTo("https://kinesis.example.test:4443");
        assertThat(c.getDynamoDbUriEndpointOverride()).isEqualTo("https://dynamodb.example.test:4443");
        assertThat(c.getAccessKey()).isEqualTo("AKIDEXAMPLE");
        assertThat(c.getSecretKey()).isEqualTo("se+cr/et");
        assertThat(c.getSessionToken()).isEqualTo("tok");
        assertThat(c.getRoleArn()).isEqualTo("arn:aws:iam::123456789012:role/writer");
        assertThat(c.getRoleSessionName()).isEqualTo("orders-writer");
        assertThat(c.getRoleExternalId()).isEqualTo("ext-42");
        assertThat(c.isTrustAllCertificates()).isTrue();
        assertThat(c.isCborEnabled()).isFalse();
    }

    @Test
    void profileAndDefaultChainOptions() {
        KinesisBatchConfiguration profile = context.getEndpoint(
                "kinesis-batch:s?profileCredentialsName=dev&region=us-west-2", KinesisBatchEndpoint.class)
                .getConfiguration();
        assertThat(profile.getProfileCredentialsName()).isEqualTo("dev");
        KinesisBatchConfiguration chain = context.getEndpoint(
                "kinesis-batch:s?useDefaultCredentialsProvider=true", KinesisBatchEndpoint.class).getConfiguration();
        assertThat(chain.getUseDefaultCredentialsProvider()).isTrue();
    }

    @Test
    void streamArnIsAValidPath() {
        String arn = "arn:aws:kinesis:eu-west-1:123456789012:stream/orders";
        assertThat(context.getEndpoint("kinesis-batch:" + arn, KinesisBatchEndpoint.class).getConfiguration()
                .getStreamName()).isEqualTo(arn);
    }

    @Test
    void secretsAreMaskedInTheEndpointUri() {
        KinesisBatchEndpoint endpoint = context.getEndpoint(
                "kinesis-batch:s?accessKey=RAW(AKIDEXAMPLE)&secretKey=RAW(topsecret)&sessionToken=RAW(tokenvalue)"
                                                            + "&roleArn=arn:aws:iam::1:role/r&roleExternalId=RAW(extvalue)",
                KinesisBatchEndpoint.class);
        String shown = URISupport.sanitizeUri(endpoint.getEndpointUri());
        assertThat(shown).doesNotContain("AKIDEXAMPLE", "topsecret", "tokenvalue");
        assertThat(endpoint.toString()).doesNotContain("AKIDEXAMPLE", "topsecret", "tokenvalue");
        assertThat(endpoint.getConfiguration().toString()).doesNotContain("AKIDEXAMPLE", "topsecret", "tokenvalue",
                "extvalue");
    }

    @Test
    void componentDefaultsApplyAndEndpointOptionsWin() {
        KinesisBatchComponent component = context.getComponent("kinesis-batch", KinesisBatchComponent.class);
        component.getConfiguration().setRegion("ap-south-1");
        component.getConfiguration().setCborEnabled(false);

        KinesisBatchConfiguration a = context.getEndpoint("kinesis-batch:a", KinesisBatchEndpoint.class)
                .getConfiguration();
        KinesisBatchConfiguration b = context
                .getEndpoint("kinesis-batch:b?region=eu-north-1", KinesisBatchEndpoint.class)
                .getConfiguration();

        assertThat(a.getRegion()).isEqualTo("ap-south-1");
        assertThat(a.isCborEnabled()).isFalse();
        assertThat(b.getRegion()).isEqualTo("eu-north-1");
        assertThat(component.getConfiguration().getRegion()).isEqualTo("ap-south-1");
    }

    @Test
    void singleClientBeansAreAutowired() {
        try (KinesisAsyncClient kinesis = KinesisAsyncClient.builder()
                .region(software.amazon.awssdk.regions.Region.US_EAST_1)
                .credentialsProvider(() -> software.amazon.awssdk.auth.credentials.AwsBasicCredentials.create("a", "b"))
                .build();
                DynamoDbAsyncClient dynamoDb = DynamoDbAsyncClient.builder()
                        .region(software.amazon.awssdk.regions.Region.US_EAST_1)
                        .credentialsProvider(
                                () -> software.amazon.awssdk.auth.credentials.AwsBasicCredentials.create("a", "b"))
                        .build()) {
            CamelContext ctx = new DefaultCamelContext();
            ctx.getRegistry().bind("myKinesis", kinesis);
            ctx.getRegistry().bind("myDynamoDb", dynamoDb);
            ctx.start();
            KinesisBatchEndpoint endpoint = ctx.getEndpoint("kinesis-batch:s", KinesisBatchEndpoint.class);
            assertThat(endpoint.getKinesisClient()).isSameAs(kinesis);
            assertThat(endpoint.getDynamoDbClient()).isSameAs(dynamoDb);
            ctx.stop();
        }
    }

    @Test
    void malformedOptionsFailAtEndpointCreationNamingTheOption() {
        assertThatThrownBy(() -> context.getEndpoint("kinesis-batch:s?accessKey=AKID"))
                .isInstanceOf(ResolveEndpointFailedException.class)
                .hasMessageContaining("secretKey is missing");
        assertThatThrownBy(() -> context.getEndpoint("kinesis-batch:s?uriEndpointOverride=localhost:4567"))
                .hasMessageContaining("uriEndpointOverride must be an absolute http(s) URL");
        assertThatThrownBy(() -> context.getEndpoint("kinesis-batch:s?trustAllCertificates=maybe"))
                .hasRootCauseInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("trustAllCertificates");
        assertThatThrownBy(() -> context.getEndpoint("kinesis-batch:s?regoin=eu-west-1"))
                .hasMessageContaining("regoin");
        assertThatThrownBy(() -> context.getEndpoint("kinesis-batch:?region=eu-west-1"))
                .hasMessageContaining("stream name or ARN");
    }

    @Test
    void aggregationOptionsAreCheckedAtEndpointCreation() {
        assertThat(context.getEndpoint("kinesis-batch:s?aggregation=shard&aggregationMaxBytes=1048576",
                KinesisBatchEndpoint.class).getConfiguration().getAggregation()).isEqualTo("shard");
        assertThatThrownBy(() -> context.getEndpoint("kinesis-batch:s?aggregation=byKey"))
                .isInstanceOf(ResolveEndpointFailedException.class)
                .hasMessageContaining("aggregation must be none, partitionKey or shard, got byKey");
        assertThatThrownBy(() -> context.getEndpoint("kinesis-batch:s?aggregation=partitionKey&aggregationMaxBytes=0"))
                .hasMessageContaining("aggregationMaxBytes must be from 1 to 10485760");
        assertThatThrownBy(() -> context.getEndpoint("kinesis-batch:s?aggregationMaxBytes=20000000"))
                .hasMessageContaining("aggregationMaxBytes must be from 1 to 10485760");
        assertThatThrownBy(() -> context.getEndpoint("kinesis-batch:s?aggregationMaxBytes=lots"))
                .hasMessageContaining("aggregationMaxBytes");
    }

    @Test
    void shardRateLimitIsAPercentFrom0To100CheckedAtEndpointCreation() {
        assertThat(context.getEndpoint("kinesis-batch:s", KinesisBatchEndpoint.class).getConfiguration()
                .getShardRateLimit()).isEqualTo(100);
        assertThat(context.getEndpoint("kinesis-batch:s?shardRateLimit=0", KinesisBatchEndpoint.class)
                .getConfiguration().getShardRateLimit()).isZero();
        assertThatThrownBy(() -> context.getEndpoint("kinesis-batch:s?shardRateLimit=150"))
                .isInstanceOf(ResolveEndpointFailedException.class)
                .hasMessageContaining("shardRateLimit is a percent of a shard's write limit from 0 (no limit) to 100,"
                                      + " not 150");
        assertThatThrownBy(() -> context.getEndpoint("kinesis-batch:s?shardRateLimit=-5"))
                .hasMessageContaining("shardRateLimit is a percent of a shard's write limit from 0 (no limit) to 100,"
                                      + " not -5");
        assertThatThrownBy(() -> context.getEndpoint("kinesis-batch:s?shardRateLimit=half"))
                .hasMessageContaining("shardRateLimit");
    }

}
