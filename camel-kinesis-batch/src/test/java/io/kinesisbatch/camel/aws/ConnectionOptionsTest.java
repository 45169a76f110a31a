package io.kinesisbatch.camel.aws;

import io.kinesisbatch.camel.KinesisBatchConfiguration;
import io.kinesisbatch.camel.aws.ConnectionOptions.CredentialsSource;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ConnectionOptionsTest {

    private final KinesisBatchConfiguration c = new KinesisBatchConfiguration();

    @Test
    void noCredentialOptionsMeansTheDefaultChain() {
        assertThat(ConnectionOptions.credentialsSource(c)).isEqualTo(CredentialsSource.DEFAULT_CHAIN);
        c.setUseDefaultCredentialsProvider(true);
        assertThat(ConnectionOptions.credentialsSource(c)).isEqualTo(CredentialsSource.DEFAULT_CHAIN);
    }

    @Test
    void staticKeysWithAndWithoutSessionToken() {
        c.setAccessKey("AKID");
        c.setSecretKey("secret");
        assertThat(ConnectionOptions.credentialsSource(c)).isEqualTo(CredentialsSource.STATIC);
        c.setSessionToken("token");
        assertThat(ConnectionOptions.credentialsSource(c)).isEqualTo(CredentialsSource.STATIC_SESSION);
    }

    @Test
    void profile() {
        c.setProfileCredentialsName("dev");
        assertThat(ConnectionOptions.credentialsSource(c)).isEqualTo(CredentialsSource.PROFILE);
    }

    @Test
    void halfAKeyPairNamesTheMissingHalf() {
        c.setAccessKey("AKID");
        assertThatThrownBy(() -> ConnectionOptions.credentialsSource(c)).hasMessageContaining("secretKey is missing");
        c.setAccessKey(null);
        c.setSecretKey("secret");
        assertThatThrownBy(() -> ConnectionOptions.credentialsSource(c)).hasMessageContaining("accessKey is missing");
    }

    @Test
    void sessionTokenAloneIsRejected() {
        c.setSessionToken("token");
        assertThatThrownBy(() -> ConnectionOptions.credentialsSource(c)).hasMessageContaining("sessionToken needs");
    }

    @Test
    void twoSourcesAreRejected() {
        c.setAccessKey("AKID");
        c.setSecretKey("secret");
        c.setProfileCredentialsName("dev");
        assertThatThrownBy(() -> ConnectionOptions.credentialsSource(c))
                .hasMessageContaining("choose one credentials source");
    }

    @Test
    void defaultChainSwitchedOffWithNothingElseIsRejected() {
        c.setUseDefaultCredentialsProvider(false);
        assertThatThrownBy(() -> ConnectionOptions.credentialsSource(c))
                .hasMessageContaining("useDefaultCredentialsProvider=false");
    }

    @Test
    void secretsNeverAppearInErrors() {
        c.setAccessKey("AKIDVISIBLE");
        c.setSecretKey("s3cr3t-value");
        c.setProfileCredentialsName("dev");
        assertThatThrownBy(() -> ConnectionOptions.validate(c))
                .message().doesNotContain("s3cr3t-value").doesNotContain("AKIDVISIBLE");
    }

    @Test
    void endpointOverridesMustBeAbsoluteHttpUrls() {
        assertThat(ConnectionOptions.endpointUri("uriEndpointOverride", "http://127.0.0.1:4567").getPort())
                .isEqualTo(4567);
        assertThat(ConnectionOptions.endpointUri("uriEndpointOverride", null)).isNull();
        assertThatThrownBy(() -> ConnectionOptions.endpointUri("uriEndpointOverride", "localhost:4567"))
                .hasMessageContaining("uriEndpointOverride must be an absolute http(s) URL");
        assertThatThrownBy(() -> ConnectionOptions.endpointUri("dynamoDbUriEndpointOverride", "http://bad host"))
                .hasMessageContaining("dynamoDbUriEndpointOverride is not a valid URL");
    }

    @Test
    void dynamoDbEndpointFallsBackToTheKinesisOne() {
        c.setUriEndpointOverride("http://127.0.0.1:1");
        assertThat(ConnectionOptions.dynamoDbEndpoint(c)).isEqualTo("http://127.0.0.1:1");
        c.setDynamoDbUriEndpointOverride("http://127.0.0.1:2");
        assertThat(ConnectionOptions.dynamoDbEndpoint(c)).isEqualTo("http://127.0.0.1:2");
    }

    @Test
    void roleArnAndRegionAreChecked() {
        c.setRoleArn("my-role");
        assertThatThrownBy(() -> ConnectionOptions.validate(c)).hasMessageContaining("roleArn must be an IAM role ARN");
        c.setRoleArn("arn:aws:iam::123456789012:role/writer");
        c.setRegion("EU West 1");
        assertThatThrownBy(() -> ConnectionOptions.validate(c)).hasMessageContaining("region must look like eu-west-1");
        c.setRegion("eu-west-1");
        ConnectionOptions.validate(c);
    }
}
