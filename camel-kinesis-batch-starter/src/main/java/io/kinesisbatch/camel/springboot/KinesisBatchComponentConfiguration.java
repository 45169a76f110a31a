package io.kinesisbatch.camel.springboot;

import org.apache.camel.spring.boot.ComponentConfigurationPropertiesCommon;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Writes records to, or reads records from, one Kinesis data stream.
 * <p>
 * Every option of the {@code kinesis-batch} component as a Spring Boot property
 * {@code camel.component.kinesis-batch.<option-in-kebab-case>}. An option left unset keeps the component's
 * default.
 * <p>
 * GENERATED from the component metadata by ComponentConfigurationGenerator (starter tests): do not edit.
 * Regenerate: see docs/spring-boot.md.
 */
@ConfigurationProperties(prefix = "camel.component.kinesis-batch")
public class KinesisBatchComponentConfiguration extends ComponentConfigurationPropertiesCommon {

    /**
     * Component-level defaults for every endpoint option Set from a bean reference: #beanName, #bean:beanName or the
     * bean name.
     */
    private io.kinesisbatch.camel.KinesisBatchConfiguration configuration;

    /**
     * DynamoDB endpoint URL for the checkpoint table. Defaults to uriEndpointOverride when that is set.
     */
    private String dynamoDbUriEndpointOverride;

    /**
     * AWS region of the stream (and of the checkpoint table). When not set, the SDK's default region chain decides.
     */
    private String region;

    /**
     * Kinesis endpoint URL to use instead of the regional one (emulators, LocalStack, VPC endpoints). Setting it is
     * enough to use it.
     */
    private String uriEndpointOverride;

    /**
     * Allows for bridging the consumer to the Camel routing Error Handler, which mean any exceptions (if possible)
     * occurred while the Camel consumer is trying to pickup incoming messages, or the likes, will now be processed as a
     * message and handled by the routing Error Handler. Important: This is only possible if the 3rd party component
     * allows Camel to be alerted if an exception was thrown. Some components handle this internally only, and therefore
     * bridgeErrorHandler is not possible. In other situations we may improve the Camel component to hook into the 3rd
     * party component and make this possible for future releases. By default the consumer will use the
     * org.apache.camel.spi.ExceptionHandler to deal with exceptions, that will be logged at WARN or ERROR level and
     * ignored.
     */
    private Boolean bridgeErrorHandler;

    /**
     * Whether the producer should be started lazy (on the first message). By starting lazy you can use this to allow
     * CamelContext and routes to startup in situations where a producer may otherwise fail during starting and cause
     * the route to fail being started. By deferring this startup to be lazy then the startup failure can be handled
     * during routing messages via Camel's routing error handlers. Beware that when the first message is processed then
     * creating and starting the producer may take a little time and prolong the total processing time of the
     * processing.
     */
    private Boolean lazyStartProducer;

    /**
     * Whether autowiring is enabled. This is used for automatic autowiring options (the option must be marked as
     * autowired) by looking up in the registry to find if there is a single instance of matching type, which then gets
     * configured on the component. This can be used for automatic configuring JDBC data sources, JMS connection
     * factories, AWS Clients, etc.
     */
    private Boolean autowiredEnabled;

    /**
     * Use the CBOR wire protocol for Kinesis. Set to false for emulators that only speak JSON.
     */
    private Boolean cborEnabled;

    /**
     * A DynamoDB client for the checkpoint table, used instead of building one. Autowired when exactly one bean of this
     * type exists. The endpoint never closes a client it did not build. Set from a bean reference: #beanName,
     * #bean:beanName or the bean name.
     */
    private software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClient dynamoDbClient;

    /**
     * A Kinesis client to use instead of building one. Autowired when exactly one bean of this type exists. The
     * endpoint never closes a client it did not build. Set from a bean reference: #beanName, #bean:beanName or the bean
     * name.
     */
    private software.amazon.awssdk.services.kinesis.KinesisAsyncClient kinesisClient;

    /**
     * Access key of static credentials.
     */
    private String accessKey;

    /**
     * Named profile from the shared AWS config and credentials files.
     */
    private String profileCredentialsName;

    /**
     * ARN of a role to assume (through STS) on top of the base credentials.
     */
    private String roleArn;

    /**
     * External id required by the trust policy of roleArn, if any.
     */
    private String roleExternalId;

    /**
     * Session name used when assuming roleArn.
     */
    private String roleSessionName;

    /**
     * Secret key of static credentials.
     */
    private String secretKey;

    /**
     * Session token that goes with temporary static credentials.
     */
    private String sessionToken;

    /**
     * Accept any TLS certificate. Only for emulators with self-signed certificates; never for real AWS.
     */
    private Boolean trustAllCertificates;

    /**
     * Use the SDK's default credentials chain (environment, system properties, profile, web identity, container,
     * instance profile). When not set, it is used when no static keys and no profile are given. Default value notice:
     * true when no accessKey/secretKey and no profileCredentialsName are given
     */
    private Boolean useDefaultCredentialsProvider;

    public io.kinesisbatch.camel.KinesisBatchConfiguration getConfiguration() {
        return configuration;
    }

    public void setConfiguration(io.kinesisbatch.camel.KinesisBatchConfiguration configuration) {
        this.configuration = configuration;
    }

