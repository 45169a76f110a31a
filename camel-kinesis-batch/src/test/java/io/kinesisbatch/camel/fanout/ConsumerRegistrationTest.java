package io.kinesisbatch.camel.fanout;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;

import io.kinesisbatch.camel.KinesisBatchException;
import io.kinesisbatch.camel.consumer.StreamRef;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.services.kinesis.KinesisAsyncClient;
import software.amazon.awssdk.services.kinesis.model.Consumer;
import software.amazon.awssdk.services.kinesis.model.ConsumerDescription;
import software.amazon.awssdk.services.kinesis.model.ConsumerStatus;
import software.amazon.awssdk.services.kinesis.model.DescribeStreamConsumerRequest;
import software.amazon.awssdk.services.kinesis.model.DescribeStreamConsumerResponse;
import software.amazon.awssdk.services.kinesis.model.DescribeStreamSummaryRequest;
import software.amazon.awssdk.services.kinesis.model.DescribeStreamSummaryResponse;
import software.amazon.awssdk.services.kinesis.model.InvalidArgumentException;
import software.amazon.awssdk.services.kinesis.model.LimitExceededException;
import software.amazon.awssdk.services.kinesis.model.RegisterStreamConsumerRequest;
import software.amazon.awssdk.services.kinesis.model.RegisterStreamConsumerResponse;
import software.amazon.awssdk.services.kinesis.model.ResourceInUseException;
import software.amazon.awssdk.services.kinesis.model.ResourceNotFoundException;
import software.amazon.awssdk.services.kinesis.model.StreamDescriptionSummary;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The registration's decisions against a scripted Kinesis (kinesis-mock never throttles, so LimitExceeded and the
 * bounded retries can only be shown here); the real calls are in FanOutIT.
 */
class ConsumerRegistrationTest {

    private static final String STREAM_ARN = "arn:aws:kinesis:us-east-1:000000000000:stream/orders";
    private static final String ARN = STREAM_ARN + "/consumer/app:1";

    /** Answers each call from its own script: a reply or an exception (the last entry repeats). */
    static final class ScriptedKinesis implements KinesisAsyncClient {
        final Deque<Object> describes = new ArrayDeque<>();
        final Deque<Object> registers = new ArrayDeque<>();
        final List<String> calls = new ArrayList<>();

        private static <T> CompletableFuture<T> answer(Deque<Object> script, Class<T> type) {
            Object next = script.size() > 1 ? script.poll() : script.peek();
            return next instanceof Throwable t ? CompletableFuture.failedFuture(t)
                    : CompletableFuture.completedFuture(type.cast(next));
        }

        @Override
        public CompletableFuture<DescribeStreamSummaryResponse> describeStreamSummary(DescribeStreamSummaryRequest r) {
            calls.add("DescribeStreamSummary");
            return CompletableFuture.completedFuture(DescribeStreamSummaryResponse.builder()
                    .streamDescriptionSummary(StreamDescriptionSummary.builder().streamARN(STREAM_ARN).build())
                    .build());
        }

        @Override
        public CompletableFuture<DescribeStreamConsumerResponse> describeStreamConsumer(
                                                                                        DescribeStreamConsumerRequest r) {
            calls.add("Describe");
            return answer(describes, DescribeStreamConsumerResponse.class);
        }

        @Override
        public CompletableFuture<RegisterStreamConsumerResponse> registerStreamConsumer(
                                                                                        RegisterStreamConsumerRequest r) {
            calls.add("Register");
            return answer(registers, RegisterStreamConsumerResponse.class);
        }

        @Override
        public String serviceName() {
            return "kinesis";
        }

        @Override
        public void close() {}
    }

    private static DescribeStreamConsumerResponse described(ConsumerStatus status) {
        return DescribeStreamConsumerResponse.builder().consumerDescription(ConsumerDescription.builder()
                .consumerARN(ARN).consumerName("app").consumerStatus(status).streamARN(STREAM_ARN).build()).build();
    }

    private static RegisterStreamConsumerResponse registered() {
        return RegisterStreamConsumerResponse.builder().consumer(Consumer.builder().consumerARN(ARN)
                .consumerName("app").consumerStatus(ConsumerStatus.CREATING).build()).build();
    }

    private static <T extends Exception> T aws(software.amazon.awssdk.awscore.exception.AwsServiceException.Builder b,
                                               String message) {
        @SuppressWarnings("unchecked")
        T e = (T) b.message(message).awsErrorDetails(AwsErrorDetails.builder().errorMessage(message).build()).build();
        return e;
    }

    private final ScriptedKinesis kinesis = new ScriptedKinesis();
    private final List<Long> sleeps = new ArrayList<>();
    private final AtomicLong clock = new AtomicLong();

    private ConsumerRegistration registration(FanOutSettings settings) {
        return new ConsumerRegistration(kinesis, StreamRef.of("orders"), settings, Duration.ofSeconds(120),
                millis -> {
                    sleeps.add(millis);
                    clock.addAndGet(Duration.ofMillis(millis).toNanos());
                }, clock::get);
    }

    private static FanOutSettings named() {
        return new FanOutSettings(true, "app", null, false);
    }

