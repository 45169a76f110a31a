package io.kinesisbatch.camel.springboot;

import io.kinesisbatch.camel.KinesisBatchComponent;
import org.apache.camel.Component;
import org.apache.camel.spi.ComponentCustomizer;
import org.apache.camel.spring.boot.CamelAutoConfiguration;
import org.apache.camel.spring.boot.ComponentConfigurationProperties;
import org.apache.camel.spring.boot.util.CamelPropertiesHelper;
import org.apache.camel.spring.boot.util.ConditionalOnCamelContextAndAutoConfigurationBeans;
import org.apache.camel.spring.boot.util.ConditionalOnHierarchicalProperties;
import org.apache.camel.spring.boot.util.HierarchicalPropertiesEvaluator;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.context.properties.ConfigurationPropertiesBinding;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Lazy;

/**
 * Applies the {@code camel.component.kinesis-batch.*} properties to the {@code kinesis-batch} component when Camel
 * creates it, the way Apache's own component starters do.
 * <ul>
 * <li>{@code camel.component.kinesis-batch.enabled=false} (or {@code camel.component.enabled=false}) turns this
 * auto-configuration off: the component is still found on the class path, with its own defaults.</li>
 * <li>{@code camel.component.kinesis-batch.customizer.enabled=false} (or {@code camel.component.customizer.enabled})
 * keeps the properties bound but does not apply them to the component.</li>
 * <li>A single {@code KinesisAsyncClient} / {@code DynamoDbAsyncClient} bean is picked up by Camel's autowiring
 * (the component's {@code kinesisClient} / {@code dynamoDbClient} options are autowired; turn it off with
 * {@code autowired-enabled=false}); with several, name one: {@code kinesis-client=#myClient}.</li>
 * </ul>
 */
@AutoConfiguration(after = CamelAutoConfiguration.class)
@Conditional(ConditionalOnCamelContextAndAutoConfigurationBeans.class)
@EnableConfigurationProperties({ ComponentConfigurationProperties.class, KinesisBatchComponentConfiguration.class })
@ConditionalOnHierarchicalProperties({ "camel.component", "camel.component.kinesis-batch" })
public class KinesisBatchComponentAutoConfiguration {

    /** Bean references ({@code #name}) in bean-typed options; static so it exists before properties are bound. */
    @Bean
    @ConfigurationPropertiesBinding
    static KinesisBatchBeanReferenceConverter kinesisBatchBeanReferenceConverter(BeanFactory beanFactory) {
        return new KinesisBatchBeanReferenceConverter(beanFactory);
    }

    @Lazy
    @Bean
    public ComponentCustomizer configureKinesisBatchComponent(ApplicationContext applicationContext,
                                                              KinesisBatchComponentConfiguration configuration) {
        return new ComponentCustomizer() {
            @Override
            public void configure(String name, Component target) {
                // only the options the user set (the others are null) reach the component
                CamelPropertiesHelper.copyProperties(target.getCamelContext(), configuration, target);
            }

            @Override
            public boolean isEnabled(String name, Component target) {
                return HierarchicalPropertiesEvaluator.evaluate(applicationContext,
                        "camel.component.customizer", "camel.component.kinesis-batch.customizer")
                       && target instanceof KinesisBatchComponent;
            }
        };
    }
}
