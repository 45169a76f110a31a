package io.kinesisbatch.camel.fanout;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

import io.kinesisbatch.camel.KinesisBatchException;
import io.kinesisbatch.camel.aws.AsyncFailures;
import io.kinesisbatch.camel.consumer.StreamRef;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.kinesis.KinesisAsyncClient;
import software.amazon.awssdk.services.kinesis.model.ConsumerDescription;
import software.amazon.awssdk.services.kinesis.model.ConsumerStatus;
import software.amazon.awssdk.services.kinesis.model.DeregisterStreamConsumerRequest;
import software.amazon.awssdk.services.kinesis.model.DescribeStreamConsumerRequest;
import software.amazon.awssdk.services.kinesis.model.DescribeStreamSummaryRequest;
import software.amazon.awssdk.services.kinesis.model.InvalidArgumentException;
import software.amazon.awssdk.services.kinesis.model.LimitExceededException;
import software.amazon.awssdk.services.kinesis.model.RegisterStreamConsumerRequest;
import software.amazon.awssdk.services.kinesis.model.ResourceInUseException;
import software.amazon.awssdk.services.kinesis.model.ResourceNotFoundException;

/**
 * Finds the stream consumer that enhanced fan-out subscribes with, at route start-up (blocking the starting thread, as
 * the first shard listing does): with {@code consumerArn} it only waits until that consumer is ACTIVE; otherwise it
 * describes {@code consumerName}, registers it when missing (another instance registering it meanwhile is fine) and
 * waits until it is ACTIVE. LimitExceededException (Kinesis allows 5 registrations per second per account, 20
 * describes, and 20 consumers per stream) is retried with a growing delay a bounded number of times, then fails with
 * a message naming both causes. Also deregisters the consumer when the route stops, if asked.
 */
public final class ConsumerRegistration {

    private static final Logger LOG = LoggerFactory.getLogger(ConsumerRegistration.class);
    /** LimitExceededException answers in a row before giving up. */
    static final int MAX_LIMIT_RETRIES = 6;
    private static final Duration CALL_TIMEOUT = Duration.ofSeconds(30);

    /** Waits between calls; replaced in tests. */
    interface Sleeper {
        void sleep(long millis) throws InterruptedException;
    }

    private final KinesisAsyncClient kinesis;
    private final StreamRef stream;
    private final FanOutSettings settings;
    private final Duration activeWait;
    private final Sleeper sleeper;
    private final LongSupplier nanoClock;
    private int limitRetries;

    public ConsumerRegistration(KinesisAsyncClient kinesis, StreamRef stream, FanOutSettings settings) {
        this(kinesis, stream, settings, Duration.ofMinutes(2), Thread::sleep, System::nanoTime);
    }

    ConsumerRegistration(KinesisAsyncClient kinesis, StreamRef stream, FanOutSettings settings, Duration activeWait,
                         Sleeper sleeper, LongSupplier nanoClock) {
        this.kinesis = kinesis;
        this.stream = stream;
        this.settings = settings;
        this.activeWait = activeWait;
        this.sleeper = sleeper;
        this.nanoClock = nanoClock;
    }

    /** The ARN of the ACTIVE stream consumer to subscribe with (registered first when missing). */
    public String resolve() throws InterruptedException {
        long deadline = nanoClock.getAsLong() + activeWait.toNanos();
        String streamArn = settings.consumerArn() != null ? null : streamArn();
        boolean registered = false;
        for (int round = 0;; round++) {
            ConsumerDescription found = describe(streamArn);
            if (found == null && settings.consumerArn() != null) {
                throw new KinesisBatchException("consumerArn " + settings.consumerArn() + " names no stream consumer"
                                                + " (deregistered?): register one or set consumerName instead");
            }
            if (found != null && settings.consumerArn() != null) {
                checkStream(found);
            }
            if (found == null) {
                found = register(streamArn);
                registered |= found != null;
            }
            if (found != null && found.consumerStatus() == ConsumerStatus.ACTIVE) {
                LOG.info("Stream consumer {} of {} is ACTIVE{}", found.consumerARN(), stream,
                        registered ? " (registered now)" : "");
                return found.consumerARN();
            }
            if (nanoClock.getAsLong() - deadline > 0) {
                throw new KinesisBatchException("Stream consumer " + name() + " of stream " + stream + " is not ACTIVE"
                                                + " after " + activeWait.toSeconds() + " s (status "
                                                + (found == null ? "unknown" : found.consumerStatusAsString()) + ")");
            }
            sleeper.sleep(Math.min(2_000, 200L << Math.min(round, 4))); // CREATING, DELETING, or registered just now
        }
    }

    /**
     * A given {@code consumerArn} must belong to the endpoint's stream: subscribing with another stream's consumer
     * would read that stream's shards of the same ids into this stream's checkpoints (or fail each subscription with
     * an error that does not say why).
     */
    private void checkStream(ConsumerDescription found) {
        String consumerStream = found.streamARN();
        if (consumerStream == null) {
            return;
        }
        boolean same = stream.arn() != null
                ? stream.arn().equals(consumerStream)
                : consumerStream.endsWith(":stream/" + stream.name());
        if (!same) {
            throw new KinesisBatchException("consumerArn " + settings.consumerArn() + " is a stream consumer of "
                                            + consumerStream + ", not of stream " + stream
                                            + ": give a consumer of this stream, or set consumerName instead");
        }
    }

