package io.kinesisbatch.camel;

import org.apache.camel.spi.Metadata;

/** Names of the headers the component reads and writes. */
public final class KinesisBatchConstants {

    public static final String SCHEME = "kinesis-batch";

    @Metadata(description = "Partition key of the record (producer: wins over the partitionKey option; consumer: of the record received).",
              javaType = "String")
    public static final String PARTITION_KEY = "CamelKinesisBatchPartitionKey";

    @Metadata(description = "Explicit hash key of the record (producer: wins over the explicitHashKey option; consumer: of a"
                            + " user record de-aggregated from a KPL aggregate that carries one).",
              javaType = "String")
    public static final String EXPLICIT_HASH_KEY = "CamelKinesisBatchExplicitHashKey";

    @Metadata(description = "Sequence number of the record (producer: set on completion; consumer: of the record received).",
              javaType = "String")
    public static final String SEQUENCE_NUMBER = "CamelKinesisBatchSequenceNumber";

    @Metadata(description = "Shard the record was written to (producer) or read from (consumer).", javaType = "String")
    public static final String SHARD_ID = "CamelKinesisBatchShardId";

    @Metadata(label = "producer", description = "For a List body: how many records were written.", javaType = "Integer")
    public static final String RECORD_COUNT = "CamelKinesisBatchRecordCount";

    @Metadata(label = "consumer", description = "Name of the stream the record was read from.", javaType = "String")
    public static final String STREAM_NAME = "CamelKinesisBatchStreamName";

    @Metadata(description = "Index of a message inside a KPL aggregate: set by the consumer on a de-aggregated user"
                            + " record, and by the producer (aggregation partitionKey or shard) on a message sent inside"
                            + " an aggregate.",
              javaType = "Long")
    public static final String SUB_SEQUENCE_NUMBER = "CamelKinesisBatchSubSequenceNumber";

    @Metadata(label = "consumer", description = "When Kinesis accepted the record.", javaType = "java.time.Instant")
    public static final String APPROXIMATE_ARRIVAL_TIMESTAMP = "CamelKinesisBatchApproximateArrivalTimestamp";

    @Metadata(label = "consumer",
              description = "How far the shard's reader is behind the tip of the shard, in milliseconds.",
              javaType = "Long")
    public static final String MILLIS_BEHIND_LATEST = "CamelKinesisBatchMillisBehindLatest";

    private KinesisBatchConstants() {}
}
