package io.kinesisbatch.camel.producer;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.kinesisbatch.camel.FakeKinesis;

import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.client.config.SdkClientConfiguration;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.kinesis.internal.KinesisServiceClientConfigurationBuilder;

import static org.assertj.core.api.Assertions.assertThat;

class KinesisGatewayTest {

    /**
     * The plugin relies on the SDK putting only the options an override configuration holds: this checks it against
     * the SDK in use, the way the SDK applies a request's plugins (on a copy of the client's configuration).
     */
    @Test
    void theRetryPluginSwitchesSdkRetriesOffAndLeavesEveryOtherClientSettingAlone() {
        ExecutionInterceptor interceptor = new ExecutionInterceptor() {
        };
        KinesisServiceClientConfigurationBuilder client = new KinesisServiceClientConfigurationBuilder(
                SdkClientConfiguration.builder());
        client.overrideConfiguration(ClientOverrideConfiguration.builder()
                .addExecutionInterceptor(interceptor)
                .apiCallAttemptTimeout(Duration.ofSeconds(7))
                .putHeader("x-user", "1")
                .retryStrategy(AwsRetryStrategy.standardRetryStrategy())
                .build());

        KinesisGateway.NO_SDK_RETRIES.configureClient(client);

        ClientOverrideConfiguration result = client.overrideConfiguration();
        assertThat(result.retryStrategy()).hasValueSatisfying(s -> assertThat(s.maxAttempts()).isEqualTo(1));
        assertThat(result.retryPolicy()).isEmpty();
        assertThat(result.executionInterceptors()).containsExactly(interceptor);
        assertThat(result.apiCallAttemptTimeout()).contains(Duration.ofSeconds(7));
        assertThat(result.headers()).containsKey("x-user");
    }

    @Test
    void onTheEndpointsPairPutRecordsGoesToTheClientWithoutRetriesAndDescribeToTheOther() throws Exception {
        FakeKinesis usual = new FakeKinesis().maxRecordSizeKiB(1024);
        FakeKinesis withoutRetries = new FakeKinesis();
        KinesisGateway gateway = new KinesisGateway(usual, withoutRetries, "s");
        assertThat(gateway.completesOffIoThreads()).as("the endpoint's own client: replies handled where they complete")
                .isTrue();

        gateway.putRecords(List.of(record())).get(5, TimeUnit.SECONDS);
        assertThat(gateway.maxRecordSize().get(5, TimeUnit.SECONDS)).isEqualTo(1024 * 1024);

        assertThat(usual.requests()).isEmpty();
        assertThat(withoutRetries.requests()).singleElement().satisfies(r -> {
            assertThat(r.overrideConfiguration()).hasValueSatisfying(o -> {
                assertThat(o.plugins()).as("no per-request plugin: the client has no SDK retries").isEmpty();
                assertThat(o.apiCallTimeout()).contains(KinesisGateway.CALL_TIMEOUT);
            });
        });
    }

    @Test
    void onAUsersClientSdkRetriesAreSwitchedOffPerRequest() throws Exception {
        FakeKinesis users = new FakeKinesis();
        KinesisGateway gateway = new KinesisGateway(users, null, "s");
        assertThat(gateway.completesOffIoThreads()).as("a user's client may complete on its I/O threads").isFalse();

        gateway.putRecords(List.of(record())).get(5, TimeUnit.SECONDS);

        assertThat(users.requests()).singleElement().satisfies(r -> assertThat(r.overrideConfiguration())
                .hasValueSatisfying(o -> {
                    assertThat(o.plugins()).containsExactly(KinesisGateway.NO_SDK_RETRIES);
                    assertThat(o.apiCallTimeout()).contains(KinesisGateway.CALL_TIMEOUT);
                }));
    }

    private static BufferedRecord record() {
        return NoListener.record(new byte[]{ 1 });
    }
}
