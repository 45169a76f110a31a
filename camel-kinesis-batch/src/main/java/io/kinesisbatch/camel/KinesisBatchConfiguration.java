package io.kinesisbatch.camel;

import io.kinesisbatch.camel.checkpoint.CheckpointStore;
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

    /**
     * Partition key of each record: a Simple expression evaluated per exchange, e.g. ${header.orderId}. The
     * header {@code CamelKinesisBatchPartitionKey} wins over it; when neither is set, each record gets a random 128-bit
     * key (so records spread evenly over the shards).
     */
    @UriParam(label = "producer")
    private String partitionKey;

    /**
     * Explicit hash key of each record (a decimal number from 0 to 2 to the power of 128, minus 1, that picks the shard directly): a Simple
     * expression evaluated per exchange. The header {@code CamelKinesisBatchExplicitHashKey} wins over it.
     */
    @UriParam(label = "producer")
    private String explicitHashKey;

    /** Most records in one PutRecords call (1 to 500). */
    @UriParam(label = "producer", defaultValue = "500")
    private int batchMaxRecords = 500;

    /** Most bytes in one PutRecords call, counting record data plus partition keys (up to 5 MiB). */
    @UriParam(label = "producer", defaultValue = "5242880")
    private long batchMaxBytes = 5L * 1024 * 1024;

    /**
     * KPL aggregation of messages into Kinesis records: none (one Kinesis record per message), partitionKey (messages
     * with the same partition key, and explicit hash key, are packed into one record in the KPL aggregated format) or
     * shard (messages predicted to land on the same shard, from the shard map ListShards gives, are packed together).
     * Aggregation lifts the limit of 1,000 records per second per shard for small messages; consumers must
     * de-aggregate (KCL, this component, KPL-aware libraries).
     */
    @UriParam(label = "producer", defaultValue = "none", enums = "none,partitionKey,shard")
    private String aggregation = "none";

    /**
     * Most bytes of one aggregated record, data plus partition key (KPL's default is 51200); at most the stream's
     * record limit (a larger value is lowered to it when the producer starts).
     */
    @UriParam(label = "producer", defaultValue = "51200")
    private int aggregationMaxBytes = 51200;

    /**
     * Percent of a shard's write limit (1,000 records/s and 1 MiB/s) this producer allows itself per shard, from 0 to
     * 100; 0 turns the per-shard limiter off. Records of a shard out of tokens wait in their shard's queue without
     * holding up other shards, and throttled entries lower that shard's allowance (additive increase, multiplicative
     * decrease), so several producers writing one stream settle on a fair share. Needs kinesis:ListShards; without
     * it the producer sends as if the option were 0.
     */
    @UriParam(label = "producer", defaultValue = "100")
    private int shardRateLimit = 100;

    /** Longest a record waits for its batch to fill before the batch is sent anyway. */
    @UriParam(label = "producer", defaultValue = "100ms", javaType = "java.time.Duration")
    private long batchTimeout = 100;

    /** Most PutRecords calls this endpoint has outstanding at once. */
    @UriParam(label = "producer", defaultValue = "16")
    private int maxInFlight = 16;

    /**
     * Memory bound of records accepted but not yet acknowledged (buffered, in flight or waiting to be retried): each
     * counts its data, its partition key and 1 KiB for the objects it holds. When reached, {@code whenFull} decides.
     */
    @UriParam(label = "producer", defaultValue = "67108864")
    private long maxBufferedBytes = 64L * 1024 * 1024;

    /**
     * What happens to a new exchange when {@code maxBufferedBytes} is reached: {@code block} makes the calling thread
     * wait until there is room (back-pressure into the route), {@code fail} fails the exchange at once.
     */
    @UriParam(label = "producer", defaultValue = "block", enums = "block,fail")
    private String whenFull = "block";

    /**
     * How many times a record is sent again after a retryable failure (throttling, internal failure, 5xx, timeout,
     * connection error) before its exchange fails. 0 means never retry.
     */
    @UriParam(label = "producer", defaultValue = "10")
    private int maxRetries = 10;

    /**
     * Delay between retries: {@code exponential} (a random delay up to a ceiling that doubles with each attempt: full
     * jitter), {@code linear} (initial delay times the attempt) or {@code constant} (always the initial delay).
     */
    @UriParam(label = "producer", defaultValue = "exponential", enums = "exponential,linear,constant")
    private String retryBackoff = "exponential";

    /** Delay before the first retry (the ceiling of the first random delay for {@code exponential}). */
    @UriParam(label = "producer", defaultValue = "100ms", javaType = "java.time.Duration")
    private long retryInitialDelay = 100;

    /** Upper bound of any delay between retries. */
    @UriParam(label = "producer", defaultValue = "5s", javaType = "java.time.Duration")
    private long retryMaxDelay = 5000;

    // ---------------------------------------------------------------- consumer

    /** DynamoDB table holding the checkpoints (and, with leases, the ownership) of the shards. One per application. */
    @UriParam(label = "consumer", defaultValue = "kinesis-batch-checkpoints")
    private String checkpointTable = "kinesis-batch-checkpoints";

    /** Create the checkpoint table when it does not exist (on-demand unless capacities are set). */
    @UriParam(label = "consumer", defaultValue = "true")
    private boolean createCheckpointTable = true;

    /** Provisioned read capacity of a checkpoint table this component creates; 0 means on-demand (PAY_PER_REQUEST). */
    @UriParam(label = "consumer,advanced", defaultValue = "0")
    private long checkpointTableReadCapacity;

    /** Provisioned write capacity of a checkpoint table this component creates; 0 means on-demand (PAY_PER_REQUEST). */
    @UriParam(label = "consumer,advanced", defaultValue = "0")
    private long checkpointTableWriteCapacity;

    /**
     * Where checkpoints are kept: a bean implementing io.kinesisbatch.camel.checkpoint.CheckpointStore and also
     * io.kinesisbatch.camel.lease.LeaseTable (the leases live in the checkpoint rows; the route does not start
     * otherwise). Defaults to the DynamoDB table {@code checkpointTable}; an in-memory store implementing both ships
     * for tests and single-node development.
     */
    @UriParam(label = "consumer,advanced")
    private CheckpointStore checkpointStore;

    /** Identity of this consumer in the checkpoint table (owner of the shards it reads). Defaults to the host name plus a random suffix. */
    @UriParam(label = "consumer")
    private String workerId;

    /** Where a shard without a checkpoint starts: TRIM_HORIZON (oldest record), LATEST (new records only) or AT_TIMESTAMP. */
    @UriParam(label = "consumer", defaultValue = "TRIM_HORIZON", enums = "TRIM_HORIZON,LATEST,AT_TIMESTAMP")
    private String iteratorType = "TRIM_HORIZON";

    /** For iteratorType AT_TIMESTAMP: the instant to start at, as epoch milliseconds or ISO-8601 (2026-11-23T10:00:00Z). */
    @UriParam(label = "consumer")
    private String messageTimestamp;

    /** Comma-separated shard ids: consume exactly these shards (still checkpointed) instead of all shards. */
    @UriParam(label = "consumer")
    private String shardIds;

    /** Most records one GetRecords call returns (1 to 10000). */
    @UriParam(label = "consumer", defaultValue = "10000")
    private int maxResultsPerRequest = 10000;

    /**
     * Wait after a GetRecords call that found its shard caught up. Calls to one shard are never less than 200 ms apart
     * (Kinesis allows 5 per second per shard).
     */
    @UriParam(label = "consumer", defaultValue = "1s", javaType = "java.time.Duration")
    private long pollDelay = 1000;

    /**
     * Most records of one shard in flight ahead of its checkpoint (handed to the route and not completed, or completed
     * behind one that is not). 1 processes a shard in strict lock-step order. At most 1000000 (a larger value stops
     * the route at start-up).
     */
    @UriParam(label = "consumer", defaultValue = "1024")
    private int checkpointLimit = 1024;

    /**
     * How often the acknowledged progress of each shard is written to the checkpoint store (when it moved); a crash
     * repeats what completed since the last write, plus the records in flight.
     */
    @UriParam(label = "consumer", defaultValue = "5s", javaType = "java.time.Duration")
    private long checkpointInterval = 5000;

    /**
     * A shard lease whose counter has not moved for this long, as measured by the observing consumer's own clock, is
     * free for another consumer to take (no clock synchronisation needed). Held leases are renewed every third of it,
     * apart from route processing.
     */
    @UriParam(label = "consumer", defaultValue = "30s", javaType = "java.time.Duration")
    private long leaseDuration = 30000;

    /**
     * How often a consumer lists the stream's shards, claims free or expired leases and steals one lease toward an
     * even share of the shards among the running consumers.
     */
    @UriParam(label = "consumer", defaultValue = "30s", javaType = "java.time.Duration")
    private long rebalanceInterval = 30000;

    /**
     * Above 1: one exchange carries a java.util.List of up to this many records of one shard (each element a Camel
     * Message with the record's body and headers); it never waits for the list to fill.
     */
    @UriParam(label = "consumer", defaultValue = "1")
    private int maxRecordsPerExchange = 1;

    /**
     * false: an exchange that ends failed is redelivered (1 s growing to 30 s apart) and the checkpoint never passes
     * it. true: it is logged and acknowledged, and the checkpoint moves on.
     */
    @UriParam(label = "consumer", defaultValue = "false")
    private boolean skipFailedRecords;

    /**
     * true: a record in the KPL aggregated format (magic bytes, valid MD5) is split into its user records, each its own
     * exchange (or List element) with its own partition key and the header CamelKinesisBatchSubSequenceNumber, and
     * checkpointed by (sequence number, sub-sequence number). false: every Kinesis record is handed over as it is.
     */
    @UriParam(label = "consumer", defaultValue = "true")
    private boolean deaggregate = true;

    /**
     * How shards are read: {@code polling} (GetRecords, 2 MiB/s and 5 calls per second per shard shared by every
     * consumer of the stream) or {@code enhancedFanOut} (SubscribeToShard over HTTP/2 with a registered stream
     * consumer: 2 MiB/s per shard for this consumer alone, records pushed as they arrive; billed per consumer-shard-hour
     * and per GB). Leases, checkpoints, resharding order and failure policy are the same.
     */
    @UriParam(label = "consumer", defaultValue = "polling", enums = "polling,enhancedFanOut")
    private String readMode = "polling";

    /**
     * For readMode enhancedFanOut: name of the registered stream consumer (1 to 128 of a-z A-Z 0-9 _ . -), registered
     * if missing and waited for until ACTIVE. Every instance of one application uses the same name. Defaults to the
     * checkpoint table name.
     */
    @UriParam(label = "consumer")
    private String consumerName;

    /** For readMode enhancedFanOut: ARN of an existing stream consumer to use; nothing is registered. */
    @UriParam(label = "consumer")
    private String consumerArn;

    /**
     * For readMode enhancedFanOut: deregister the stream consumer (consumerName, or consumerArn) when the route stops.
     * Only for an application with a single instance: the other instances' subscriptions end with it.
     */
    @UriParam(label = "consumer", defaultValue = "false")
    private boolean deregisterConsumerOnStop;

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

    public String getPartitionKey() {
        return partitionKey;
    }

    public void setPartitionKey(String partitionKey) {
        this.partitionKey = partitionKey;
    }

    public String getExplicitHashKey() {
        return explicitHashKey;
    }

    public void setExplicitHashKey(String explicitHashKey) {
        this.explicitHashKey = explicitHashKey;
    }

    public String getAggregation() {
        return aggregation;
    }

    public void setAggregation(String aggregation) {
        this.aggregation = aggregation;
    }

    public int getAggregationMaxBytes() {
        return aggregationMaxBytes;
    }

    public void setAggregationMaxBytes(int aggregationMaxBytes) {
        this.aggregationMaxBytes = aggregationMaxBytes;
    }

    public int getShardRateLimit() {
        return shardRateLimit;
    }

    public void setShardRateLimit(int shardRateLimit) {
        this.shardRateLimit = shardRateLimit;
    }

    public int getBatchMaxRecords() {
        return batchMaxRecords;
    }

    public void setBatchMaxRecords(int batchMaxRecords) {
        this.batchMaxRecords = batchMaxRecords;
    }

    public long getBatchMaxBytes() {
        return batchMaxBytes;
    }

    public void setBatchMaxBytes(long batchMaxBytes) {
        this.batchMaxBytes = batchMaxBytes;
    }

    public long getBatchTimeout() {
        return batchTimeout;
    }

    public void setBatchTimeout(long batchTimeout) {
        this.batchTimeout = batchTimeout;
    }

    public int getMaxInFlight() {
        return maxInFlight;
    }

    public void setMaxInFlight(int maxInFlight) {
        this.maxInFlight = maxInFlight;
    }

    public long getMaxBufferedBytes() {
        return maxBufferedBytes;
    }

    public void setMaxBufferedBytes(long maxBufferedBytes) {
        this.maxBufferedBytes = maxBufferedBytes;
    }

    public String getWhenFull() {
        return whenFull;
    }

    public void setWhenFull(String whenFull) {
        this.whenFull = whenFull;
    }

    public int getMaxRetries() {
        return maxRetries;
    }

    public void setMaxRetries(int maxRetries) {
        this.maxRetries = maxRetries;
    }

    public String getRetryBackoff() {
        return retryBackoff;
    }

    public void setRetryBackoff(String retryBackoff) {
        this.retryBackoff = retryBackoff;
    }

    public long getRetryInitialDelay() {
        return retryInitialDelay;
    }

    public void setRetryInitialDelay(long retryInitialDelay) {
        this.retryInitialDelay = retryInitialDelay;
    }

    public long getRetryMaxDelay() {
        return retryMaxDelay;
    }

    public void setRetryMaxDelay(long retryMaxDelay) {
        this.retryMaxDelay = retryMaxDelay;
    }

    // ---------------------------------------------------------------- consumer accessors

    public String getCheckpointTable() {
        return checkpointTable;
    }

    public void setCheckpointTable(String checkpointTable) {
        this.checkpointTable = checkpointTable;
    }

    public boolean isCreateCheckpointTable() {
        return createCheckpointTable;
    }

    public void setCreateCheckpointTable(boolean createCheckpointTable) {
        this.createCheckpointTable = createCheckpointTable;
    }

    public long getCheckpointTableReadCapacity() {
        return checkpointTableReadCapacity;
    }

    public void setCheckpointTableReadCapacity(long checkpointTableReadCapacity) {
        this.checkpointTableReadCapacity = checkpointTableReadCapacity;
    }

    public long getCheckpointTableWriteCapacity() {
        return checkpointTableWriteCapacity;
    }

    public void setCheckpointTableWriteCapacity(long checkpointTableWriteCapacity) {
        this.checkpointTableWriteCapacity = checkpointTableWriteCapacity;
    }

    public CheckpointStore getCheckpointStore() {
        return checkpointStore;
    }

    public void setCheckpointStore(CheckpointStore checkpointStore) {
        this.checkpointStore = checkpointStore;
    }

    public String getWorkerId() {
        return workerId;
    }

    public void setWorkerId(String workerId) {
        this.workerId = workerId;
    }

    public String getIteratorType() {
        return iteratorType;
    }

    public void setIteratorType(String iteratorType) {
        this.iteratorType = iteratorType;
    }

    public String getMessageTimestamp() {
        return messageTimestamp;
    }

    public void setMessageTimestamp(String messageTimestamp) {
        this.messageTimestamp = messageTimestamp;
    }

    public String getShardIds() {
        return shardIds;
    }

    public void setShardIds(String shardIds) {
        this.shardIds = shardIds;
    }

    public int getMaxResultsPerRequest() {
        return maxResultsPerRequest;
    }

    public void setMaxResultsPerRequest(int maxResultsPerRequest) {
        this.maxResultsPerRequest = maxResultsPerRequest;
    }

    public long getPollDelay() {
        return pollDelay;
    }

    public void setPollDelay(long pollDelay) {
        this.pollDelay = pollDelay;
    }

    public int getCheckpointLimit() {
        return checkpointLimit;
    }

    public void setCheckpointLimit(int checkpointLimit) {
        this.checkpointLimit = checkpointLimit;
    }

    public long getCheckpointInterval() {
        return checkpointInterval;
    }

    public void setCheckpointInterval(long checkpointInterval) {
        this.checkpointInterval = checkpointInterval;
    }

    public long getLeaseDuration() {
        return leaseDuration;
    }

    public void setLeaseDuration(long leaseDuration) {
        this.leaseDuration = leaseDuration;
    }

    public long getRebalanceInterval() {
        return rebalanceInterval;
    }

    public void setRebalanceInterval(long rebalanceInterval) {
        this.rebalanceInterval = rebalanceInterval;
    }

    public int getMaxRecordsPerExchange() {
        return maxRecordsPerExchange;
    }

    public void setMaxRecordsPerExchange(int maxRecordsPerExchange) {
        this.maxRecordsPerExchange = maxRecordsPerExchange;
    }

    public boolean isSkipFailedRecords() {
        return skipFailedRecords;
    }

    public void setSkipFailedRecords(boolean skipFailedRecords) {
        this.skipFailedRecords = skipFailedRecords;
    }

    public String getReadMode() {
        return readMode;
    }

    public void setReadMode(String readMode) {
        this.readMode = readMode;
    }

    public String getConsumerName() {
        return consumerName;
    }

    public void setConsumerName(String consumerName) {
        this.consumerName = consumerName;
    }

    public String getConsumerArn() {
        return consumerArn;
    }

    public void setConsumerArn(String consumerArn) {
        this.consumerArn = consumerArn;
    }

    public boolean isDeregisterConsumerOnStop() {
        return deregisterConsumerOnStop;
    }

    public void setDeregisterConsumerOnStop(boolean deregisterConsumerOnStop) {
        this.deregisterConsumerOnStop = deregisterConsumerOnStop;
    }

    public boolean isDeaggregate() {
        return deaggregate;
    }

    public void setDeaggregate(boolean deaggregate) {
        this.deaggregate = deaggregate;
    }
}
