package io.kinesisbatch.camel.producer;

import java.time.Duration;

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
}
