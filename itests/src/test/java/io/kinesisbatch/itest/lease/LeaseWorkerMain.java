package io.kinesisbatch.itest.lease;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

import org.apache.camel.CamelContext;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;

/**
 * A consumer in a JVM of its own, for the kill -9 IT: consumes the URI in the environment variable {@code KB_URI}
 * (kept off the command line: it holds credentials) and appends each record's text as one line to the file named by
 * its argument, flushed before the exchange completes. Runs until killed.
 */
public final class LeaseWorkerMain {

    private LeaseWorkerMain() {}

    public static void main(String[] args) throws Exception {
        Path out = Path.of(args[0]);
        String uri = System.getenv("KB_URI");
        CamelContext context = new DefaultCamelContext();
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from(uri).routeId("consume").process(e -> append(out, new String(e.getMessage().getBody(byte[].class),
                        StandardCharsets.UTF_8)));
            }
        });
        context.start();
        System.out.println("STARTED");
        System.out.flush();
        Thread.currentThread().join();
    }

    private static synchronized void append(Path out, String text) throws IOException {
        Files.writeString(out, text + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                StandardOpenOption.APPEND,
                StandardOpenOption.SYNC);
    }
}
