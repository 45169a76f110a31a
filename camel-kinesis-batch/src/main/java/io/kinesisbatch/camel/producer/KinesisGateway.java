package io.kinesisbatch.camel.producer;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import software.amazon.awssdk.awscore.AwsRequestOverrideConfiguration;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.SdkPlugin;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.services.kinesis.KinesisAsyncClient;
import software.amazon.awssdk.services.kinesis.model.DescribeStreamSummaryRequest;
import software.amazon.awssdk.services.kinesis.model.ListShardsRequest;
import software.amazon.awssdk.services.kinesis.model.PutRecordsRequest;
import software.amazon.awssdk.services.kinesis.model.PutRecordsRequestEntry;
import software.amazon.awssdk.services.kinesis.model.PutRecordsResponse;
import software.amazon.awssdk.services.kinesis.model.Shard;
import software.amazon.awssdk.services.kinesis.model.StreamDescriptionSummary;

/**
 * The producer's AWS calls, on the async client: PutRecords of one batch, DescribeStreamSummary to learn the stream's
 * largest record, and ListShards for the shard map of {@code aggregation=shard}. The stream is addressed by name, or by ARN when {@code streamName} starts with
 * {@code arn:}.
 * <p>
 * The SDK's own retries are switched off for PutRecords: the producer retries only the entries that failed, with its
 * own backoff. The endpoint's own clients come as a pair for that (one without SDK retries); on a user's client they
 * are switched off per request, so it keeps its settings for anything else. The call timeout is
 * generous because a PutRecords of 5 MiB can take seconds, longer still against emulators.
 */
public final class KinesisGateway {

    /** Longest one PutRecords call may take before it counts as failed (and is retried). */
    public static final Duration CALL_TIMEOUT = Duration.ofSeconds(60);

    /**
     * Holds the retry options only: the SDK puts into the client's configuration just the options an override
     * configuration holds, so the plugin changes the retry strategy and leaves every other setting of the client as
     * it is. (Reading the client's whole override configuration and writing it back, as the plugin first did, gave
     * the same result at about 6% of the producer's CPU: the plugin runs on every request.)
     */
    private static final ClientOverrideConfiguration NO_RETRIES = ClientOverrideConfiguration.builder()
            .retryStrategy(AwsRetryStrategy.doNotRetry()).build();

    static final SdkPlugin NO_SDK_RETRIES = config -> config.overrideConfiguration(NO_RETRIES);

    /** The same for every PutRecords on a user's client: built once. */
    private static final AwsRequestOverrideConfiguration PUT_RECORDS_OVERRIDE = AwsRequestOverrideConfiguration
            .builder()
            .apiCallTimeout(CALL_TIMEOUT).addPlugin(NO_SDK_RETRIES).build();

    /** For a client whose SDK retries are off already: the call timeout alone. */
    private static final AwsRequestOverrideConfiguration PUT_RECORDS_TIMEOUT = AwsRequestOverrideConfiguration.builder()
            .apiCallTimeout(CALL_TIMEOUT).build();

    private final KinesisAsyncClient client;
    private final KinesisAsyncClient writer;
    private final AwsRequestOverrideConfiguration putRecordsOverride;
    private final String stream;
    private final boolean byArn;
    private final boolean ownWriter;

    /**
     * @param client                the client for DescribeStreamSummary, and for PutRecords when there is no other
     * @param clientWithoutRetries  the endpoint's own client for PutRecords: SDK retries off, and the SDK's default
     *                              future-completion executor; null to use {@code client} (a user's) with the
     *                              retries switched off per request
     */
    public KinesisGateway(KinesisAsyncClient client, KinesisAsyncClient clientWithoutRetries, String streamNameOrArn) {
        this.client = client;
        this.writer = clientWithoutRetries != null ? clientWithoutRetries : client;
        this.putRecordsOverride = clientWithoutRetries != null ? PUT_RECORDS_TIMEOUT : PUT_RECORDS_OVERRIDE;
        this.stream = streamNameOrArn;
        this.byArn = streamNameOrArn.startsWith("arn:");
        this.ownWriter = clientWithoutRetries != null;
    }

    public CompletableFuture<PutRecordsResponse> putRecords(List<BufferedRecord> batch) {
        return putRecords(OutgoingBatch.plain(batch));
    }

    public CompletableFuture<PutRecordsResponse> putRecords(OutgoingBatch batch) {
        int n = batch.entryCount();
        List<PutRecordsRequestEntry> entries = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            entries.add(batch.entry(i));
        }
        PutRecordsRequest.Builder request = PutRecordsRequest.builder()
                .records(entries)
                .overrideConfiguration(putRecordsOverride);
        if (byArn) {
            request.streamARN(stream);
        } else {
            request.streamName(stream);
        }
        return writer.putRecords(request.build());
    }

    /** The stream's largest record in bytes, as DescribeStreamSummary tells; null when it does not say. */
    public CompletableFuture<Integer> maxRecordSize() {
        DescribeStreamSummaryRequest.Builder request = DescribeStreamSummaryRequest.builder();
        if (byArn) {
            request.streamARN(stream);
        } else {
            request.streamName(stream);
        }
        return client.describeStreamSummary(request.build()).thenApply(r -> {
            StreamDescriptionSummary s = r.streamDescriptionSummary();
            Integer kib = s != null ? s.maxRecordSizeInKiB() : null;
            return kib != null && kib > 0 ? kib * 1024 : null;
        });
    }

    /** Every shard ListShards lists now (open and closed, all pages). */
    public CompletableFuture<List<Shard>> listShards() {
        List<Shard> shards = new ArrayList<>();
        return listShardsFrom(null, shards).thenApply(done -> shards);
    }

    private CompletableFuture<Void> listShardsFrom(String nextToken, List<Shard> into) {
        ListShardsRequest.Builder request = ListShardsRequest.builder();
        if (nextToken != null) {
            request.nextToken(nextToken); // the stream is named only on the first page
        } else if (byArn) {
            request.streamARN(stream);
        } else {
            request.streamName(stream);
        }
        return client.listShards(request.build()).thenCompose(page -> {
            into.addAll(page.shards());
            return page.nextToken() == null ? CompletableFuture.completedFuture(null)
                    : listShardsFrom(page.nextToken(), into);
        });
    }

    public String stream() {
        return stream;
    }

    /**
     * True when PutRecords replies complete on the SDK's response pool (the endpoint's own client, which keeps the
     * SDK's default future-completion executor), so they may be handled right there; false for a user's client,
     * which may be configured to complete them on its I/O threads.
     */
    public boolean completesOffIoThreads() {
        return ownWriter;
    }
}
