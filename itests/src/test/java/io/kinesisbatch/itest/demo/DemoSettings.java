package io.kinesisbatch.itest.demo;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.kinesisbatch.camel.KinesisBatchConfiguration;

/**
 * What the demo runs against and how big it is, from system properties: {@code demo.records} (5000),
 * {@code demo.shards} (4), {@code demo.timeoutSeconds} (180), {@code demo.stream}, {@code demo.checkpointTable};
 * target: nothing (embedded emulators), {@code demo.endpoint} (+ {@code demo.dynamoDbEndpoint}, {@code demo.region},
 * {@code demo.accessKey}/{@code demo.secretKey}; LocalStack), or {@code demo.region} alone (real AWS with the SDK's
 * default credentials).
 */
record DemoSettings(int records, int shards, Duration timeout, String stream, String checkpointTable, String region,
                    String kinesisEndpoint, String dynamoDbEndpoint, String accessKey, String secretKey,
                    boolean startEmulators) {

    static DemoSettings fromSystemProperties() {
        String suffix = Long.toString(System.currentTimeMillis() % 100_000_000L, 36);
        String endpoint = blankToNull(System.getProperty("demo.endpoint"));
        String region = blankToNull(System.getProperty("demo.region"));
        boolean emulators = endpoint == null && region == null;
        return new DemoSettings(
                Integer.getInteger("demo.records", 5000),
                Integer.getInteger("demo.shards", 4),
                Duration.ofSeconds(Long.getLong("demo.timeoutSeconds", 180)),
                System.getProperty("demo.stream", "kinesis-batch-demo-" + suffix),
                System.getProperty("demo.checkpointTable", "kinesis-batch-demo-" + suffix),
                region != null ? region : "us-east-1",
                endpoint,
                blankToNull(System.getProperty("demo.dynamoDbEndpoint", endpoint)),
                emulators ? "demo"
                        : blankToNull(System.getProperty("demo.accessKey", endpoint != null ? "test" : null)),
                emulators ? "demo"
                        : blankToNull(System.getProperty("demo.secretKey", endpoint != null ? "test" : null)),
                emulators);
    }

    DemoSettings withEmulators(String kinesis, String dynamoDb) {
        return new DemoSettings(records, shards, timeout, stream, checkpointTable, region, kinesis, dynamoDb, accessKey,
                secretKey, startEmulators);
    }

    String target() {
        return startEmulators ? "the embedded emulators (kinesis-mock, DynamoDB Local)"
                : kinesisEndpoint != null ? kinesisEndpoint : "AWS " + region;
    }

    /** Connection options of every demo endpoint, as URI parameters. */
    String connectionOptions() {
        List<String> options = new ArrayList<>();
        options.add("region=" + region);
        if (kinesisEndpoint != null) {
            options.add("uriEndpointOverride=" + DemoMain.enc(kinesisEndpoint));
            options.add("dynamoDbUriEndpointOverride=" + DemoMain.enc(dynamoDbEndpoint));
        }
        if (accessKey != null) {
            options.add("accessKey=RAW(" + accessKey + ")");
            options.add("secretKey=RAW(" + secretKey + ")");
        }
        return String.join("&", options);
    }

    /** The same options as a configuration, for the demo's own clients (creating the stream, reading the table). */
    KinesisBatchConfiguration configuration() {
        KinesisBatchConfiguration c = new KinesisBatchConfiguration();
        c.setStreamName(stream);
        c.setRegion(region);
        c.setUriEndpointOverride(kinesisEndpoint);
        c.setDynamoDbUriEndpointOverride(dynamoDbEndpoint);
        c.setAccessKey(accessKey);
        c.setSecretKey(secretKey);
        return c;
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }
}
