package io.kinesisbatch.itest.support;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One kind of fault the {@link FaultInjectingProxy} can inject. Rules form a chain, like servlet filters: a rule sees
 * each call and either passes it on ({@code next.forward(call)}, possibly changed, possibly rewriting what comes
 * back), answers it itself, or holds it. New faults (expired iterators, ...) are new implementations.
 */
@FunctionalInterface
public interface FaultRule {

    Reply handle(Call call, Next next) throws Exception;

    /** The rest of the chain (ending at kinesis-mock). */
    @FunctionalInterface
    interface Next {
        Reply forward(Call call) throws Exception;
    }

    /**
     * One request. {@code operation} is the part of {@code X-Amz-Target} after the dot (e.g. {@code PutRecords});
     * {@code cbor} says whether the body is CBOR (else JSON).
     */
    record Call(String method, String path, Map<String, List<String>> headers, byte[] body, String operation,
                boolean cbor) {

        public Map<String, Object> decode() {
            return AwsWireBody.decode(body, cbor);
        }

        public Call withBody(Map<String, Object> value) {
            return new Call(method, path, headers, AwsWireBody.encode(value, cbor), operation, cbor);
        }
    }

    /** One response. */
    record Reply(int status, Map<String, List<String>> headers, byte[] body) {

        /** A reply in the call's encoding. */
        public static Reply of(Call call, int status, Map<String, Object> body, Map<String, String> extraHeaders) {
            Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
            headers.put("Content-Type", List.of(AwsWireBody.contentType(call.cbor())));
            extraHeaders.forEach((k, v) -> headers.put(k, List.of(v)));
            return new Reply(status, headers, AwsWireBody.encode(body, call.cbor()));
        }

        /** An AWS error: the code in {@code x-amzn-ErrorType} and in the body's {@code __type}. */
        public static Reply error(Call call, int status, String errorCode, String message) {
            return of(call, status, Map.of("__type", errorCode, "message", message),
                    Map.of("x-amzn-ErrorType", errorCode, "x-amzn-RequestId", "fault-injected"));
        }

        public Map<String, Object> decode(boolean cbor) {
            return AwsWireBody.decode(body, cbor);
        }

        public Reply withBody(Map<String, Object> value, boolean cbor) {
            return new Reply(status, headers, AwsWireBody.encode(value, cbor));
        }
    }
}