    /** Deregisters {@code consumerArn}; logs and goes on when that fails (the route is stopping anyway). */
    public void deregister(String consumerArn) {
        try {
            call(kinesis.deregisterStreamConsumer(DeregisterStreamConsumerRequest.builder().consumerARN(consumerArn)
                    .build()));
            LOG.info("Deregistered stream consumer {} of {} (deregisterConsumerOnStop=true)", consumerArn, stream);
        } catch (RuntimeException e) {
            LOG.warn("Deregistering stream consumer {} of {} failed: {}", consumerArn, stream,
                    AsyncFailures.unwrap(e).toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            LOG.warn("Deregistering stream consumer {} of {}: interrupted while waiting for the answer", consumerArn,
                    stream);
        }
    }

    private String streamArn() throws InterruptedException {
        if (stream.isArn()) {
            return stream.arn();
        }
        while (true) {
            try {
                return call(kinesis.describeStreamSummary(DescribeStreamSummaryRequest.builder().streamName(
                        stream.name()).build())).streamDescriptionSummary().streamARN();
            } catch (LimitExceededException e) {
                limited("DescribeStreamSummary", e);
            }
        }
    }

    /** The consumer as Kinesis describes it, or null when it does not exist. */
    private ConsumerDescription describe(String streamArn) throws InterruptedException {
        DescribeStreamConsumerRequest.Builder request = DescribeStreamConsumerRequest.builder();
        if (settings.consumerArn() != null) {
            request.consumerARN(settings.consumerArn());
        } else {
            request.streamARN(streamArn).consumerName(settings.consumerName());
        }
        while (true) {
            try {
                return call(kinesis.describeStreamConsumer(request.build())).consumerDescription();
            } catch (ResourceNotFoundException e) {
                return null;
            } catch (LimitExceededException e) {
                limited("DescribeStreamConsumer", e);
            }
        }
    }

    /** Registers the consumer; null when it exists after all (another instance registered it meanwhile). */
    private ConsumerDescription register(String streamArn) throws InterruptedException {
        while (true) {
            try {
                var consumer = call(kinesis.registerStreamConsumer(RegisterStreamConsumerRequest.builder()
                        .streamARN(streamArn).consumerName(settings.consumerName()).build())).consumer();
                LOG.info("Registered stream consumer {} on {}: waiting until it is ACTIVE", consumer.consumerARN(),
                        stream);
                return ConsumerDescription.builder().consumerARN(consumer.consumerARN())
                        .consumerName(consumer.consumerName()).consumerStatus(consumer.consumerStatus()).build();
            } catch (ResourceInUseException e) {
                return null; // registered (or being deleted) by someone else: describe again
            } catch (InvalidArgumentException e) {
                throw new KinesisBatchException("Kinesis refused to register stream consumer " + name() + " on "
                                                + stream + " (consumerName): " + e.awsErrorDetails().errorMessage(),
                        "InvalidArgumentException", e);
            } catch (LimitExceededException e) {
                limited("RegisterStreamConsumer", e);
            }
        }
    }

    /** Waits before retrying a LimitExceededException; fails with a clear message after too many in a row. */
    private void limited(String call, LimitExceededException e) throws InterruptedException {
        if (++limitRetries > MAX_LIMIT_RETRIES) {
            throw new KinesisBatchException(call + " for stream consumer " + name() + " of " + stream + " kept failing"
                                            + " with LimitExceededException (" + MAX_LIMIT_RETRIES + " retries): the"
                                            + " stream may have the most consumers Kinesis allows (20; deregister"
                                            + " unused ones, or share one through consumerArn), or too many consumers"
                                            + " register at once (5 per second per account). Kinesis said: "
                                            + e.awsErrorDetails().errorMessage(),
                    "LimitExceededException", e);
        }
        long ceiling = Math.min(10_000, 500L << limitRetries);
        long delay = ceiling / 2 + ThreadLocalRandom.current().nextLong(ceiling / 2 + 1);
        LOG.warn("{} for stream consumer {} of {}: LimitExceededException, retry {} of {} in {} ms", call, name(),
                stream, limitRetries, MAX_LIMIT_RETRIES, delay);
        sleeper.sleep(delay);
    }

    private String name() {
        return settings.consumerArn() != null ? settings.consumerArn() : settings.consumerName();
    }

    private static <T> T call(CompletableFuture<T> future) throws InterruptedException {
        try {
            return future.get(CALL_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.ExecutionException e) {
            Throwable cause = AsyncFailures.unwrap(e);
            if (cause instanceof RuntimeException r) {
                throw r;
            }
            throw new KinesisBatchException("Kinesis call failed: " + cause, cause);
        } catch (java.util.concurrent.TimeoutException e) {
            future.cancel(true);
            throw new KinesisBatchException("Kinesis did not answer within " + CALL_TIMEOUT.toSeconds() + " s", e);
        }
    }
}
