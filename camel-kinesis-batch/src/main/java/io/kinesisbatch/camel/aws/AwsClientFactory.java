package io.kinesisbatch.camel.aws;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;

import io.kinesisbatch.camel.KinesisBatchConfiguration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.ProfileCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsAsyncClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.http.Protocol;
import software.amazon.awssdk.http.SdkHttpConfigurationOption;
import software.amazon.awssdk.http.async.SdkAsyncHttpClient;
import software.amazon.awssdk.http.nio.netty.NettyNioAsyncHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.regions.providers.DefaultAwsRegionProviderChain;
import software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClient;
import software.amazon.awssdk.services.kinesis.KinesisAsyncClient;
import software.amazon.awssdk.services.sts.StsAsyncClient;
import software.amazon.awssdk.services.sts.model.AssumeRoleRequest;
import software.amazon.awssdk.utils.AttributeMap;
import software.amazon.awssdk.utils.IoUtils;

/**
 * The one place AWS clients are built from the component's options. An endpoint holds one factory; the factory
 * builds each client once, on first use, and {@link #close()} closes everything it built (never a user's client).
 */
public final class AwsClientFactory implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(AwsClientFactory.class);

    /** Region used with an endpoint override when no region is configured anywhere (emulators ignore it). */
    static final Region EMULATOR_REGION = Region.US_EAST_1;

    /**
     * The SDK's own HTTP defaults for Kinesis clients that get their HTTP client from a builder (10 s to read or write,
     * instead of Netty's general 30 s), kept for the shared client we build ourselves; its HTTP/2 default is
     * overridden anyway.
     */
    static final AttributeMap KINESIS_HTTP_DEFAULTS = AttributeMap.builder()
            .put(SdkHttpConfigurationOption.READ_TIMEOUT, Duration.ofSeconds(10))
            .put(SdkHttpConfigurationOption.WRITE_TIMEOUT, Duration.ofSeconds(10))
            .build();

    private final KinesisBatchConfiguration config;
    private final Deque<AutoCloseable> owned = new ArrayDeque<>();
    private SdkAsyncHttpClient kinesisHttp;
    private KinesisAsyncClient kinesis;
    private KinesisAsyncClient kinesisWithoutRetries;
    private KinesisAsyncClient kinesisFanOut;
    private DynamoDbAsyncClient dynamoDb;
    private AwsCredentialsProvider credentials;

    public AwsClientFactory(KinesisBatchConfiguration config) {
        this.config = config;
        if (config.isTrustAllCertificates()) {
            LOG.warn(trustAllWarning(config)); // once per endpoint: it holds one factory while started
        }
    }

    /** The warning for {@code trustAllCertificates}: names the endpoint by stream and endpoint URL, never a secret. */
    static String trustAllWarning(KinesisBatchConfiguration c) {
        String where = ConnectionOptions.notBlank(c.getUriEndpointOverride()) ? " at " + c.getUriEndpointOverride()
                : "";
        return "kinesis-batch endpoint for stream " + c.getStreamName() + where + ": trustAllCertificates=true, TLS"
               + " certificates are not checked (anyone between this process and AWS can read and change the traffic);"
               + " use it only against emulators with self-signed certificates";
    }

    public synchronized KinesisAsyncClient kinesis() {
        if (kinesis == null) {
            kinesis = own(buildKinesis(false));
        }
        return kinesis;
    }

    /**
     * A Kinesis client like {@link #kinesis()}, on the same connection pool, whose SDK retries are off: for the
     * producer's PutRecords, which retries only the entries that failed, with its own backoff. (Switching retries off
     * per request instead, as the producer must on a user's client, makes the SDK copy the client's whole
     * configuration on every call: about 4% of the producer's CPU.)
     */
    public synchronized KinesisAsyncClient kinesisWithoutRetries() {
        if (kinesisWithoutRetries == null) {
            kinesisWithoutRetries = own(buildKinesis(true));
        }
        return kinesisWithoutRetries;
    }

    /**
     * The Kinesis client for enhanced fan-out's SubscribeToShard: its own Netty HTTP client over HTTP/2 (the SDK
     * requires it for event streams; prior knowledge, on plain HTTP and TLS alike, as its own Kinesis client), with
     * the same region, credentials, endpoint override, TLS and CBOR settings as {@link #kinesis()}. One HTTP/2 stream
     * per subscribed shard, so no limit on concurrent streams beyond the server's, and a ping every 10 s to notice a
     * dead connection. Built on first use (only for {@code readMode=enhancedFanOut}), closed with the others.
     */
    public synchronized KinesisAsyncClient kinesisFanOut() {
        if (kinesisFanOut == null) {
            var builder = configure(KinesisAsyncClient.builder(),
                    ConnectionOptions.endpointUri("uriEndpointOverride", config.getUriEndpointOverride()));
            builder.httpClientBuilder(httpClientBuilder(config.isTrustAllCertificates()).protocol(Protocol.HTTP2));
            KinesisAsyncClient client = builder.build();
            kinesisFanOut = own(config.isCborEnabled() ? client : KinesisJsonProtocol.switchToJson(client));
        }
        return kinesisFanOut;
    }

    /**
     * The Netty HTTP client the Kinesis clients share, over HTTP/1.1: PutRecords and GetRecords gain nothing from
     * HTTP/2 (the SDK's default for Kinesis, needed only by enhanced fan-out, which will build its own client), and
     * HTTP/1.1 works with every emulator and proxy. The factory closes it after the clients.
     */
    private SdkAsyncHttpClient kinesisHttp() { // callers hold this factory's lock
        if (kinesisHttp == null) {
            kinesisHttp = own(httpClientBuilder(config.isTrustAllCertificates()).protocol(Protocol.HTTP1_1)
                    .buildWithDefaults(KINESIS_HTTP_DEFAULTS));
        }
        return kinesisHttp;
    }

    public synchronized DynamoDbAsyncClient dynamoDb() {
        if (dynamoDb == null) {
            dynamoDb = own(configure(DynamoDbAsyncClient.builder(),
                    ConnectionOptions.endpointUri("dynamoDbUriEndpointOverride",
                            ConnectionOptions.dynamoDbEndpoint(config)))
                    .httpClientBuilder(httpClientBuilder(config.isTrustAllCertificates()))
                    .build());
        }
        return dynamoDb;
    }

    private KinesisAsyncClient buildKinesis(boolean withoutRetries) {
        var builder = configure(KinesisAsyncClient.builder(),
                ConnectionOptions.endpointUri("uriEndpointOverride", config.getUriEndpointOverride()));
        builder.httpClient(kinesisHttp());
        if (withoutRetries) {
            builder.overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry()));
        }
        KinesisAsyncClient client = builder.build();
        // per client: the SDK's own switch is a JVM-wide system property (see KinesisJsonProtocol)
        return config.isCborEnabled() ? client : KinesisJsonProtocol.switchToJson(client);
    }

    /** Region, credentials and endpoint: the same for every service client (each caller sets the HTTP client). */
    private <B extends AwsClientBuilder<B, ?> & AwsAsyncClientBuilder<B, ?>> B configure(B builder, URI endpoint) {
        builder.region(region(config, endpoint != null))
                .credentialsProvider(credentials());
        if (endpoint != null) {
            builder.endpointOverride(endpoint);
        }
        return builder;
    }

    /** The configured region; else the SDK's chain; else, only when an endpoint override is set, us-east-1. */
    static Region region(KinesisBatchConfiguration config, boolean endpointOverridden) {
        if (ConnectionOptions.notBlank(config.getRegion())) {
            return Region.of(config.getRegion());
        }
        try {
            return DefaultAwsRegionProviderChain.builder().build().getRegion();
        } catch (RuntimeException e) {
            if (endpointOverridden) {
                return EMULATOR_REGION;
            }
            throw new IllegalArgumentException(
                    "No AWS region: set the region option (or AWS_REGION / a profile region for the SDK default chain)",
                    e);
        }
    }

    private synchronized AwsCredentialsProvider credentials() {
        if (credentials == null) {
            AwsCredentialsProvider base = baseCredentials(config);
            if (base instanceof AutoCloseable closeable) {
                own(closeable); // the default chain and profiles hold threads and file watchers: closed after the clients
            }
            credentials = config.getRoleArn() == null ? base : assumeRole(base);
        }
        return credentials;
    }

    /** Whether {@link #close()} closes this object (tests). */
    synchronized boolean owns(Object o) {
        return owned.contains(o);
    }

    /** The credentials provider the clients use, built on first use (tests). */
    synchronized AwsCredentialsProvider credentialsProvider() {
        return credentials();
    }

    /** The base credentials the options select (see {@link ConnectionOptions#credentialsSource}). */
    static AwsCredentialsProvider baseCredentials(KinesisBatchConfiguration c) {
        switch (ConnectionOptions.credentialsSource(c)) {
            case STATIC :
                return StaticCredentialsProvider.create(AwsBasicCredentials.create(c.getAccessKey(), c.getSecretKey()));
            case STATIC_SESSION :
                return StaticCredentialsProvider.create(
                        AwsSessionCredentials.create(c.getAccessKey(), c.getSecretKey(), c.getSessionToken()));
            case PROFILE :
                return ProfileCredentialsProvider.builder().profileName(c.getProfileCredentialsName()).build();
            default :
                return DefaultCredentialsProvider.builder().build();
        }
    }

    private AwsCredentialsProvider assumeRole(AwsCredentialsProvider base) {
        StsAsyncClient sts = StsAsyncClient.builder()
                .region(region(config, config.getUriEndpointOverride() != null))
                .credentialsProvider(base)
                .httpClientBuilder(httpClientBuilder(config.isTrustAllCertificates()))
                .build();
        AssumeRoleRequest.Builder request = AssumeRoleRequest.builder()
                .roleArn(config.getRoleArn())
                .roleSessionName(config.getRoleSessionName())
                .durationSeconds((int) Duration.ofHours(1).toSeconds());
        if (config.getRoleExternalId() != null) {
            request.externalId(config.getRoleExternalId());
        }
        return own(new AssumeRoleCredentialsProvider(sts, request.build()));
    }

    /**
     * Netty: owned by the client it is given to, except the Kinesis clients' shared one, which this factory owns.
     * {@code trustAll} switches off certificate checks: only for emulators with self-signed certificates.
     */
    static NettyBuilder httpClientBuilder(boolean trustAll) {
        return new NettyBuilder(trustAll);
    }

    /**
     * Netty with our settings put over the service's own HTTP defaults: certificate checks off only when asked
     * ({@code trustAllCertificates}), and optionally a fixed protocol.
     */
    static final class NettyBuilder implements SdkAsyncHttpClient.Builder<NettyBuilder> {
        private final boolean trustAll;
        private Protocol protocol;

        NettyBuilder(boolean trustAll) {
            this.trustAll = trustAll;
        }

        NettyBuilder protocol(Protocol protocol) {
            this.protocol = protocol;
            return this;
        }

        @Override
        public SdkAsyncHttpClient buildWithDefaults(AttributeMap serviceDefaults) {
            AttributeMap.Builder ours = AttributeMap.builder();
            if (trustAll) {
                ours.put(SdkHttpConfigurationOption.TRUST_ALL_CERTIFICATES, Boolean.TRUE);
            }
            if (protocol != null) {
                ours.put(SdkHttpConfigurationOption.PROTOCOL, protocol);
            }
            NettyNioAsyncHttpClient.Builder netty = NettyNioAsyncHttpClient.builder();
            if (protocol == Protocol.HTTP2) {
                // every subscription is one long-lived stream: no client-side cap below the shard count
                netty.maxConcurrency(Integer.MAX_VALUE)
                        .http2Configuration(h -> h.healthCheckPingPeriod(Duration.ofSeconds(10)));
            }
            return netty.buildWithDefaults(ours.build().merge(serviceDefaults));
        }

        boolean trustAll() {
            return trustAll;
        }

        Protocol protocol() {
            return protocol;
        }
    }

    private <T extends AutoCloseable> T own(T closeable) {
        owned.push(closeable);
        return closeable;
    }

    /** Closes every client and credentials provider this factory built, newest first. */
    @Override
    public synchronized void close() {
        while (!owned.isEmpty()) {
            IoUtils.closeQuietly(owned.pop(), null);
        }
        kinesisHttp = null;
        kinesis = null;
        kinesisWithoutRetries = null;
        kinesisFanOut = null;
        dynamoDb = null;
        credentials = null;
    }
}