    public String getDynamoDbUriEndpointOverride() {
        return dynamoDbUriEndpointOverride;
    }

    public void setDynamoDbUriEndpointOverride(String dynamoDbUriEndpointOverride) {
        this.dynamoDbUriEndpointOverride = dynamoDbUriEndpointOverride;
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

    public Boolean getBridgeErrorHandler() {
        return bridgeErrorHandler;
    }

    public void setBridgeErrorHandler(Boolean bridgeErrorHandler) {
        this.bridgeErrorHandler = bridgeErrorHandler;
    }

    public Boolean getLazyStartProducer() {
        return lazyStartProducer;
    }

    public void setLazyStartProducer(Boolean lazyStartProducer) {
        this.lazyStartProducer = lazyStartProducer;
    }

    public Boolean getAutowiredEnabled() {
        return autowiredEnabled;
    }

    public void setAutowiredEnabled(Boolean autowiredEnabled) {
        this.autowiredEnabled = autowiredEnabled;
    }

    public Boolean getCborEnabled() {
        return cborEnabled;
    }

    public void setCborEnabled(Boolean cborEnabled) {
        this.cborEnabled = cborEnabled;
    }

    public software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClient getDynamoDbClient() {
        return dynamoDbClient;
    }

    public void setDynamoDbClient(software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClient dynamoDbClient) {
        this.dynamoDbClient = dynamoDbClient;
    }

    public software.amazon.awssdk.services.kinesis.KinesisAsyncClient getKinesisClient() {
        return kinesisClient;
    }

    public void setKinesisClient(software.amazon.awssdk.services.kinesis.KinesisAsyncClient kinesisClient) {
        this.kinesisClient = kinesisClient;
    }

    public String getAccessKey() {
        return accessKey;
    }

    public void setAccessKey(String accessKey) {
        this.accessKey = accessKey;
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

    public String getRoleExternalId() {
        return roleExternalId;
    }

    public void setRoleExternalId(String roleExternalId) {
        this.roleExternalId = roleExternalId;
    }

    public String getRoleSessionName() {
        return roleSessionName;
    }

    public void setRoleSessionName(String roleSessionName) {
        this.roleSessionName = roleSessionName;
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

    public Boolean getTrustAllCertificates() {
        return trustAllCertificates;
    }

    public void setTrustAllCertificates(Boolean trustAllCertificates) {
        this.trustAllCertificates = trustAllCertificates;
    }

    public Boolean getUseDefaultCredentialsProvider() {
        return useDefaultCredentialsProvider;
    }

    public void setUseDefaultCredentialsProvider(Boolean useDefaultCredentialsProvider) {
        this.useDefaultCredentialsProvider = useDefaultCredentialsProvider;
    }

    /** The options that are set; secrets only as {@code ***}, beans only by type. */
    @Override
    public String toString() {
        StringBuilder s = new StringBuilder("KinesisBatchComponentConfiguration[");
        if (configuration != null) {
            s.append("configuration=").append(configuration.getClass().getName()).append(' ');
        }
        if (dynamoDbUriEndpointOverride != null) {
            s.append("dynamoDbUriEndpointOverride=").append(dynamoDbUriEndpointOverride).append(' ');
        }
        if (region != null) {
            s.append("region=").append(region).append(' ');
        }
        if (uriEndpointOverride != null) {
            s.append("uriEndpointOverride=").append(uriEndpointOverride).append(' ');
        }
        if (bridgeErrorHandler != null) {
            s.append("bridgeErrorHandler=").append(bridgeErrorHandler).append(' ');
        }
        if (lazyStartProducer != null) {
            s.append("lazyStartProducer=").append(lazyStartProducer).append(' ');
        }
        if (autowiredEnabled != null) {
            s.append("autowiredEnabled=").append(autowiredEnabled).append(' ');
        }
        if (cborEnabled != null) {
            s.append("cborEnabled=").append(cborEnabled).append(' ');
        }
        if (dynamoDbClient != null) {
            s.append("dynamoDbClient=").append(dynamoDbClient.getClass().getName()).append(' ');
        }
        if (kinesisClient != null) {
            s.append("kinesisClient=").append(kinesisClient.getClass().getName()).append(' ');
        }
        if (accessKey != null) {
            s.append("accessKey=").append("***").append(' ');
        }
        if (profileCredentialsName != null) {
            s.append("profileCredentialsName=").append(profileCredentialsName).append(' ');
        }
        if (roleArn != null) {
            s.append("roleArn=").append(roleArn).append(' ');
        }
        if (roleExternalId != null) {
            s.append("roleExternalId=").append("***").append(' ');
        }
        if (roleSessionName != null) {
            s.append("roleSessionName=").append(roleSessionName).append(' ');
        }
        if (secretKey != null) {
            s.append("secretKey=").append("***").append(' ');
        }
        if (sessionToken != null) {
            s.append("sessionToken=").append("***").append(' ');
        }
        if (trustAllCertificates != null) {
            s.append("trustAllCertificates=").append(trustAllCertificates).append(' ');
        }
        if (useDefaultCredentialsProvider != null) {
            s.append("useDefaultCredentialsProvider=").append(useDefaultCredentialsProvider).append(' ');
        }
        return s.toString().trim() + "]";
    }
}
