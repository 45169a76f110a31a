package io.kinesisbatch.camel.springboot;

import java.time.Duration;
import java.util.Map;

import io.kinesisbatch.camel.KinesisBatchComponent;
import org.apache.camel.CamelContext;
import org.apache.camel.spi.ComponentCustomizer;
import org.apache.camel.spring.boot.CamelAutoConfiguration;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;
import software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClient;
import software.amazon.awssdk.services.kinesis.KinesisAsyncClient;

import static org.assertj.core.api.Assertions.assertThat;

/** The switches of the auto-configuration and the bean options, each in its own small application context. */
class KinesisBatchAutoConfigurationSwitchesTest {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(CamelAutoConfiguration.class,
                    KinesisBatchComponentAutoConfiguration.class))
            .withPropertyValues("camel.component.kinesis-batch.region=ap-south-1");

    private static KinesisBatchComponent component(org.springframework.context.ApplicationContext context) {
        return context.getBean(CamelContext.class).getComponent("kinesis-batch", KinesisBatchComponent.class);
    }

    @Test
    void enabledByDefault() {
        runner.run(context -> {
            assertThat(context).hasSingleBean(KinesisBatchComponentConfiguration.class);
            assertThat(component(context).getConfiguration().getRegion()).isEqualTo("ap-south-1");
        });
    }

    @Test
    void environmentVariablesBindInSpringsForm() {
        runner.withInitializer(context -> context.getEnvironment().getPropertySources().replace(
                StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
                new SystemEnvironmentPropertySource(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
                        Map.of("CAMEL_COMPONENT_KINESISBATCH_URIENDPOINTOVERRIDE", "http://env.example.test:4567",
                                "CAMEL_COMPONENT_KINESISBATCH_CBORENABLED", "false"))))
                .run(context -> {
                    assertThat(component(context).getConfiguration().getUriEndpointOverride())
                            .isEqualTo("http://env.example.test:4567");
                    assertThat(component(context).getConfiguration().isCborEnabled()).isFalse();
                });
    }

    @Test
    void enabledFalseTurnsTheAutoConfigurationOff() {
        runner.withPropertyValues("camel.component.kinesis-batch.enabled=false").run(context -> {
            assertThat(context).doesNotHaveBean(KinesisBatchComponentConfiguration.class);
            assertThat(context).doesNotHaveBean(ComponentCustomizer.class);
            assertThat(component(context).getConfiguration().getRegion()).as("component with its own defaults")
                    .isNull();
        });
    }

    @Test
    void customizerEnabledFalseKeepsThePropertiesOffTheComponent() {
        runner.withPropertyValues("camel.component.kinesis-batch.customizer.enabled=false").run(context -> {
            assertThat(context.getBean(KinesisBatchComponentConfiguration.class).getRegion()).isEqualTo("ap-south-1");
            assertThat(component(context).getConfiguration().getRegion()).isNull();
        });
        runner.withPropertyValues("camel.component.customizer.enabled=false").run(
                context -> assertThat(component(context).getConfiguration().getRegion()).isNull());
        runner.withPropertyValues("camel.component.customizer.enabled=false",
                "camel.component.kinesis-batch.customizer.enabled=true").run(
                        context -> assertThat(component(context).getConfiguration().getRegion())
                                .isEqualTo("ap-south-1"));
    }

    @Configuration(proxyBeanMethods = false)
    static class TwoKinesisClients {
        @Bean(destroyMethod = "close")
        KinesisAsyncClient first() {
            return TestClients.kinesis();
        }

        @Bean(destroyMethod = "close")
        KinesisAsyncClient second() {
            return TestClients.kinesis();
        }
    }

    @Test
    void withSeveralClientsOneIsNamedByBeanReference() {
        for (String ref : new String[]{ "#second", "#bean:second", "second" }) {
            runner.withUserConfiguration(TwoKinesisClients.class)
                    .withPropertyValues("camel.component.kinesis-batch.kinesis-client=" + ref)
                    .run(context -> assertThat(component(context).getConfiguration().getKinesisClient())
                            .as(ref).isSameAs(context.getBean("second")));
        }
    }

    @Test
    void withSeveralClientsAndNoReferenceNoneIsChosen() {
        runner.withUserConfiguration(TwoKinesisClients.class).run(
                context -> assertThat(component(context).getConfiguration().getKinesisClient()).isNull());
    }

    @Configuration(proxyBeanMethods = false)
    static class OneDynamoDbClient {
        @Bean(destroyMethod = "close")
        DynamoDbAsyncClient dynamo() {
            return TestClients.dynamoDb();
        }
    }

    @Test
    void aSingleDynamoDbClientIsPickedUpUnlessAutowiringIsOff() {
        runner.withUserConfiguration(OneDynamoDbClient.class).run(context -> assertThat(
                component(context).getConfiguration().getDynamoDbClient()).isSameAs(context.getBean("dynamo")));
        runner.withUserConfiguration(OneDynamoDbClient.class)
                .withPropertyValues("camel.component.kinesis-batch.autowired-enabled=false")
                .run(context -> assertThat(component(context).getConfiguration().getDynamoDbClient()).isNull());
    }

    /**
     * Duration options are bound as strings and converted by Camel when the component is configured: these are the
     * forms it accepts (Camel's, ISO-8601 as Spring writes them, plain milliseconds).
     */
    @Test
    void durationStringsCamelConvertsForDurationOptions() {
        runner.run(context -> {
            CamelContext camel = context.getBean(CamelContext.class);
            assertThat(camel.getTypeConverter().convertTo(Duration.class, "500")).isEqualTo(Duration.ofMillis(500));
            assertThat(camel.getTypeConverter().convertTo(Duration.class, "500ms")).isEqualTo(Duration.ofMillis(500));
            assertThat(camel.getTypeConverter().convertTo(Duration.class, "5s")).isEqualTo(Duration.ofSeconds(5));
            assertThat(camel.getTypeConverter().convertTo(Duration.class, "1m30s")).isEqualTo(Duration.ofSeconds(90));
            assertThat(camel.getTypeConverter().convertTo(Duration.class, "PT5S")).isEqualTo(Duration.ofSeconds(5));
        });
    }
}
