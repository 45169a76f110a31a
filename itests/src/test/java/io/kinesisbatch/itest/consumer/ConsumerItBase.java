package io.kinesisbatch.itest.consumer;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.apache.camel.CamelContext;
import org.apache.camel.Processor;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.health.HealthCheckRegistry;
import org.apache.camel.impl.health.ConsumersHealthCheckRepository;
import org.apache.camel.impl.health.DefaultHealthCheckRegistry;
import org.apache.camel.impl.DefaultCamelContext;
import io.kinesisbatch.itest.support.AwsPeers;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;

/** Starts consuming routes (route id {@code consume}), each in its own CamelContext, and stops them after each test. */
public abstract class ConsumerItBase {

    public static final String ROUTE = "consume";
    /** The peers of this run (started on first use). */
    protected static AwsPeers peers;
    private final List<CamelContext> contexts = new ArrayList<>();

    @BeforeAll
    static void startPeers() {
        peers = AwsPeers.get();
    }

    /** Options that keep a consumer IT quick: checkpoints in {@code table}, polls 200 ms and checkpoints 300 ms apart. */
    protected static String quickOptions(String table) {
        return "checkpointTable=" + table + "&pollDelay=200ms&checkpointInterval=300ms";
    }

    @AfterEach
    void stopContexts() {
        contexts.forEach(CamelContext::stop);
    }

    public CamelContext consume(String uri, Processor processor) throws Exception {
        return consume(uri, processor, 20, Map.of());
    }

    /**
     * @param shutdownTimeoutSeconds how long a stop waits for in-flight exchanges
     * @param beans                  registry beans the URI refers to ({@code #name})
     */
    public CamelContext consume(String uri, Processor processor, int shutdownTimeoutSeconds, Map<String, Object> beans)
            throws Exception {
        CamelContext context = new DefaultCamelContext();
        context.getShutdownStrategy().setTimeout(shutdownTimeoutSeconds);
        beans.forEach(context.getRegistry()::bind);
        // health checks on, with the repository that asks each route's consumer for its check
        DefaultHealthCheckRegistry health = new DefaultHealthCheckRegistry(context);
        health.register(new ConsumersHealthCheckRepository());
        context.getCamelContextExtension().addContextPlugin(HealthCheckRegistry.class, health);
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from(uri).routeId(ROUTE).process(processor);
            }
        });
        contexts.add(context);
        context.start();
        return context;
    }
}
