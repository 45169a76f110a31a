package io.kinesisbatch.itest.support;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Assumptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsAsyncClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.http.nio.netty.NettyNioAsyncHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClient;
import software.amazon.awssdk.services.kinesis.KinesisAsyncClient;

/**
 * The Kinesis and DynamoDB implementations the integration tests run against, started once per test JVM on first
 * use and stopped when the JVM exits (whatever the tests' outcome). See {@link ItTarget} for the choice of target.
 * <p>
 * Tests build endpoint URIs with {@link #uri(String, String)} so that every connection option comes from here, and
 * use {@link #kinesis()} / {@link #dynamoDb()} (test-side clients, independent of the component's) to prepare and
 * inspect.
 */
public final class AwsPeers {

    public static final String EMULATOR_REGION = "us-east-1";
    private static final Logger LOG = LoggerFactory.getLogger(AwsPeers.class);
    private static AwsPeers instance;
    private static String unavailable;

    private final ItTarget target;
    private final String kinesisEndpoint;
    private final String kinesisTlsEndpoint;
    private final String dynamoDbEndpoint;
    private final String region;
    private final String accessKey;
    private final String secretKey;
    private final List<AutoCloseable> servers;
    private final KinesisAsyncClient kinesis;
    private final DynamoDbAsyncClient dynamoDb;

    private AwsPeers(ItTarget target, String kinesisEndpoint, String kinesisTlsEndpoint, String dynamoDbEndpoint,
                     String region, String accessKey, String secretKey, List<AutoCloseable> servers) {
        this.target = target;
        this.kinesisEndpoint = kinesisEndpoint;
        this.kinesisTlsEndpoint = kinesisTlsEndpoint;
        this.dynamoDbEndpoint = dynamoDbEndpoint;
        this.region = region;
        this.accessKey = accessKey;
        this.secretKey = secretKey;
        this.servers = servers;
        this.kinesis = configure(KinesisAsyncClient.builder(), kinesisEndpoint).build();
        this.dynamoDb = configure(DynamoDbAsyncClient.builder(), dynamoDbEndpoint).build();
    }

    /**
     * The peers of this run, started on first call. With target LOCALSTACK and no Docker engine, the calling test is
     * skipped (one log line for the whole run).
     */
    public static synchronized AwsPeers get() {
        if (unavailable != null) {
            Assumptions.abort(unavailable);
        }
        if (instance == null) {
            try {
                instance = start(ItTarget.current());
            } catch (TargetUnavailable e) {
                unavailable = e.getMessage();
                LOG.warn(unavailable);
                Assumptions.abort(unavailable);
            } catch (Exception e) {
                throw new IllegalStateException("could not start the integration-test peers: " + e.getMessage(), e);
            }
            Runtime.getRuntime().addShutdownHook(new Thread(instance::stop, "aws-peers-stop"));
        }
        return instance;
    }

    private static AwsPeers start(ItTarget target) throws Exception {
        switch (target) {
            case LOCALSTACK :
                return LocalStackPeers.start();
            case AWS :
                String region = System.getenv("KINESIS_BATCH_IT_REGION");
                if (region == null || region.isBlank()) {
                    throw new IllegalStateException("target aws needs KINESIS_BATCH_IT_REGION (and AWS credentials"
                                                    + " for the SDK default chain)");
                }
                LOG.info("integration tests run against real AWS in {}", region);
                return new AwsPeers(target, null, null, null, region, null, null, List.of());
            default :
                List<AutoCloseable> started = new ArrayList<>();
                try {
                    KinesisMockServer kinesisMock = KinesisMockServer.start();
                    started.add(kinesisMock);
                    DynamoDbLocalServer dynamoDbLocal = DynamoDbLocalServer.start();
                    started.add(dynamoDbLocal);
                    return new AwsPeers(target, kinesisMock.plainEndpoint(), kinesisMock.tlsEndpoint(),
                            dynamoDbLocal.endpoint(), EMULATOR_REGION, "kinesisbatchtest", "kinesisbatchtestsecret",
                            started);
                } catch (Exception e) {
                    started.forEach(AwsPeers::closeQuietly);
                    throw e;
                }
        }
    }

