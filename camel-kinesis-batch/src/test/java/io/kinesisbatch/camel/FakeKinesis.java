package io.kinesisbatch.camel;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

import io.kinesisbatch.camel.shardmap.HashKeys;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.kinesis.KinesisAsyncClient;
import software.amazon.awssdk.services.kinesis.model.DescribeStreamSummaryRequest;
import software.amazon.awssdk.services.kinesis.model.DescribeStreamSummaryResponse;
import software.amazon.awssdk.services.kinesis.model.GetRecordsRequest;
import software.amazon.awssdk.services.kinesis.model.GetRecordsResponse;
import software.amazon.awssdk.services.kinesis.model.GetShardIteratorRequest;
import software.amazon.awssdk.services.kinesis.model.GetShardIteratorResponse;
import software.amazon.awssdk.services.kinesis.model.HashKeyRange;
import software.amazon.awssdk.services.kinesis.model.KinesisException;
import software.amazon.awssdk.services.kinesis.model.ListShardsRequest;
import software.amazon.awssdk.services.kinesis.model.ListShardsResponse;
import software.amazon.awssdk.services.kinesis.model.PutRecordsRequest;
import software.amazon.awssdk.services.kinesis.model.PutRecordsRequestEntry;
import software.amazon.awssdk.services.kinesis.model.PutRecordsResponse;
import software.amazon.awssdk.services.kinesis.model.PutRecordsResultEntry;
import software.amazon.awssdk.services.kinesis.model.Record;
import software.amazon.awssdk.services.kinesis.model.Shard;
import software.amazon.awssdk.services.kinesis.model.StreamDescriptionSummary;

/**
 * The one scripted KinesisAsyncClient of the unit tests, for both sides.
 * <p>
 * Writing: each PutRecords call takes the next scripted answer (or, when the script is empty, writes every entry).
 * Answers complete on a thread named like the SDK's I/O threads, so tests can check that routing never continues
 * there.
 * <p>
 * Reading: ListShards lists the {@linkplain #shards shards} given; every iterator is {@code "it"}; each GetRecords takes
 * the next {@linkplain #page page} (whatever the shard), with {@link #behindLatestOfPages} as its MillisBehindLatest,
 * and finds nothing (0 behind) once they are read; after them the shard ends when {@link #endAfterPages()} was asked.
 */
public class FakeKinesis implements KinesisAsyncClient {

    public static final String IO_THREAD = "fake-sdk-io";

