package io.kinesisbatch.camel.aws;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

import com.sun.net.httpserver.HttpServer;
import io.kinesisbatch.camel.KinesisBatchConfiguration;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.ProfileCredentialsProvider;
import software.amazon.awssdk.core.SdkSystemSetting;
import software.amazon.awssdk.http.Protocol;
import software.amazon.awssdk.http.SdkHttpConfigurationOption;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.kinesis.KinesisAsyncClient;
import software.amazon.awssdk.services.kinesis.internal.KinesisHttpConfigurationOptions;
import software.amazon.awssdk.services.sts.StsAsyncClient;
import software.amazon.awssdk.services.sts.model.AssumeRoleRequest;
import software.amazon.awssdk.services.sts.model.AssumeRoleResponse;
import software.amazon.awssdk.services.sts.model.Credentials;
import software.amazon.awssdk.utils.AttributeMap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Client construction without a network: an unused loopback port stands in for AWS. */
class AwsClientFactoryTest {

    private static final String NOWHERE = "http://127.0.0.1:1";

    private static KinesisBatchConfiguration config() {
        KinesisBatchConfiguration c = new KinesisBatchConfiguration();
        c.setStreamName("s");
        c.setRegion("eu-west-1");
        c.setAccessKey("AKID");
        c.setSecretKey("secret");
        c.setUriEndpointOverride(NOWHERE);
        return c;
    }

    @Test
    void baseCredentialsFollowTheOptions() {
        KinesisBatchConfiguration c = config();
        assertThat(AwsClientFactory.baseCredentials(c).resolveCredentials()).isInstanceOf(AwsBasicCredentials.class);
        c.setSessionToken("token");
        assertThat(AwsClientFactory.baseCredentials(c).resolveCredentials()).isInstanceOf(AwsSessionCredentials.class);

        KinesisBatchConfiguration profile = new KinesisBatchConfiguration();
        profile.setProfileCredentialsName("dev");
        assertThat(AwsClientFactory.baseCredentials(profile)).isInstanceOf(ProfileCredentialsProvider.class);
        assertThat(AwsClientFactory.baseCredentials(new KinesisBatchConfiguration()))
                .isInstanceOf(DefaultCredentialsProvider.class);
    }

    @Test
    void regionComesFromTheOptionElseAnEmulatorDefaultWhenAnEndpointIsOverridden() {
        assertThat(AwsClientFactory.region(config(), true)).isEqualTo(Region.EU_WEST_1);
        KinesisBatchConfiguration noRegion = config();
        noRegion.setRegion(null);
        // whatever the machine's default chain says, an overridden endpoint always gets a region
        assertThat(AwsClientFactory.region(noRegion, true)).isNotNull();
    }

    @Test
    void trustAllOnlyWhenAsked() {
        assertThat(AwsClientFactory.httpClientBuilder(false).trustAll()).isFalse();
        assertThat(AwsClientFactory.httpClientBuilder(true).trustAll()).isTrue();
        assertThat(AwsClientFactory.httpClientBuilder(false).protocol(Protocol.HTTP1_1).protocol())
                .isEqualTo(Protocol.HTTP1_1);
    }

    @Test
    void clientsAreBuiltOnceAndClosedWithTheFactory() {
        AwsClientFactory factory = new AwsClientFactory(config());
        KinesisAsyncClient kinesis = factory.kinesis();
        assertThat(factory.kinesis()).isSameAs(kinesis);
        assertThat(factory.dynamoDb()).isSameAs(factory.dynamoDb());
        // open: the call reaches the network and is refused
        assertThatThrownBy(() -> kinesis.listStreams().join()).hasStackTraceContaining("Connection refused");

        factory.close();

        // closed: no other SDK client in this JVM keeps Netty's shared event loop alive, so the call cannot even start
        assertThatThrownBy(() -> kinesis.listStreams().join()).isInstanceOf(CompletionException.class)
                .hasStackTraceContaining("terminated");
        assertThat(factory.kinesis()).as("a closed factory builds anew on demand").isNotSameAs(kinesis);
        factory.close();
    }

