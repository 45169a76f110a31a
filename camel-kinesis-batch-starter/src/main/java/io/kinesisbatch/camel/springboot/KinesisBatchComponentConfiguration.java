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
     * Component-level defaults for every endpoint option. Set from a bean reference: #beanName, #bean:beanName or the
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
     * How often the acknowledged progress of each shard is written to the checkpoint store (also every half
     * checkpointLimit of completed records).
     */
    private String checkpointInterval;

    /**
     * Most records of one shard in flight ahead of its written checkpoint, so also the most a crash repeats; written
     * early every half window under load. 1 processes a shard in strict lock-step order.
     */
    private Integer checkpointLimit;

    /**
     * DynamoDB table holding the checkpoints (and, with leases, the ownership) of the shards. One per application.
     */
    private String checkpointTable;

    /**
     * Create the checkpoint table when it does not exist (on-demand unless capacities are set).
     */
    private Boolean createCheckpointTable;

    /**
     * Where a shard without a checkpoint starts: TRIM_HORIZON (oldest record), LATEST (new records only) or
     * AT_TIMESTAMP.
     */
    private String iteratorType;

    /**
     * A shard lease whose counter has not moved for this long, as measured by the observing consumer's own clock, is
     * free for another consumer to take (no clock synchronisation needed). Held leases are renewed every third of it,
     * apart from route processing.
     */
    private String leaseDuration;

    /**
     * Above 1: one exchange carries a java.util.List of up to this many records of one shard (each element a Camel
     * Message with the record's body and headers); it never waits for the list to fill.
     */
    private Integer maxRecordsPerExchange;

    /**
     * Most records one GetRecords call returns (1 to 10000).
     */
    private Integer maxResultsPerRequest;

    /**
     * For iteratorType AT_TIMESTAMP: the instant to start at, as epoch milliseconds or ISO-8601 (2026-11-23T10:00:00Z).
     */
    private String messageTimestamp;

    /**
     * Wait after a GetRecords call that found its shard caught up. Calls to one shard are never less than 200 ms apart
     * (Kinesis allows 5 per second per shard).
     */
    private String pollDelay;

    /**
     * How often a consumer lists the stream's shards, claims free or expired leases and steals one lease toward an even
     * share of the shards among the running consumers.
     */
    private String rebalanceInterval;

    /**
     * Comma-separated shard ids: consume exactly these shards (still checkpointed) instead of all shards.
     */
    private String shardIds;

    /**
     * false: an exchange that ends failed is redelivered (1 s growing to 30 s apart) and the checkpoint never passes
     * it. true: it is logged and acknowledged, and the checkpoint moves on.
     */
    private Boolean skipFailedRecords;

    /**
     * Identity of this consumer in the checkpoint table (owner of the shards it reads). Defaults to the host name plus
     * a random suffix.
     */
    private String workerId;

    /**
     * Where checkpoints are kept: a bean implementing io.kinesisbatch.camel.checkpoint.CheckpointStore. Defaults to the
     * DynamoDB table checkpointTable; an in-memory store ships for tests and single-node development. Set from a bean
     * reference: #beanName, #bean:beanName or the bean name.
     */
    private io.kinesisbatch.camel.checkpoint.CheckpointStore checkpointStore;

    /**
     * Provisioned read capacity of a checkpoint table this component creates; 0 means on-demand (PAY_PER_REQUEST).
     */
    private Long checkpointTableReadCapacity;

    /**
     * Provisioned write capacity of a checkpoint table this component creates; 0 means on-demand (PAY_PER_REQUEST).
     */
    private Long checkpointTableWriteCapacity;

    /**
     * Most bytes in one PutRecords call, counting record data plus partition keys (up to 5 MiB).
     */
    private Long batchMaxBytes;

    /**
     * Most records in one PutRecords call (1 to 500).
     */
    private Integer batchMaxRecords;

    /**
     * Longest a record waits for its batch to fill before the batch is sent anyway.
     */
    private String batchTimeout;

    /**
     * Explicit hash key of each record (a decimal number from 0 to 2 to the power of 128, minus 1, that picks the shard
     * directly): a Simple expression evaluated per exchange. The header CamelKinesisBatchExplicitHashKey wins over it.
     */
    private String explicitHashKey;

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
     * Memory bound of records accepted but not yet acknowledged (buffered, in flight or waiting to be retried): each
     * counts its data, its partition key and 1 KiB for the objects it holds. When reached, whenFull decides.
     */
    private Long maxBufferedBytes;

    /**
     * Most PutRecords calls this endpoint has outstanding at once.
     */
    private Integer maxInFlight;

    /**
     * How many times a record is sent again after a retryable failure (throttling, internal failure, 5xx, timeout,
     * connection error) before its exchange fails. 0 means never retry.
     */
    private Integer maxRetries;

    /**
     * Partition key of each record: a Simple expression evaluated per exchange, e.g. ${header.orderId}. The header
     * CamelKinesisBatchPartitionKey wins over it; when neither is set, each record gets a random 128-bit key (so
     * records spread evenly over the shards).
     */
    private String partitionKey;

    /**
     * Delay between retries: exponential (a random delay up to a ceiling that doubles with each attempt: full jitter),
     * linear (initial delay times the attempt) or constant (always the initial delay).
     */
    private String retryBackoff;

    /**
     * Delay before the first retry (the ceiling of the first random delay for exponential).
     */
    private String retryInitialDelay;

    /**
     * Upper bound of any delay between retries.
     */
    private String retryMaxDelay;

    /**
     * What happens to a new exchange when maxBufferedBytes is reached: block makes the calling thread wait until there
     * is room (back-pressure into the route), fail fails the exchange at once.
     */
    private String whenFull;

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
     * Used for enabling or disabling all consumer based health checks from this component
     */
    private Boolean healthCheckConsumerEnabled;

    /**
     * Used for enabling or disabling all producer based health checks from this component. Notice: Camel has by default
     * disabled all producer based health-checks. You can turn on producer checks globally by setting
     * camel.health.producersEnabled=true.
     */
    private Boolean healthCheckProducerEnabled;

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

    public String getCheckpointInterval() {
        return checkpointInterval;
    }

    public void setCheckpointInterval(String checkpointInterval) {
        this.checkpointInterval = checkpointInterval;
    }

    public Integer getCheckpointLimit() {
        return checkpointLimit;
    }

    public void setCheckpointLimit(Integer checkpointLimit) {
        this.checkpointLimit = checkpointLimit;
    }

    public String getCheckpointTable() {
        return checkpointTable;
    }

    public void setCheckpointTable(String checkpointTable) {
        this.checkpointTable = checkpointTable;
    }

    public Boolean getCreateCheckpointTable() {
        return createCheckpointTable;
    }

    public void setCreateCheckpointTable(Boolean createCheckpointTable) {
        this.createCheckpointTable = createCheckpointTable;
    }

    public String getIteratorType() {
        return iteratorType;
    }

    public void setIteratorType(String iteratorType) {
        this.iteratorType = iteratorType;
    }

    public String getLeaseDuration() {
        return leaseDuration;
    }

    public void setLeaseDuration(String leaseDuration) {
        this.leaseDuration = leaseDuration;
    }

    public Integer getMaxRecordsPerExchange() {
        return maxRecordsPerExchange;
    }

    public void setMaxRecordsPerExchange(Integer maxRecordsPerExchange) {
        this.maxRecordsPerExchange = maxRecordsPerExchange;
    }

    public Integer getMaxResultsPerRequest() {
        return maxResultsPerRequest;
    }

    public void setMaxResultsPerRequest(Integer maxResultsPerRequest) {
        this.maxResultsPerRequest = maxResultsPerRequest;
    }

    public String getMessageTimestamp() {
        return messageTimestamp;
    }

    public void setMessageTimestamp(String messageTimestamp) {
        this.messageTimestamp = messageTimestamp;
    }

    public String getPollDelay() {
        return pollDelay;
    }

    public void setPollDelay(String pollDelay) {
        this.pollDelay = pollDelay;
    }

    public String getRebalanceInterval() {
        return rebalanceInterval;
    }

    public void setRebalanceInterval(String rebalanceInterval) {
        this.rebalanceInterval = rebalanceInterval;
    }

    public String getShardIds() {
        return shardIds;
    }

    public void setShardIds(String shardIds) {
        this.shardIds = shardIds;
    }

    public Boolean getSkipFailedRecords() {
        return skipFailedRecords;
    }

    public void setSkipFailedRecords(Boolean skipFailedRecords) {
        this.skipFailedRecords = skipFailedRecords;
    }

    public String getWorkerId() {
        return workerId;
    }

    public void setWorkerId(String workerId) {
        this.workerId = workerId;
    }

    public io.kinesisbatch.camel.checkpoint.CheckpointStore getCheckpointStore() {
        return checkpointStore;
    }

    public void setCheckpointStore(io.kinesisbatch.camel.checkpoint.CheckpointStore checkpointStore) {
        this.checkpointStore = checkpointStore;
    }

    public Long getCheckpointTableReadCapacity() {
        return checkpointTableReadCapacity;
    }

    public void setCheckpointTableReadCapacity(Long checkpointTableReadCapacity) {
        this.checkpointTableReadCapacity = checkpointTableReadCapacity;
    }

    public Long getCheckpointTableWriteCapacity() {
        return checkpointTableWriteCapacity;
    }

    public void setCheckpointTableWriteCapacity(Long checkpointTableWriteCapacity) {
        this.checkpointTableWriteCapacity = checkpointTableWriteCapacity;
    }

    public Long getBatchMaxBytes() {
        return batchMaxBytes;
    }

    public void setBatchMaxBytes(Long batchMaxBytes) {
        this.batchMaxBytes = batchMaxBytes;
    }

    public Integer getBatchMaxRecords() {
        return batchMaxRecords;
    }

    public void setBatchMaxRecords(Integer batchMaxRecords) {
        this.batchMaxRecords = batchMaxRecords;
    }

    public String getBatchTimeout() {
        return batchTimeout;
    }

    public void setBatchTimeout(String batchTimeout) {
        this.batchTimeout = batchTimeout;
    }

    public String getExplicitHashKey() {
        return explicitHashKey;
    }

    public void setExplicitHashKey(String explicitHashKey) {
        this.explicitHashKey = explicitHashKey;
    }

    public Boolean getLazyStartProducer() {
        return lazyStartProducer;
    }

    public void setLazyStartProducer(Boolean lazyStartProducer) {
        this.lazyStartProducer = lazyStartProducer;
    }

    public Long getMaxBufferedBytes() {
        return maxBufferedBytes;
    }

    public void setMaxBufferedBytes(Long maxBufferedBytes) {
        this.maxBufferedBytes = maxBufferedBytes;
    }

    public Integer getMaxInFlight() {
        return maxInFlight;
    }

    public void setMaxInFlight(Integer maxInFlight) {
        this.maxInFlight = maxInFlight;
    }

    public Integer getMaxRetries() {
        return maxRetries;
    }

    public void setMaxRetries(Integer maxRetries) {
        this.maxRetries = maxRetries;
    }

    public String getPartitionKey() {
        return partitionKey;
    }

    public void setPartitionKey(String partitionKey) {
        this.partitionKey = partitionKey;
    }

    public String getRetryBackoff() {
        return retryBackoff;
    }

    public void setRetryBackoff(String retryBackoff) {
        this.retryBackoff = retryBackoff;
    }

    public String getRetryInitialDelay() {
        return retryInitialDelay;
    }

    public void setRetryInitialDelay(String retryInitialDelay) {
        this.retryInitialDelay = retryInitialDelay;
    }

    public String getRetryMaxDelay() {
        return retryMaxDelay;
    }

    public void setRetryMaxDelay(String retryMaxDelay) {
        this.retryMaxDelay = retryMaxDelay;
    }

    public String getWhenFull() {
        return whenFull;
    }

    public void setWhenFull(String whenFull) {
        this.whenFull = whenFull;
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

    public Boolean getHealthCheckConsumerEnabled() {
        return healthCheckConsumerEnabled;
    }

    public void setHealthCheckConsumerEnabled(Boolean healthCheckConsumerEnabled) {
        this.healthCheckConsumerEnabled = healthCheckConsumerEnabled;
    }

    public Boolean getHealthCheckProducerEnabled() {
        return healthCheckProducerEnabled;
    }

    public void setHealthCheckProducerEnabled(Boolean healthCheckProducerEnabled) {
        this.healthCheckProducerEnabled = healthCheckProducerEnabled;
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
        if (checkpointInterval != null) {
            s.append("checkpointInterval=").append(checkpointInterval).append(' ');
        }
        if (checkpointLimit != null) {
            s.append("checkpointLimit=").append(checkpointLimit).append(' ');
        }
        if (checkpointTable != null) {
            s.append("checkpointTable=").append(checkpointTable).append(' ');
        }
        if (createCheckpointTable != null) {
            s.append("createCheckpointTable=").append(createCheckpointTable).append(' ');
        }
        if (iteratorType != null) {
            s.append("iteratorType=").append(iteratorType).append(' ');
        }
        if (leaseDuration != null) {
            s.append("leaseDuration=").append(leaseDuration).append(' ');
        }
        if (maxRecordsPerExchange != null) {
            s.append("maxRecordsPerExchange=").append(maxRecordsPerExchange).append(' ');
        }
        if (maxResultsPerRequest != null) {
            s.append("maxResultsPerRequest=").append(maxResultsPerRequest).append(' ');
        }
        if (messageTimestamp != null) {
            s.append("messageTimestamp=").append(messageTimestamp).append(' ');
        }
        if (pollDelay != null) {
            s.append("pollDelay=").append(pollDelay).append(' ');
        }
        if (rebalanceInterval != null) {
            s.append("rebalanceInterval=").append(rebalanceInterval).append(' ');
        }
        if (shardIds != null) {
            s.append("shardIds=").append(shardIds).append(' ');
        }
        if (skipFailedRecords != null) {
            s.append("skipFailedRecords=").append(skipFailedRecords).append(' ');
        }
        if (workerId != null) {
            s.append("workerId=").append(workerId).append(' ');
        }
        if (checkpointStore != null) {
            s.append("checkpointStore=").append(checkpointStore.getClass().getName()).append(' ');
        }
        if (checkpointTableReadCapacity != null) {
            s.append("checkpointTableReadCapacity=").append(checkpointTableReadCapacity).append(' ');
        }
        if (checkpointTableWriteCapacity != null) {
            s.append("checkpointTableWriteCapacity=").append(checkpointTableWriteCapacity).append(' ');
        }
        if (batchMaxBytes != null) {
            s.append("batchMaxBytes=").append(batchMaxBytes).append(' ');
        }
        if (batchMaxRecords != null) {
            s.append("batchMaxRecords=").append(batchMaxRecords).append(' ');
        }
        if (batchTimeout != null) {
            s.append("batchTimeout=").append(batchTimeout).append(' ');
        }
        if (explicitHashKey != null) {
            s.append("explicitHashKey=").append(explicitHashKey).append(' ');
        }
        if (lazyStartProducer != null) {
            s.append("lazyStartProducer=").append(lazyStartProducer).append(' ');
        }
        if (maxBufferedBytes != null) {
            s.append("maxBufferedBytes=").append(maxBufferedBytes).append(' ');
        }
        if (maxInFlight != null) {
            s.append("maxInFlight=").append(maxInFlight).append(' ');
        }
        if (maxRetries != null) {
            s.append("maxRetries=").append(maxRetries).append(' ');
        }
        if (partitionKey != null) {
            s.append("partitionKey=").append(partitionKey).append(' ');
        }
        if (retryBackoff != null) {
            s.append("retryBackoff=").append(retryBackoff).append(' ');
        }
        if (retryInitialDelay != null) {
            s.append("retryInitialDelay=").append(retryInitialDelay).append(' ');
        }
        if (retryMaxDelay != null) {
            s.append("retryMaxDelay=").append(retryMaxDelay).append(' ');
        }
        if (whenFull != null) {
            s.append("whenFull=").append(whenFull).append(' ');
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
        if (healthCheckConsumerEnabled != null) {
            s.append("healthCheckConsumerEnabled=").append(healthCheckConsumerEnabled).append(' ');
        }
        if (healthCheckProducerEnabled != null) {
            s.append("healthCheckProducerEnabled=").append(healthCheckProducerEnabled).append(' ');
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