    static AwsPeers forLocalStack(String endpoint, String region, String accessKey, String secretKey,
                                  AutoCloseable container) {
        return new AwsPeers(ItTarget.LOCALSTACK, endpoint, null, endpoint, region, accessKey, secretKey,
                List.of(container));
    }

    /** Thrown by a target that cannot run on this machine (the tests are then skipped, not failed). */
    static final class TargetUnavailable extends Exception {
        private static final long serialVersionUID = 1L;

        TargetUnavailable(String message) {
            super(message);
        }
    }

    /**
     * A {@code kinesis-batch:} URI for the stream with every connection option of this target, followed by the
     * given options (e.g. {@code "batchTimeout=50ms&maxInFlight=4"}, may be empty).
     */
    public String uri(String stream, String options) {
        Map<String, String> connection = connectionOptions();
        String query = connection.entrySet().stream()
                .map(e -> e.getKey() + "=" + e.getValue())
                .collect(Collectors.joining("&"));
        if (options != null && !options.isBlank()) {
            query = query.isEmpty() ? options : query + "&" + options;
        }
        return "kinesis-batch:" + stream + (query.isEmpty() ? "" : "?" + query);
    }

    /** The connection options of this target as URI parameters (secrets wrapped in RAW()). */
    public Map<String, String> connectionOptions() {
        Map<String, String> options = new LinkedHashMap<>();
        options.put("region", region);
        if (kinesisEndpoint != null) {
            options.put("uriEndpointOverride", encode(kinesisEndpoint));
            options.put("dynamoDbUriEndpointOverride", encode(dynamoDbEndpoint));
        }
        if (accessKey != null) {
            options.put("accessKey", "RAW(" + accessKey + ")");
            options.put("secretKey", "RAW(" + secretKey + ")");
        } else {
            options.put("useDefaultCredentialsProvider", "true");
        }
        return options;
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    public ItTarget target() {
        return target;
    }

    /** Kinesis endpoint URL, or null on real AWS. */
    public String kinesisEndpoint() {
        return kinesisEndpoint;
    }

    /** kinesis-mock's TLS endpoint (self-signed certificate), or null when the target has none. */
    public String kinesisTlsEndpoint() {
        return kinesisTlsEndpoint;
    }

    /** DynamoDB endpoint URL, or null on real AWS. */
    public String dynamoDbEndpoint() {
        return dynamoDbEndpoint;
    }

    public String region() {
        return region;
    }

    public String accessKey() {
        return accessKey;
    }

    public String secretKey() {
        return secretKey;
    }

    /** A test-side Kinesis client (not the component's), shared by the tests of this run. */
    public KinesisAsyncClient kinesis() {
        return kinesis;
    }

    /** A test-side DynamoDB client (not the component's), shared by the tests of this run. */
    public DynamoDbAsyncClient dynamoDb() {
        return dynamoDb;
    }

    /** Credentials of this target for clients a test builds itself. */
    public AwsCredentialsProvider credentials() {
        return accessKey != null
                ? StaticCredentialsProvider.create(AwsBasicCredentials.create(accessKey, secretKey))
                : DefaultCredentialsProvider.builder().build();
    }

    private <B extends AwsClientBuilder<B, ?> & AwsAsyncClientBuilder<B, ?>> B configure(B builder, String endpoint) {
        builder.region(Region.of(region))
                .credentialsProvider(credentials())
                .httpClientBuilder(NettyNioAsyncHttpClient.builder().readTimeout(Duration.ofSeconds(60)))
                // kinesis-mock answers slowly under load: be generous
                .overrideConfiguration(ClientOverrideConfiguration.builder()
                        .apiCallTimeout(Duration.ofSeconds(120))
                        .build());
        if (endpoint != null) {
            builder.endpointOverride(URI.create(endpoint));
        }
        return builder;
    }

    private void stop() {
        closeQuietly(kinesis);
        closeQuietly(dynamoDb);
        servers.forEach(AwsPeers::closeQuietly);
    }

    private static void closeQuietly(AutoCloseable closeable) {
        try {
            closeable.close();
        } catch (Exception e) {
            LOG.debug("close failed: {}", e.toString());
        }
    }
}
