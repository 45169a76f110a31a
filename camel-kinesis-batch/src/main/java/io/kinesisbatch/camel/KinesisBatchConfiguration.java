package io.kinesisbatch.camel;

import org.apache.camel.RuntimeCamelException;
import org.apache.camel.spi.Metadata;
import org.apache.camel.spi.UriParam;
import org.apache.camel.spi.UriParams;
import org.apache.camel.spi.UriPath;
import software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClient;
import software.amazon.awssdk.services.kinesis.KinesisAsyncClient;

/**
 * Every option of a {@code kinesis-batch:} endpoint. The component holds one instance as the defaults; each endpoint
 * gets a copy with its URI options applied.
 * <p>
 * The options are grouped by role: connection and credentials (both roles), producer, consumer. Names follow
 * camel-aws2-kinesis where the concept is the same.
 */
@UriParams
public class KinesisBatchConfiguration implements Cloneable {

    // ---------------------------------------------------------------- stream

    /** Name of the Kinesis data stream, or its full ARN. */
    @UriPath(description = "Name of the Kinesis data stream, or its full ARN")
    @Metadata(required = true)
    private String streamName;

    // ---------------------------------------------------------------- connection and credentials

    /** AWS region of the stream (and of the checkpoint table). When not set, the SDK's default region chain decides. */
    @UriParam(label = "common")
    private String region;

    /**
     * Kinesis endpoint URL to use instead of the regional one (emulators, LocalStack, VPC endpoints). Setting it is
     * enough to use it.
     */
    @UriParam(label = "common")
    private String uriEndpointOverride;

    /**
     * DynamoDB endpoint URL for the checkpoint table. Defaults to {@code uriEndpointOverride} when that is set.
     */
    @UriParam(label = "common")
    private String dynamoDbUriEndpointOverride;

    /** Access key of static credentials. */
    @UriParam(label = "security", secret = true)
    private String accessKey;

    /** Secret key of static credentials. */
    @UriParam(label = "security", secret = true)
    private String secretKey;

    /** Session token that goes with temporary static credentials. */
    @UriParam(label = "security", secret = true)
    private String sessionToken;

    /**
     * Use the SDK's default credentials chain (environment, system properties, profile, web identity, container,
     * instance profile). When not set, it is used when no static keys and no profile are given.
     */
    @UriParam(label = "security",
              defaultValueNote = "true when no accessKey/secretKey and no profileCredentialsName are given")
    private Boolean useDefaultCredentialsProvider;

    /** Named profile from the shared AWS config and credentials files. */
    @UriParam(label = "security")
    private String profileCredentialsName;

    /** ARN of a role to assume (through STS) on top of the base credentials. */
    @UriParam(label = "security")
    private String roleArn;

    /** Session name used when assuming {@code roleArn}. */
    @UriParam(label = "security", defaultValue = "camel-kinesis-batch")
    private String roleSessionName = "camel-kinesis-batch";

    /** External id required by the trust policy of {@code roleArn}, if any. */
    @UriParam(label = "security", secret = true)
    private String roleExternalId;

    /**
     * Accept any TLS certificate. Only for emulators with self-signed certificates; never for real AWS.
     */
    @UriParam(label = "security", defaultValue = "false")
    private boolean trustAllCertificates;

    /** Use the CBOR wire protocol for Kinesis. Set to false for emulators that only speak JSON. */
    @UriParam(label = "advanced", defaultValue = "true")
    private boolean cborEnabled = true;

    /**
     * A Kinesis client to use instead of building one. Autowired when exactly one bean of this type exists. The
     * endpoint never closes a client it did not build.
     */
    @UriParam(label = "advanced")
    @Metadata(autowired = true)
    private KinesisAsyncClient kinesisClient;

    /**
     * A DynamoDB client for the checkpoint table, used instead of building one. Autowired when exactly one bean of
     * this type exists. The endpoint never closes a client it did not build.
     */
    @UriParam(label = "advanced")
    @Metadata(autowired = true)
    private DynamoDbAsyncClient dynamoDbClient;