    @Test
    void theFanOutClientIsItsOwnHttp2ClientBuiltOnceAndClosedWithTheFactory() {
        AwsClientFactory factory = new AwsClientFactory(config());
        KinesisAsyncClient fanOut = factory.kinesisFanOut();
        assertThat(factory.kinesisFanOut()).isSameAs(fanOut);
        assertThat(fanOut).isNotSameAs(factory.kinesis());
        assertThat(factory.owns(fanOut)).isTrue();
        assertThat(AwsClientFactory.httpClientBuilder(false).protocol(Protocol.HTTP2).protocol())
                .isEqualTo(Protocol.HTTP2);
        factory.close();
        assertThat(factory.owns(fanOut)).isFalse();
        assertThat(factory.kinesisFanOut()).as("a closed factory builds anew on demand").isNotSameAs(fanOut);
        factory.close();
    }

    @Test
    void thePutRecordsClientNeverRetriesWhereTheOtherDoes() throws Exception {
        AtomicInteger requests = new AtomicInteger();
        HttpServer failing = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        failing.createContext("/", exchange -> {
            requests.incrementAndGet();
            exchange.getRequestBody().readAllBytes();
            exchange.sendResponseHeaders(500, -1);
            exchange.close();
        });
        failing.start();
        KinesisBatchConfiguration c = config();
        c.setUriEndpointOverride("http://127.0.0.1:" + failing.getAddress().getPort());
        try (AwsClientFactory factory = new AwsClientFactory(c)) {
            KinesisAsyncClient withoutRetries = factory.kinesisWithoutRetries();
            assertThat(factory.kinesisWithoutRetries()).isSameAs(withoutRetries).isNotSameAs(factory.kinesis());

            assertThatThrownBy(() -> withoutRetries.putRecords(b -> b.streamName("s").records(List.of())).join())
                    .hasStackTraceContaining("500");
            assertThat(requests).as("one attempt, no SDK retry").hasValue(1);

            requests.set(0);
            assertThatThrownBy(() -> factory.kinesis().putRecords(b -> b.streamName("s").records(List.of())).join())
                    .hasStackTraceContaining("500");
            assertThat(requests.get()).as("the SDK's own retries").isGreaterThan(1);
        } finally {
            failing.stop(0);
        }
    }

    @Test
    void theSharedKinesisHttpClientKeepsTheSdksKinesisTimeouts() {
        AttributeMap sdk = KinesisHttpConfigurationOptions.defaultHttpConfig();
        for (var option : List.of(SdkHttpConfigurationOption.READ_TIMEOUT, SdkHttpConfigurationOption.WRITE_TIMEOUT)) {
            assertThat(AwsClientFactory.KINESIS_HTTP_DEFAULTS.get(option)).as(option.toString())
                    .isEqualTo(sdk.get(option))
                    .isNotEqualTo(SdkHttpConfigurationOption.GLOBAL_HTTP_DEFAULTS.get(option));
        }
    }

