package io.kinesisbatch.camel.springboot;

import io.kinesisbatch.camel.KinesisBatchComponent;
import io.kinesisbatch.camel.KinesisBatchConfiguration;
import io.kinesisbatch.camel.KinesisBatchEndpoint;
import org.apache.camel.CamelContext;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import software.amazon.awssdk.services.kinesis.KinesisAsyncClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A Spring Boot application with the starter: {@code camel.component.kinesis-batch.*} properties reach the
 * component's configuration and every endpoint created from it, and the application's single
 * {@code KinesisAsyncClient} bean is the one the component uses.
 */
@SpringBootTest(classes = KinesisBatchAutoConfigurationTest.App.class, properties = {
        "camel.component.kinesis-batch.region=eu-west-1",
        "camel.component.kinesis-batch.uri-endpoint-override=http://localhost:4567",
        "camel.component.kinesis-batch.dynamo-db-uri-endpoint-override=http://localhost:8000",
        "camel.component.kinesis-batch.access-key=AKIDSPRINGBOOT",
        "camel.component.kinesis-batch.secret-key=spring-boot-secret",
        "camel.component.kinesis-batch.session-token=spring-boot-token",
        "camel.component.kinesis-batch.cbor-enabled=false",
        "camel.component.kinesis-batch.trust-all-certificates=true",
        "camel.component.kinesis-batch.roleSessionName=relaxed-binding-works-too",
        "camel.component.kinesis-batch.lazy-start-producer=true" })
class KinesisBatchAutoConfigurationTest {

    @Configuration(proxyBeanMethods = false)
    @EnableAutoConfiguration
    static class App {
        @Bean(destroyMethod = "close")
        KinesisAsyncClient userKinesisClient() {
            return TestClients.kinesis();
        }
    }

    @Autowired
    private CamelContext camelContext;
    @Autowired
    private KinesisAsyncClient userKinesisClient;
    @Autowired
    private KinesisBatchComponentConfiguration properties;

    @Test
    void propertiesReachTheComponentConfiguration() {
        KinesisBatchConfiguration c = camelContext.getComponent("kinesis-batch", KinesisBatchComponent.class)
                .getConfiguration();

        assertThat(c.getRegion()).isEqualTo("eu-west-1");
        assertThat(c.getUriEndpointOverride()).isEqualTo("http://localhost:4567");
        assertThat(c.getDynamoDbUriEndpointOverride()).isEqualTo("http://localhost:8000");
        assertThat(c.getAccessKey()).isEqualTo("AKIDSPRINGBOOT");
        assertThat(c.getSecretKey()).isEqualTo("spring-boot-secret");
        assertThat(c.getSessionToken()).isEqualTo("spring-boot-token");
        assertThat(c.isCborEnabled()).isFalse();
        assertThat(c.isTrustAllCertificates()).isTrue();
        assertThat(c.getRoleSessionName()).isEqualTo("relaxed-binding-works-too");
        assertThat(camelContext.getComponent("kinesis-batch", KinesisBatchComponent.class).isLazyStartProducer())
                .isTrue();
    }

    @Test
    void optionsNotSetKeepTheComponentDefaults() {
        KinesisBatchConfiguration c = camelContext.getComponent("kinesis-batch", KinesisBatchComponent.class)
                .getConfiguration();
        assertThat(c.getUseDefaultCredentialsProvider()).as("decided by the keys, not forced to false").isNull();
        assertThat(c.getProfileCredentialsName()).isNull();
        assertThat(properties.getUseDefaultCredentialsProvider()).isNull();
    }

    @Test
    void endpointsInheritTheProperties() {
        KinesisBatchEndpoint endpoint = camelContext.getEndpoint("kinesis-batch:orders", KinesisBatchEndpoint.class);
        assertThat(endpoint.getConfiguration().getRegion()).isEqualTo("eu-west-1");
        assertThat(endpoint.getConfiguration().isCborEnabled()).isFalse();
        assertThat(endpoint.getConfiguration().getStreamName()).isEqualTo("orders");
    }

    @Test
    void theApplicationsSingleKinesisClientIsPickedUp() {
        KinesisBatchComponent component = camelContext.getComponent("kinesis-batch", KinesisBatchComponent.class);
        assertThat(component.getConfiguration().getKinesisClient()).isSameAs(userKinesisClient);
        assertThat(camelContext.getEndpoint("kinesis-batch:orders", KinesisBatchEndpoint.class).getKinesisClient())
                .isSameAs(userKinesisClient);
    }

    @Test
    void secretsStayOutOfToString() {
        assertThat(properties.toString())
                .contains("region=eu-west-1", "accessKey=***", "secretKey=***", "sessionToken=***")
                .doesNotContain("AKIDSPRINGBOOT", "spring-boot-secret", "spring-boot-token");
    }
}
