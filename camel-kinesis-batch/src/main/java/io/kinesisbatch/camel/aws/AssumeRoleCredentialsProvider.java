package io.kinesisbatch.camel.aws;

import java.time.Duration;
import java.time.Instant;

import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.services.sts.StsAsyncClient;
import software.amazon.awssdk.services.sts.model.AssumeRoleRequest;
import software.amazon.awssdk.services.sts.model.Credentials;
import software.amazon.awssdk.utils.SdkAutoCloseable;
import software.amazon.awssdk.utils.cache.CachedSupplier;
import software.amazon.awssdk.utils.cache.RefreshResult;

/**
 * Credentials of an assumed role, refreshed before they expire. Uses the asynchronous STS client (the same Netty
 * HTTP stack as the Kinesis and DynamoDB clients) so no synchronous HTTP client is needed on the class path.
 */
final class AssumeRoleCredentialsProvider implements AwsCredentialsProvider, SdkAutoCloseable {

    private static final Duration STALE_BEFORE_EXPIRY = Duration.ofMinutes(1);
    private static final Duration PREFETCH_BEFORE_EXPIRY = Duration.ofMinutes(5);

    private final StsAsyncClient sts;
    private final AssumeRoleRequest request;
    private final CachedSupplier<AwsCredentials> cache;

    AssumeRoleCredentialsProvider(StsAsyncClient sts, AssumeRoleRequest request) {
        this.sts = sts;
        this.request = request;
        this.cache = CachedSupplier.builder(this::assume).cachedValueName("kinesis-batch assumed role").build();
    }

    private RefreshResult<AwsCredentials> assume() {
        Credentials c = sts.assumeRole(request).join().credentials();
        Instant expiry = c.expiration();
        AwsCredentials credentials = AwsSessionCredentials.builder()
                .accessKeyId(c.accessKeyId())
                .secretAccessKey(c.secretAccessKey())
                .sessionToken(c.sessionToken())
                .expirationTime(expiry)
                .build();
        return RefreshResult.builder(credentials)
                .staleTime(expiry.minus(STALE_BEFORE_EXPIRY))
                .prefetchTime(expiry.minus(PREFETCH_BEFORE_EXPIRY))
                .build();
    }

    @Override
    public AwsCredentials resolveCredentials() {
        return cache.get();
    }

    @Override
    public void close() {
        cache.close();
        sts.close();
    }

    @Override
    public String toString() {
        return "AssumeRoleCredentialsProvider[role=" + request.roleArn() + "]";
    }
}
