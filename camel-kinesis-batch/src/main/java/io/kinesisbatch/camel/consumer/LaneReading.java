package io.kinesisbatch.camel.consumer;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.TimeUnit;

import io.kinesisbatch.camel.checkpoint.SequencePosition;
import software.amazon.awssdk.services.kinesis.model.ExpiredIteratorException;
import software.amazon.awssdk.services.kinesis.model.GetRecordsResponse;
import software.amazon.awssdk.services.kinesis.model.GetShardIteratorRequest;
import software.amazon.awssdk.services.kinesis.model.Record;

import static io.kinesisbatch.camel.aws.AsyncFailures.unwrap;

/**
 * The reading side of one lane: the first iterator, one GetRecords call at a time (at least 200 ms after the previous
 * one, {@code pollDelay} after one that found the shard caught up), the records fetched and not yet handed out, and
 * the recovery from AWS errors (an expired iterator is replaced after the last record fetched, other errors are
 * retried with backoff), and the de-aggregation of what was fetched ({@link RecordUnpacker}). Every answer comes back to the lane as an event. Part of the lane: called only on its loop,
 * so it has no locks.
 */
final class LaneReading implements LaneReader {

    private final ShardLane lane;
    private final ShardReader reader;
    private final LaneExecutor loop;
    private final ShardHealth health;
    private final PollPacer pacer;
    private final String stream;
    private final boolean deaggregate;
    private final Deque<ShardRecord> fetched = new ArrayDeque<>();
    private RecordUnpacker unpacker;
    private boolean fetching;
    private boolean closed;
    private boolean caughtUp;
    private SequencePosition lastFetched;
    private long millisBehindLatest;

    LaneReading(ShardLane lane, ShardReader reader, LaneExecutor loop, ShardHealth health, ConsumerSettings settings) {
        this.lane = lane;
        this.reader = reader;
        this.loop = loop;
        this.health = health;
        this.pacer = new PollPacer(settings.pollDelay(), ConsumerSettings.MIN_CALL_SPACING);
        this.stream = settings.stream().toString();
        this.deaggregate = settings.deaggregate();
    }

    /**
     * Asks for the first iterator where the shard starts ({@link ShardReader#startRequest}); the lane starts reading
     * when it comes. Records at or below {@code checkpoint} (read again when it lies inside an aggregate) are skipped.
     */
    @Override
    public void open(ConsumerSettings settings, SequencePosition checkpoint, boolean fromStart) {
        unpacker = new RecordUnpacker(reader.shardId(), deaggregate, reader.hashKeyRange(), checkpoint);
        open(ShardReader.startRequest(settings.stream(), reader.shardId(), checkpoint, fromStart, settings));
    }

    private void open(GetShardIteratorRequest start) {
        reader.open(start).whenComplete((iterator, error) -> lane.on(() -> {
            if (!lane.isStarting()) {
                return; // stopped meanwhile
            }
            if (error != null) {
                retryLater("opening the shard", error, () -> open(start));
                return;
            }
            reader.use(iterator);
            health.succeeded();
            lane.startedReading();
        }));
    }

    @Override
    public Deque<ShardRecord> fetched() {
        return fetched;
    }

    /** Nothing fetched waits, no call is out and the shard is still open: time for the next GetRecords. */
    @Override
    public boolean wantsPoll() {
        return fetched.isEmpty() && !fetching && !closed;
    }

    /** Every record of the closed shard was fetched and handed out. */
    @Override
    public boolean atShardEnd() {
        return fetched.isEmpty() && !fetching && closed;
    }

    @Override
    public SequencePosition lastFetched() {
        return lastFetched;
    }

    @Override
    public long millisBehindLatest() {
        return millisBehindLatest;
    }

    /** Drops what was fetched and not handed out (it is behind no checkpoint: read again later). */
    @Override
    public void clear() {
        fetched.clear();
    }

    @Override
    public void poll() {
        fetching = true;
        loop.schedule(pacer.delayNanos(System.nanoTime(), caughtUp), () -> lane.on(this::fetch));
    }

    private void fetch() {
        if (!lane.mayRead()) {
            fetching = false; // suspended or stopping: resumed through the lane's next advance
            return;
        }
        long spacing = pacer.delayNanos(System.nanoTime(), false);
        if (spacing > 0) {
            loop.schedule(spacing, () -> lane.on(this::fetch));
            return;
        }
        pacer.called(System.nanoTime());
        reader.fetch().whenComplete((response, error) -> lane.on(() -> fetched(response, error)));
    }

    private void fetched(GetRecordsResponse response, Throwable error) {
        fetching = false;
        if (!lane.isReading()) {
            return; // draining, stopped or lost: what was fetched is behind no checkpoint, it is read again later
        }
        if (error != null) {
            fetching = true;
            if (unwrap(error) instanceof ExpiredIteratorException) {
                ShardLane.LOG.info("Iterator of shard {} expired: renewing after {}", reader.shardId(),
                        ShardLane.describe(lastFetched));
                reopen();
            } else {
                retryLater("reading", error, this::fetch);
            }
            return;
        }
        ShardReader.Fetch fetch = reader.accept(response);
        health.polled(fetch.millisBehindLatest());
        for (Record record : fetch.records()) {
            lastFetched = unpacker.unpackInto(record, fetched);
        }
        millisBehindLatest = fetch.millisBehindLatest();
        closed = fetch.closed();
        caughtUp = fetch.records().isEmpty() || fetch.millisBehindLatest() == 0;
    }

    private void reopen() {
        reader.reopen(lastFetched).whenComplete((iterator, error) -> lane.on(() -> {
            if (error != null) {
                retryLater("renewing the iterator", error, this::reopen);
            } else {
                reader.use(iterator);
                fetching = false;
            }
        }));
    }

    private void retryLater(String doing, Throwable error, Runnable retry) {
        long delay = health.failed(error);
        ShardLane.LOG.warn("Shard {} of {}: {} failed (failure {} in a row), retrying in {} ms: {}", reader.shardId(),
                stream, doing, health.failuresInARow(), delay, unwrap(error).toString());
        loop.schedule(TimeUnit.MILLISECONDS.toNanos(delay), () -> lane.on(retry));
    }
}