    // ---------------------------------------------------------------- producer

    // ---------------------------------------------------------------- consumer

    // ---------------------------------------------------------------- copy

    public KinesisBatchConfiguration copy() {
        try {
            return (KinesisBatchConfiguration) clone();
        } catch (CloneNotSupportedException e) {
            throw new RuntimeCamelException(e);
        }
    }

    /** Never prints secrets: only says whether they are set. */
    @Override
    public String toString() {
        return "KinesisBatchConfiguration[stream=" + streamName + ", region=" + region
               + ", endpoint=" + uriEndpointOverride + ", accessKey=" + (accessKey != null ? "***" : "none")
               + ", profile=" + profileCredentialsName + ", roleArn=" + roleArn + "]";
    }

    // ---------------------------------------------------------------- accessors

    public String getStreamName() {
        return streamName;
    }

    public void setStreamName(String streamName) {
        this.streamName = streamName;
    }

    public String getRegion() {
        return region;
    }

    public void setRegion(String region) {
        this.region = region;
    }

    public String getUriEndpointOverride() {
        return uriEndpointOverride;
    }

    public void setUriEndpointOverride(String uriEndpointOverride) {
        this.uriEndpointOverride = uriEndpointOverride;
    }

    public String getDynamoDbUriEndpointOverride() {
        return dynamoDbUriEndpointOverride;
    }

    public void setDynamoDbUriEndpointOverride(String dynamoDbUriEndpointOverride) {
        this.dynamoDbUriEndpointOverride = dynamoDbUriEndpointOverride;
    }

    public String getAccessKey() {
        return accessKey;
    }

    public void setAccessKey(String accessKey) {
        this.accessKey = accessKey;
    }

    public String getSecretKey() {
        return secretKey;
    }

    public void setSecretKey(String secretKey) {
        this.secretKey = secretKey;
    }

    public String getSessionToken() {
        return sessionToken;
    }

    public void setSessionToken(String sessionToken) {
        this.sessionToken = sessionToken;
    }

    public Boolean getUseDefaultCredentialsProvider() {
        return useDefaultCredentialsProvider;
    }

    public void setUseDefaultCredentialsProvider(Boolean useDefaultCredentialsProvider) {
        this.useDefaultCredentialsProvider = useDefaultCredentialsProvider;
    }

    public String getProfileCredentialsName() {
        return profileCredentialsName;
    }

    public void setProfileCredentialsName(String profileCredentialsName) {
        this.profileCredentialsName = profileCredentialsName;
    }

    public String getRoleArn() {
        return roleArn;
    }

    public void setRoleArn(String roleArn) {
        this.roleArn = roleArn;
    }

    public String getRoleSessionName() {
        return roleSessionName;
    }

    public void setRoleSessionName(String roleSessionName) {
        this.roleSessionName = roleSessionName;
    }

    public String getRoleExternalId() {
        return roleExternalId;
    }

    public void setRoleExternalId(String roleExternalId) {
        this.roleExternalId = roleExternalId;
    }

    public boolean isTrustAllCertificates() {
        return trustAllCertificates;
    }

    public void setTrustAllCertificates(boolean trustAllCertificates) {
        this.trustAllCertificates = trustAllCertificates;
    }

    public boolean isCborEnabled() {
        return cborEnabled;
    }

    public void setCborEnabled(boolean cborEnabled) {
        this.cborEnabled = cborEnabled;
    }

    public KinesisAsyncClient getKinesisClient() {
        return kinesisClient;
    }

    public void setKinesisClient(KinesisAsyncClient kinesisClient) {
        this.kinesisClient = kinesisClient;
    }

    public DynamoDbAsyncClient getDynamoDbClient() {
        return dynamoDbClient;
    }

    public void setDynamoDbClient(DynamoDbAsyncClient dynamoDbClient) {
        this.dynamoDbClient = dynamoDbClient;
    }
}
