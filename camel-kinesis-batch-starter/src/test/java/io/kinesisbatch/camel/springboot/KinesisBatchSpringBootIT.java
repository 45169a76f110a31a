package io.kinesisbatch.camel.springboot;

import java.util.List;

import io.kinesisbatch.camel.KinesisBatchComponent;
import io.kinesisbatch.camel.KinesisBatchEndpoint;
import io.kinesisbatch.itest.support.Streams;
import io.kinesisbatch.itest.support.Streams.StreamRecord;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kinesis.model.PutRecordResponse;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A Spring Boot application configured only through {@code camel.component.kinesis-batch.*} properties pointing at
 * the integration-test peers (kinesis-mock and DynamoDB Local, started by the itests harness): the clients the
 * auto-configured component's endpoint builds really reach them.
 */
@SpringBootTest(classes = EmulatorApp.class)
class KinesisBatchSpringBootIT extends EmulatorTestBase {

    @DynamicPropertySource
    static void json(DynamicPropertyRegistry registry) {
        // the JSON protocol instead of CBOR: proves a boolean property reaches the client the endpoint builds
        registry.add("camel.component.kinesis-batch.cbor-enabled", () -> "false");
    }

    @Test
    void theAutoConfiguredEndpointPutsARecordOnTheStream() {
        String stream = Streams.create(1);
        KinesisBatchEndpoint endpoint = camelContext.getEndpoint("kinesis-batch:" + stream, KinesisBatchEndpoint.class);
        assertThat(endpoint.getComponent()).isInstanceOf(KinesisBatchComponent.class);
        assertThat(endpoint.getConfiguration().isCborEnabled()).isFalse();

        PutRecordResponse put = endpoint.getKinesisClient().putRecord(b -> b.streamName(stream).partitionKey("spring")
                .data(SdkBytes.fromUtf8String("hello from spring boot"))).join();

        List<StreamRecord> records = Streams.readAll(stream);
        assertThat(records).hasSize(1);
        assertThat(records.get(0).text()).isEqualTo("hello from spring boot");
        assertThat(records.get(0).partitionKey()).isEqualTo("spring");
        assertThat(records.get(0).sequenceNumber()).isEqualTo(put.sequenceNumber());
    }

    @Test
    void theAutoConfiguredEndpointReachesDynamoDb() {
        KinesisBatchEndpoint endpoint = camelContext.getEndpoint("kinesis-batch:any", KinesisBatchEndpoint.class);
        assertThat(endpoint.getDynamoDbClient().listTables().join().tableNames()).isNotNull();
    }
}
