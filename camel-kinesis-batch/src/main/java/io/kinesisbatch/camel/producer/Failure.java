package io.kinesisbatch.camel.producer;

import java.io.IOException;
import java.util.Set;

import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.kinesis.model.PutRecordsResultEntry;

import static io.kinesisbatch.camel.aws.AsyncFailures.unwrap;

/**
 * Why a record was not written, and whether sending it again can help. Pure classification of what Kinesis (or the
 * network) answered; the {@code cause} is kept for whole-call failures.
 *
 * @param retryable   sending the same entry again may succeed
 * @param throttled   Kinesis said slow down (counted apart; also retryable)
 * @param errorCode   the AWS error code, or a short name for client-side failures (e.g. {@code SdkClientException})
 * @param message     what AWS (or the client) said
 * @param wholeCall   the whole PutRecords call failed (as opposed to this entry alone)
 * @param cause       the exception of a whole-call failure, else null
 */
public record Failure(boolean retryable, boolean throttled, String errorCode, String message, boolean wholeCall,
                      Throwable cause) {

    /** Per-entry and whole-call codes that mean "too fast": retry after a backoff. */
    static final Set<String> THROTTLING_CODES = Set.of(
            "ProvisionedThroughputExceededException", "ThrottlingException", "Throttling", "LimitExceededException",
            "KMSThrottlingException", "TooManyRequestsException", "RequestLimitExceeded", "SlowDown");

    /** Codes of transient server-side trouble: retry after a backoff. */
    static final Set<String> TRANSIENT_CODES = Set.of(
            "InternalFailure", "InternalFailureException", "InternalServerError", "ServiceUnavailable",
            "ServiceUnavailableException", "RequestTimeout", "RequestTimeoutException");

    /** The failure of one entry of a PutRecords reply, or null when the entry was written. */
    public static Failure ofEntry(PutRecordsResultEntry result) {
        String code = result.errorCode();
        if (code == null) {
            return null;
        }
        boolean throttled = THROTTLING_CODES.contains(code);
        boolean retryable = throttled || TRANSIENT_CODES.contains(code);
        return new Failure(retryable, throttled, code, result.errorMessage(), false, null);
    }

    /** The failure of a whole PutRecords call. */
    public static Failure ofCall(Throwable thrown) {
        Throwable t = unwrap(thrown);
        if (t instanceof AwsServiceException ase) {
            String code = ase.awsErrorDetails() != null ? ase.awsErrorDetails().errorCode() : null;
            String message = ase.awsErrorDetails() != null ? ase.awsErrorDetails().errorMessage() : ase.getMessage();
            boolean throttled = ase.isThrottlingException() || (code != null && THROTTLING_CODES.contains(code));
            boolean retryable = throttled || ase.statusCode() >= 500
                                || (code != null && TRANSIENT_CODES.contains(code));
            String shownCode = code != null ? code : "HTTP " + ase.statusCode();
            return new Failure(retryable, throttled, shownCode, message, true, ase);
        }
        if (t instanceof SdkClientException || t instanceof IOException) {
            // no answer from the service: connection refused or reset, timeouts (the records may have been written);
            // but a failed TLS handshake, missing credentials or a request the SDK cannot marshal fail the same way
            // however often they are tried
            return new Failure(transientClientFailure(t), false, t.getClass().getSimpleName(), t.getMessage(), true, t);
        }
        return new Failure(false, false, t.getClass().getSimpleName(), t.getMessage(), true, t);
    }

    /**
     * Whether a client-side failure may pass when tried again: an I/O error or a timeout somewhere in its causes, and
     * no TLS handshake or certificate failure (an SSLHandshakeException is an IOException, but retrying cannot fix a
     * certificate). Credentials that cannot be loaded, a request that cannot be marshalled... have no
     * I/O cause and are not retried.
     */
    static boolean transientClientFailure(Throwable t) {
        boolean io = false;
        for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
            if (c instanceof javax.net.ssl.SSLHandshakeException
                || c instanceof javax.net.ssl.SSLPeerUnverifiedException
                || c instanceof java.security.cert.CertificateException) {
                return false;
            }
            if (c instanceof IOException || c instanceof java.io.UncheckedIOException
                || c instanceof java.util.concurrent.TimeoutException
                || c instanceof software.amazon.awssdk.core.exception.RetryableException
                || c instanceof software.amazon.awssdk.core.exception.ApiCallTimeoutException
                || c instanceof software.amazon.awssdk.core.exception.ApiCallAttemptTimeoutException
                || c.getClass().getSimpleName().endsWith("TimeoutException")) {
                io = true;
            }
        }
        return io;
    }

    /** A reply that does not match its request (never seen from Kinesis): whether anything was written is unknown. */
    public static Failure malformedReply(int sent, int answered) {
        return new Failure(true, false, "MalformedReply",
                "PutRecords answered " + answered + " entries for " + sent + " sent", true, null);
    }

    /** "code: message" for exception messages. */
    public String describe() {
        return message == null || message.isBlank() ? errorCode : errorCode + ": " + message;
    }
}
