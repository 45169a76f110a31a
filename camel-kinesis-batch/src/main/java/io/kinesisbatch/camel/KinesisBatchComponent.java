package io.kinesisbatch.camel;

import java.util.Map;

import io.kinesisbatch.camel.aws.ConnectionOptions;
import io.kinesisbatch.camel.producer.aggregation.AggregationMode;
import io.kinesisbatch.camel.ratelimit.ShardLimits;
import org.apache.camel.Endpoint;
import org.apache.camel.spi.Metadata;
import org.apache.camel.spi.annotations.Component;
import org.apache.camel.support.HealthCheckComponent;

/**
 * The {@code kinesis-batch} component. Its {@link KinesisBatchConfiguration} holds the defaults; every endpoint
 * gets its own copy with the URI's options applied, and builds (and later closes) its own AWS clients. As a
 * {@link HealthCheckComponent} it has Camel's {@code healthCheckConsumerEnabled} and {@code healthCheckProducerEnabled}
 * switches for the checks its consumers and producers register.
 */
@Component(KinesisBatchConstants.SCHEME)
public class KinesisBatchComponent extends HealthCheckComponent {

    @Metadata(description = "Component-level defaults for every endpoint option")
    private KinesisBatchConfiguration configuration = new KinesisBatchConfiguration();

    public KinesisBatchComponent() {}

    @Override
    protected Endpoint createEndpoint(String uri, String remaining, Map<String, Object> parameters) throws Exception {
        if (remaining == null || remaining.isBlank()) {
            throw new IllegalArgumentException(
                    "kinesis-batch endpoint needs a stream name or ARN: kinesis-batch:streamName[?options]");
        }
        KinesisBatchConfiguration endpointConfiguration = configuration.copy();
        endpointConfiguration.setStreamName(remaining);
        KinesisBatchEndpoint endpoint = new KinesisBatchEndpoint(uri, this, endpointConfiguration);
        setProperties(endpoint, parameters);
        // malformed connection options fail here, at route start-up, not at the first message
        ConnectionOptions.validate(endpointConfiguration);
        AggregationMode.validate(endpointConfiguration);
        ShardLimits.ofPercent(endpointConfiguration.getShardRateLimit());
        return endpoint;
    }

    public KinesisBatchConfiguration getConfiguration() {
        return configuration;
    }

    /** Component-level defaults for every endpoint option. */
    public void setConfiguration(KinesisBatchConfiguration configuration) {
        this.configuration = configuration;
    }
}
