package io.kinesisbatch.camel;

import java.lang.management.ManagementFactory;
import java.util.Set;

import javax.management.MBeanServer;
import javax.management.ObjectName;

import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class KinesisBatchProducerJmxTest {

    @Test
    void producerCountersAreJmxAttributes() throws Exception {
        FakeKinesis kinesis = new FakeKinesis();
        try (DefaultCamelContext context = new DefaultCamelContext()) {
            context.getCamelContextExtension().setName("jmx-" + System.nanoTime());
            context.getRegistry().bind("fake", kinesis);
            context.addRoutes(new RouteBuilder() {
                @Override
                public void configure() {
                    from("direct:in").to("kinesis-batch:jmx-stream?kinesisClient=#fake&batchTimeout=10");
                }
            });
            context.start();
            Exchange e = context.createProducerTemplate().send("direct:in", x -> x.getMessage().setBody(new byte[10]));
            assertThat(e.getException()).isNull();

            MBeanServer server = ManagementFactory.getPlatformMBeanServer();
            Set<ObjectName> names = server.queryNames(
                    new ObjectName("org.apache.camel:context=" + context.getName() + ",type=producers,*"), null);
            ObjectName producer = names.stream().filter(n -> n.toString().contains("KinesisBatchProducer")).findFirst()
                    .orElseThrow(() -> new AssertionError("no KinesisBatchProducer MBean among " + names));
            assertThat(server.getAttribute(producer, "RecordsSent")).isEqualTo(1L);
            assertThat(server.getAttribute(producer, "PutRecordsCalls")).isEqualTo(1L);
            assertThat(server.getAttribute(producer, "BufferedBytes")).isEqualTo(0L);
            assertThat(server.getAttribute(producer, "RecordsThrottled")).isEqualTo(0L);
        } finally {
            kinesis.close();
        }
    }
}
