package io.kinesisbatch.camel.springboot;

import io.kinesisbatch.itest.support.AwsPeers;
import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The ITs' common ground: the connection of the integration-test peers (kinesis-mock and DynamoDB Local, started by
 * the itests harness) as {@code camel.component.kinesis-batch.*} properties, nothing else.
 */
abstract class EmulatorTestBase {

    @Autowired
    protected CamelContext camelContext;
    @Autowired
    protected ProducerTemplate template;

    @DynamicPropertySource
    static void connection(DynamicPropertyRegistry registry) {
        AwsPeers peers = AwsPeers.get();
        String prefix = "camel.component.kinesis-batch.";
        registry.add(prefix + "region", peers::region);
        if (peers.kinesisEndpoint() != null) {
            registry.add(prefix + "uri-endpoint-override", peers::kinesisEndpoint);
            registry.add(prefix + "dynamo-db-uri-endpoint-override", peers::dynamoDbEndpoint);
        }
        if (peers.accessKey() != null) {
            registry.add(prefix + "access-key", peers::accessKey);
            registry.add(prefix + "secret-key", peers::secretKey);
        }
    }
}