    /** The constant above is what the shared client gets: a call that is never answered ends after 10 s, not 30. */
    @Test
    void aKinesisCallThatIsNeverAnsweredTimesOutAfterTheSdksKinesisReadTimeout() throws Exception {
        try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            List<Socket> accepted = new ArrayList<>();
            Thread acceptor = new Thread(() -> {
                try {
                    while (true) {
                        accepted.add(silent.accept()); // read nothing, answer nothing
                    }
                } catch (IOException closed) {
                    // the test ended
                }
            });
            acceptor.setDaemon(true);
            acceptor.start();
            KinesisBatchConfiguration c = config();
            c.setUriEndpointOverride("http://127.0.0.1:" + silent.getLocalPort());
            try (AwsClientFactory factory = new AwsClientFactory(c)) {
                long start = System.nanoTime();
                assertThatThrownBy(() -> factory.kinesisWithoutRetries()
                        .putRecords(b -> b.streamName("s").records(List.of())).join())
                        .hasStackTraceContaining("Read timed out");
                assertThat(Duration.ofNanos(System.nanoTime() - start)).isBetween(Duration.ofSeconds(9),
                        Duration.ofSeconds(20));
            }
        }
    }

    @Test
    void theCredentialsProviderTheFactoryBuildsIsClosedWithIt() {
        KinesisBatchConfiguration c = config();
        c.setAccessKey(null);
        c.setSecretKey(null); // the SDK default chain: it holds resources of its own
        AwsClientFactory factory = new AwsClientFactory(c);
        factory.kinesis();
        assertThat(factory.credentialsProvider()).isInstanceOf(DefaultCredentialsProvider.class);
        assertThat(factory.owns(factory.credentialsProvider())).isTrue();
        factory.close();
    }

    @Test
    void theTrustAllWarningNamesTheEndpointButNoSecret() {
        KinesisBatchConfiguration c = config();
        c.setTrustAllCertificates(true);
        c.setSessionToken("token-secret");
        String warning = AwsClientFactory.trustAllWarning(c);
        assertThat(warning).contains("stream s").contains(NOWHERE).contains("trustAllCertificates")
                .doesNotContain("secret").doesNotContain("AKID");
    }

    @Test
    void cborEnabledFalseSwitchesThatClientToJsonAloneWithoutTheJvmWideSetting() throws Exception {
        String property = SdkSystemSetting.CBOR_ENABLED.property();
        String before = System.getProperty(property);
        Map<String, String> contentTypes = new ConcurrentHashMap<>();
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            exchange.getRequestBody().readAllBytes();
            contentTypes.put(exchange.getRequestHeaders().getFirst("X-Test-Client"), exchange.getRequestHeaders()
                    .getFirst("Content-Type"));
            exchange.sendResponseHeaders(400, -1);
            exchange.close();
        });
        server.start();
        java.util.Properties jvm = System.getProperties();
        List<Object> written = new java.util.concurrent.CopyOnWriteArrayList<>();
        java.util.Properties watched = new java.util.Properties() {
            @Override
            public synchronized Object put(Object key, Object value) {
                written.add(key); // every other client built meanwhile in this JVM would see what is written here
                return super.put(key, value);
            }
        };
        watched.putAll(jvm);
        written.clear();
        System.setProperties(watched);
        try {
            KinesisBatchConfiguration json = config();
            json.setUriEndpointOverride("http://127.0.0.1:" + server.getAddress().getPort());
            json.setCborEnabled(false);
            KinesisBatchConfiguration cbor = config();
            cbor.setUriEndpointOverride(json.getUriEndpointOverride());
            try (AwsClientFactory jsonFactory = new AwsClientFactory(json);
                    AwsClientFactory cborFactory = new AwsClientFactory(cbor)) {
                call(jsonFactory.kinesisWithoutRetries(), "json");
                call(cborFactory.kinesisWithoutRetries(), "cbor");
                call(jsonFactory.kinesis(), "json-with-retries");
            }
        } finally {
            System.setProperties(jvm);
            server.stop(0);
        }
        assertThat(written).doesNotContain(property);
        assertThat(contentTypes).containsEntry("json", "application/x-amz-json-1.1")
                .containsEntry("json-with-retries", "application/x-amz-json-1.1")
                .containsEntry("cbor", "application/x-amz-cbor-1.1");
        assertThat(System.getProperty(property)).isEqualTo(before);
    }

    private static void call(KinesisAsyncClient client, String name) {
        client.describeStreamSummary(
                b -> b.streamName("s").overrideConfiguration(o -> o.putHeader("X-Test-Client", name)))
                .handle((r, e) -> null).join();
    }

    @Test
    void assumedRoleCredentialsCarryTheExternalIdAndAreCachedUntilNearExpiry() {
        List<AssumeRoleRequest> requests = new ArrayList<>();
        Instant expiry = Instant.now().plus(Duration.ofHours(1));
        StsAsyncClient sts = new StsAsyncClient() {
            @Override
            public CompletableFuture<AssumeRoleResponse> assumeRole(AssumeRoleRequest request) {
                requests.add(request);
                return CompletableFuture.completedFuture(AssumeRoleResponse.builder()
                        .credentials(Credentials.builder().accessKeyId("ASIA" + requests.size()).secretAccessKey("s")
                                .sessionToken("t").expiration(expiry).build())
                        .build());
            }

            @Override
            public CompletableFuture<AssumeRoleResponse> assumeRole(Consumer<AssumeRoleRequest.Builder> request) {
                return assumeRole(AssumeRoleRequest.builder().applyMutation(request).build());
            }

            @Override
            public String serviceName() {
                return "sts";
            }

            @Override
            public void close() {}
        };
        AssumeRoleRequest request = AssumeRoleRequest.builder().roleArn("arn:aws:iam::1:role/r").roleSessionName("x")
                .externalId("ext-1").build();
        try (AssumeRoleCredentialsProvider provider = new AssumeRoleCredentialsProvider(sts, request)) {
            assertThat(provider.resolveCredentials().accessKeyId()).isEqualTo("ASIA1");
            assertThat(provider.resolveCredentials().accessKeyId()).isEqualTo("ASIA1");
            assertThat(requests).hasSize(1);
            assertThat(requests.get(0).externalId()).isEqualTo("ext-1");
            assertThat(provider.toString()).doesNotContain("ext-1");
        }
    }
}