    @Test
    void aMissingConsumerIsRegisteredAndWaitedForUntilActive() throws Exception {
        kinesis.describes.add(aws(ResourceNotFoundException.builder(), "not found"));
        kinesis.describes.add(described(ConsumerStatus.CREATING));
        kinesis.describes.add(described(ConsumerStatus.ACTIVE));
        kinesis.registers.add(registered());

        assertThat(registration(named()).resolve()).isEqualTo(ARN);
        assertThat(kinesis.calls).containsExactly("DescribeStreamSummary", "Describe", "Register", "Describe",
                "Describe");
    }

    @Test
    void anActiveConsumerIsUsedAsItIs() throws Exception {
        kinesis.describes.add(described(ConsumerStatus.ACTIVE));
        assertThat(registration(named()).resolve()).isEqualTo(ARN);
        assertThat(kinesis.calls).doesNotContain("Register");
        assertThat(sleeps).isEmpty();
    }

    @Test
    void anotherInstanceRegisteringMeanwhileIsFine() throws Exception {
        kinesis.describes.add(aws(ResourceNotFoundException.builder(), "not found"));
        kinesis.describes.add(described(ConsumerStatus.ACTIVE));
        kinesis.registers.add(aws(ResourceInUseException.builder(), "consumer app exists"));
        assertThat(registration(named()).resolve()).isEqualTo(ARN);
    }

    @Test
    void limitExceededIsRetriedABoundedNumberOfTimesThenFailsNamingBothCauses() {
        kinesis.describes.add(aws(ResourceNotFoundException.builder(), "not found"));
        kinesis.registers.add(aws(LimitExceededException.builder(), "consumer limit of 20 reached"));

        assertThatThrownBy(() -> registration(named()).resolve()).isInstanceOf(KinesisBatchException.class)
                .hasMessageContaining("RegisterStreamConsumer").hasMessageContaining("20")
                .hasMessageContaining("5 per second").hasMessageContaining("consumer limit of 20 reached");
        assertThat(kinesis.calls.stream().filter("Register"::equals)).hasSize(ConsumerRegistration.MAX_LIMIT_RETRIES
                                                                              + 1);
        assertThat(sleeps).hasSize(ConsumerRegistration.MAX_LIMIT_RETRIES);
        for (int i = 1; i < sleeps.size(); i++) {
            assertThat(sleeps.get(i)).as("growing delays").isGreaterThanOrEqualTo(sleeps.get(i - 1) / 2);
        }
    }

    @Test
    void aLimitExceededThatPassesIsOnlyADelay() throws Exception {
        kinesis.describes.add(aws(LimitExceededException.builder(), "rate"));
        kinesis.describes.add(described(ConsumerStatus.ACTIVE));
        assertThat(registration(named()).resolve()).isEqualTo(ARN);
        assertThat(sleeps).hasSize(1);
    }

    @Test
    void aNameKinesisRefusesFailsAtOnceNamingTheOption() {
        kinesis.describes.add(aws(ResourceNotFoundException.builder(), "not found"));
        kinesis.registers.add(aws(InvalidArgumentException.builder(), "bad name"));
        assertThatThrownBy(() -> registration(named()).resolve()).hasMessageContaining("consumerName")
                .hasMessageContaining("bad name");
    }

    @Test
    void aConsumerArnThatNamesNothingFailsAndNothingIsRegistered() {
        kinesis.describes.add(aws(ResourceNotFoundException.builder(), "not found"));
        assertThatThrownBy(() -> registration(new FanOutSettings(true, null, ARN, false)).resolve())
                .hasMessageContaining("consumerArn").hasMessageContaining("names no stream consumer");
        assertThat(kinesis.calls).containsExactly("Describe");
    }

    @Test
    void aConsumerArnOfAnotherStreamFailsNamingBothStreams() throws Exception {
        String otherStream = "arn:aws:kinesis:us-east-1:000000000000:stream/payments";
        String otherArn = otherStream + "/consumer/app:1";
        kinesis.describes.add(DescribeStreamConsumerResponse.builder().consumerDescription(ConsumerDescription
                .builder().consumerARN(otherArn).consumerName("app").consumerStatus(ConsumerStatus.ACTIVE)
                .streamARN(otherStream).build()).build());
        assertThatThrownBy(() -> registration(new FanOutSettings(true, null, otherArn, false)).resolve())
                .hasMessageContaining("consumerArn").hasMessageContaining("stream/payments")
                .hasMessageContaining("not of stream orders");
        assertThat(kinesis.calls).doesNotContain("Register");

        // a consumer of the endpoint's own stream is used as it is
        kinesis.describes.clear();
        kinesis.describes.add(described(ConsumerStatus.ACTIVE));
        assertThat(registration(new FanOutSettings(true, null, ARN, false)).resolve()).isEqualTo(ARN);
    }

    @Test
    void aConsumerThatNeverBecomesActiveFailsAfterTheWait() {
        kinesis.describes.add(described(ConsumerStatus.CREATING));
        assertThatThrownBy(() -> registration(named()).resolve()).hasMessageContaining("not ACTIVE after 120 s")
                .hasMessageContaining("CREATING");
    }
}
