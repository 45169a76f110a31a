package io.kinesisbatch.camel.producer;

import java.io.IOException;
import java.util.concurrent.CompletionException;

import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.kinesis.model.KinesisException;
import software.amazon.awssdk.services.kinesis.model.PutRecordsResultEntry;
import software.amazon.awssdk.services.kinesis.model.ResourceNotFoundException;

import static org.assertj.core.api.Assertions.assertThat;

class FailureTest {

    static KinesisException aws(int status, String code) {
        return (KinesisException) KinesisException.builder().statusCode(status)
                .awsErrorDetails(AwsErrorDetails.builder().errorCode(code).errorMessage("said " + code).build())
                .build();
    }

    @Test
    void writtenEntryIsNoFailure() {
        assertThat(Failure.ofEntry(PutRecordsResultEntry.builder().shardId("s").sequenceNumber("1").build())).isNull();
    }

    @Test
    void throttledAndInternalEntriesAreRetried() {
        Failure throttled = Failure.ofEntry(entry("ProvisionedThroughputExceededException"));
        assertThat(throttled.retryable()).isTrue();
        assertThat(throttled.throttled()).isTrue();
        assertThat(throttled.wholeCall()).isFalse();
        Failure internal = Failure.ofEntry(entry("InternalFailure"));
        assertThat(internal.retryable()).isTrue();
        assertThat(internal.throttled()).isFalse();
    }

    @Test
    void rejectedAndKmsEntriesAreNotRetried() {
        assertThat(Failure.ofEntry(entry("InvalidArgumentException")).retryable()).isFalse();
        assertThat(Failure.ofEntry(entry("KMSAccessDeniedException")).retryable()).isFalse();
        assertThat(Failure.ofEntry(entry("KMSThrottlingException")).retryable()).isTrue();
    }

    @Test
    void serverErrorsThrottlingTimeoutsAndConnectionErrorsOfAWholeCallAreRetried() {
        assertThat(Failure.ofCall(new CompletionException(aws(500, "InternalFailure"))).retryable()).isTrue();
        assertThat(Failure.ofCall(aws(503, null)).retryable()).isTrue();
        assertThat(Failure.ofCall(aws(503, null)).errorCode()).isEqualTo("HTTP 503");
        Failure throttled = Failure.ofCall(aws(400, "ProvisionedThroughputExceededException"));
        assertThat(throttled.retryable()).isTrue();
        assertThat(throttled.throttled()).isTrue();
        assertThat(Failure.ofCall(aws(400, "LimitExceededException")).retryable()).isTrue();
        assertThat(Failure.ofCall(ApiCallTimeoutException.create(1000)).retryable()).isTrue();
        assertThat(Failure.ofCall(SdkClientException.create("Unable to execute HTTP request: Connection refused",
                new java.net.ConnectException("Connection refused"))).retryable()).isTrue();
        assertThat(Failure.ofCall(new CompletionException(new IOException("reset"))).retryable()).isTrue();
    }

    @Test
    void clientFailuresThatRetryingCannotFixAreNotRetried() {
        // each would fail the same way on every attempt
        assertThat(Failure.ofCall(SdkClientException.create("Unable to execute HTTP request: handshake failed",
                new javax.net.ssl.SSLHandshakeException("PKIX path building failed"))).retryable()).isFalse();
        assertThat(Failure.ofCall(new CompletionException(SdkClientException.create(
                "Unable to load credentials from any of the providers in the chain"))).retryable()).isFalse();
        assertThat(
                Failure.ofCall(SdkClientException.create("Unable to marshall request to JSON: Unmatched surrogate pair",
                        new IllegalArgumentException("Unmatched surrogate pair"))).retryable())
                .isFalse();
    }

    @Test
    void unknownStreamAccessDeniedAndValidationAreNotRetried() {
        Failure missing = Failure.ofCall(new CompletionException(ResourceNotFoundException.builder().statusCode(400)
                .awsErrorDetails(AwsErrorDetails.builder().errorCode("ResourceNotFoundException")
                        .errorMessage("Stream s not found").build())
                .build()));
        assertThat(missing.retryable()).isFalse();
        assertThat(missing.errorCode()).isEqualTo("ResourceNotFoundException");
        assertThat(missing.describe()).isEqualTo("ResourceNotFoundException: Stream s not found");
        assertThat(Failure.ofCall(aws(400, "AccessDeniedException")).retryable()).isFalse();
        assertThat(Failure.ofCall(aws(400, "ValidationException")).retryable()).isFalse();
        assertThat(Failure.ofCall(new IllegalStateException("bug")).retryable()).isFalse();
    }

    private static PutRecordsResultEntry entry(String code) {
        return PutRecordsResultEntry.builder().errorCode(code).errorMessage("msg").build();
    }
}