    private final ExecutorService io = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, IO_THREAD);
        t.setDaemon(true);
        return t;
    });
    private final ConcurrentLinkedDeque<Function<PutRecordsRequest, PutRecordsResponse>> script = new ConcurrentLinkedDeque<>();
    private final List<PutRecordsRequest> requests = Collections.synchronizedList(new ArrayList<>());
    private final AtomicLong sequence = new AtomicLong();
    private volatile Integer maxRecordSizeKiB;
    private volatile CompletableFuture<Void> gate = CompletableFuture.completedFuture(null);
    /** Open shards ListShards tells of, splitting the hash keys evenly; 0: ListShards is denied. */
    private static volatile int listedShards;
    private final AtomicLong listShardsCalls = new AtomicLong();

    private final List<String> shardIds = new CopyOnWriteArrayList<>();
    private final Queue<List<Record>> pages = new ConcurrentLinkedQueue<>();
    private final List<Long> getRecordsCalls = new CopyOnWriteArrayList<>();
    private final List<GetRecordsRequest> getRecordsRequests = new CopyOnWriteArrayList<>();
    private final List<GetShardIteratorRequest> iteratorRequests = new CopyOnWriteArrayList<>();
    private volatile boolean endAfterPages;
    private volatile long behindLatestOfPages = 1000;

    /** Next call answers with this (in script order). */
    public FakeKinesis then(Function<PutRecordsRequest, PutRecordsResponse> answer) {
        script.addLast(answer);
        return this;
    }

    /** DescribeStreamSummary tells this maximum record size (else the call is unsupported, like a denied one). */
    public FakeKinesis maxRecordSizeKiB(int kib) {
        this.maxRecordSizeKiB = kib;
        return this;
    }

    /**
     * ListShards tells of {@code n} open shards splitting the hash keys evenly, and entries land on them by their
     * explicit hash key or the MD5 of their partition key, as on Kinesis (else ListShards is denied and entries land
     * on one of two shards by the key's hashCode). Applies to every FakeKinesis until {@link #close()}.
     */
    public FakeKinesis shards(int n) {
        listedShards = n;
        return this;
    }

    public long listShardsCalls() {
        return listShardsCalls.get();
    }

    @Override
    public CompletableFuture<ListShardsResponse> listShards(ListShardsRequest request) {
        listShardsCalls.incrementAndGet();
        if (!shardIds.isEmpty()) { // the read side's shards, as the consumer lists them
            return CompletableFuture.completedFuture(ListShardsResponse.builder()
                    .shards(shardIds.stream().map(id -> Shard.builder().shardId(id).build()).toList()).build());
        }
        int n = listedShards;
        if (n == 0) {
            return CompletableFuture.failedFuture(error(400, "AccessDeniedException"));
        }
        List<Shard> shards = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            shards.add(Shard.builder().shardId(shardId(i)).hashKeyRange(HashKeyRange.builder()
                    .startingHashKey(start(i, n).toString())
                    .endingHashKey(start(i + 1, n).subtract(java.math.BigInteger.ONE).toString()).build()).build());
        }
        return CompletableFuture.completedFuture(ListShardsResponse.builder().shards(shards).build());
    }

    private static java.math.BigInteger start(int i, int n) {
        return java.math.BigInteger.ONE.shiftLeft(128).multiply(java.math.BigInteger.valueOf(i))
                .divide(java.math.BigInteger.valueOf(n));
    }

    private static String shardId(int i) {
        return String.format("shardId-%012d", i);
    }

    /** Holds every PutRecords answer until {@link #release()}. */
    public void stall() {
        gate = new CompletableFuture<>();
    }

    public void release() {
        gate.complete(null);
    }

    public List<PutRecordsRequest> requests() {
        synchronized (requests) {
            return new ArrayList<>(requests);
        }
    }

    public int entriesSent() {
        return requests().stream().mapToInt(r -> r.records().size()).sum();
    }

    @Override
    public CompletableFuture<PutRecordsResponse> putRecords(PutRecordsRequest request) {
        requests.add(request);
        Function<PutRecordsRequest, PutRecordsResponse> answer = script.pollFirst();
        Function<PutRecordsRequest, PutRecordsResponse> a = answer != null ? answer : FakeKinesis::writeAll;
        CompletableFuture<Void> g = gate;
        return g.thenApplyAsync(x -> a.apply(request), io);
    }

    @Override
    public CompletableFuture<DescribeStreamSummaryResponse> describeStreamSummary(DescribeStreamSummaryRequest request) {
        Integer kib = maxRecordSizeKiB;
        if (kib == null) {
            return CompletableFuture.failedFuture(error(400, "AccessDeniedException"));
        }
        return CompletableFuture.completedFuture(DescribeStreamSummaryResponse.builder()
                .streamDescriptionSummary(StreamDescriptionSummary.builder().streamName(request.streamName())
                        .maxRecordSizeInKiB(kib).build())
                .build());
    }

    // ---------------------------------------------------------------- the read side

    /** ListShards lists these open shards (without hash ranges; for the read side). */
    public FakeKinesis shards(String... ids) {
        shardIds.addAll(List.of(ids));
        return this;
    }

    /** A later GetRecords answers with these records. */
    public FakeKinesis page(List<Record> records) {
        pages.add(records);
        return this;
    }

    /** Once the pages are read, the next GetRecords ends the shard (no next iterator). */
    public FakeKinesis endAfterPages() {
        endAfterPages = true;
        return this;
    }

    /** The MillisBehindLatest of a GetRecords answer that has records (1000 unless told). */
    public FakeKinesis behindLatestOfPages(long millis) {
        behindLatestOfPages = millis;
        return this;
    }

    /** When each GetRecords call came ({@link System#nanoTime()}). */
    public List<Long> getRecordsCalls() {
        return getRecordsCalls;
    }

    /** Every GetRecords request, in order. */
    public List<GetRecordsRequest> getRecordsRequests() {
        return getRecordsRequests;
    }

    /** Every GetShardIterator request, in order. */
    public List<GetShardIteratorRequest> iteratorRequests() {
        return iteratorRequests;
    }

    /** Records {@code count} records numbered from {@code from}: sequence 1000 + i, key "k" + i, data "r" + i. */
    public static List<Record> records(int from, int count) {
        List<Record> page = new ArrayList<>();
        for (int i = from; i < from + count; i++) {
            page.add(Record.builder().sequenceNumber(Integer.toString(1000 + i)).partitionKey("k" + i)
                    .data(SdkBytes.fromUtf8String("r" + i)).approximateArrivalTimestamp(Instant.now()).build());
        }
        return page;
    }

    @Override
    public CompletableFuture<GetShardIteratorResponse> getShardIterator(GetShardIteratorRequest request) {
        iteratorRequests.add(request);
        return CompletableFuture.completedFuture(GetShardIteratorResponse.builder().shardIterator("it").build());
    }

    @Override
    public CompletableFuture<GetRecordsResponse> getRecords(GetRecordsRequest request) {
        getRecordsCalls.add(System.nanoTime());
        getRecordsRequests.add(request);
        List<Record> page = pages.poll();
        boolean end = page == null && endAfterPages;
        return CompletableFuture.completedFuture(GetRecordsResponse.builder()
                .records(page == null ? List.of() : page)
                .millisBehindLatest(page == null ? 0L : behindLatestOfPages)
                .nextShardIterator(end ? null : "it")
                .build());
    }

    // ---------------------------------------------------------------- answers

    private static final AtomicLong SEQ = new AtomicLong(1000);

    /** Writes every entry: shard chosen from the partition key, increasing sequence numbers. */
    public static PutRecordsResponse writeAll(PutRecordsRequest request) {
        return failing(request, i -> null);
    }

    /** Entries whose index the function maps to an error code fail with it; the others are written. */
    public static PutRecordsResponse failing(PutRecordsRequest request, Function<Integer, String> codeOf) {
        List<PutRecordsResultEntry> results = new ArrayList<>();
        int failed = 0;
        for (int i = 0; i < request.records().size(); i++) {
            String code = codeOf.apply(i);
            PutRecordsRequestEntry e = request.records().get(i);
            if (code != null) {
                failed++;
                results.add(PutRecordsResultEntry.builder().errorCode(code).errorMessage("injected " + code).build());
            } else {
                results.add(PutRecordsResultEntry.builder().shardId(shardOf(e)).sequenceNumber(
                        String.valueOf(SEQ.incrementAndGet())).build());
            }
        }
        return PutRecordsResponse.builder().failedRecordCount(failed).records(results).build();
    }

    public static String shardOf(PutRecordsRequestEntry e) {
        int n = listedShards;
        if (n > 0) {
            java.math.BigInteger hashKey = HashKeys.effective(e.partitionKey(),
                    e.explicitHashKey());
            for (int i = n - 1; i >= 0; i--) {
                if (hashKey.compareTo(start(i, n)) >= 0) {
                    return shardId(i);
                }
            }
        }
        return "shardId-00000000000" + Math.floorMod(e.partitionKey().hashCode(), 2);
    }

    public static AwsServiceException error(int status, String code) {
        return KinesisException.builder().statusCode(status).message("injected " + code)
                .awsErrorDetails(AwsErrorDetails.builder().errorCode(code).errorMessage("injected " + code).build())
                .build();
    }

    /** An answer that fails the whole call. */
    public static Function<PutRecordsRequest, PutRecordsResponse> callFails(int status, String code) {
        return r -> {
            throw error(status, code);
        };
    }

    @Override
    public String serviceName() {
        return "kinesis";
    }

    @Override
    public void close() {
        listedShards = 0;
        io.shutdownNow();
    }
}
