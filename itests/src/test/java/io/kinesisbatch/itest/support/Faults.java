package io.kinesisbatch.itest.support;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.kinesisbatch.itest.support.FaultRule.Call;
import io.kinesisbatch.itest.support.FaultRule.Reply;

/** Ready-made {@link FaultRule}s for {@link FaultInjectingProxy}. Shares are drawn from a seeded random source. */
public final class Faults {

    public static final String PUT_RECORDS = "PutRecords";

    private Faults() {}

    /**
     * Fails a share of PutRecords entries with the given per-entry error code. Those entries are taken out of the
     * request before it goes on (so they are really not written, as with Kinesis), and put back into the reply as
     * failed entries at their positions, with {@code FailedRecordCount} fixed.
     */
    public static EntryFailures failEntries(double share, String errorCode, long seed) {
        return new EntryFailures(share, errorCode, new Random(seed));
    }

    /**
     * Answers a share of PutRecords calls with an error status and code ({@code x-amzn-ErrorType} and {@code __type}).
     * With {@code afterWriting} the call first goes on to kinesis-mock (its records are written, the client is told
     * it failed: the ambiguous failure that can cause duplicates); without, it never reaches kinesis-mock.
     */
    public static CallFailures failCalls(double share, int status, String errorCode, boolean afterWriting, long seed) {
        return new CallFailures(share, status, errorCode, afterWriting, new Random(seed));
    }

    /**
     * Answers the next calls of the operation, as many as {@link NextCalls#arm armed}, with HTTP 400 and the error
     * code, without forwarding them. Unarmed, it lets every call through.
     */
    public static NextCalls failNext(String operation, String errorCode) {
        return new NextCalls(operation, errorCode);
    }

    /**
     * Expired iterators on request: kinesis-mock expires them only after 5 minutes. {@code arm(1)} makes the next
     * GetRecords call fail with {@code ExpiredIteratorException}.
     */
    public static NextCalls expireNextGetRecords() {
        return failNext("GetRecords", "ExpiredIteratorException");
    }

    /** Holds every call of the operation until {@link Stall#release()} (at most 5 minutes). */
    public static Stall stall(String operation) {
        return new Stall(operation);
    }

    public static final class EntryFailures implements FaultRule {
        private final double share;
        private final String errorCode;
        private final Random random;
        private final AtomicInteger injected = new AtomicInteger();

        EntryFailures(double share, String errorCode, Random random) {
            this.share = share;
            this.errorCode = errorCode;
            this.random = random;
        }

        /** Entries failed so far. */
        public int injected() {
            return injected.get();
        }

        @Override
        @SuppressWarnings("unchecked")
        public Reply handle(Call call, Next next) throws Exception {
            if (!call.operation().equals(PUT_RECORDS)) {
                return next.forward(call);
            }
            Map<String, Object> request = call.decode();
            List<Object> entries = (List<Object>) request.get("Records");
            boolean[] fail = new boolean[entries.size()];
            List<Object> kept = new ArrayList<>();
            synchronized (random) {
                for (int i = 0; i < fail.length; i++) {
                    fail[i] = random.nextDouble() < share;
                    if (!fail[i]) {
                        kept.add(entries.get(i));
                    }
                }
            }
            List<Object> upstreamResults = List.of();
            long upstreamFailed = 0;
            Reply reply = null;
            if (!kept.isEmpty()) {
                Map<String, Object> forwarded = new LinkedHashMap<>(request);
                forwarded.put("Records", kept);
                reply = next.forward(call.withBody(forwarded));
                if (reply.status() != 200) {
                    return reply;
                }
                Map<String, Object> body = reply.decode(call.cbor());
                upstreamResults = (List<Object>) body.get("Records");
                Object f = body.get("FailedRecordCount");
                upstreamFailed = f instanceof Number n ? n.longValue() : 0;
            }
            List<Object> results = new ArrayList<>();
            int up = 0;
            for (boolean failed : fail) {
                if (failed) {
                    results.add(Map.of("ErrorCode", errorCode, "ErrorMessage", "fault-injected " + errorCode));
                    injected.incrementAndGet();
                } else {
                    results.add(upstreamResults.get(up++));
                }
            }
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("FailedRecordCount", upstreamFailed + (fail.length - kept.size()));
            body.put("Records", results);
            return reply != null ? reply.withBody(body, call.cbor()) : Reply.of(call, 200, body, Map.of());
        }
    }

    public static final class CallFailures implements FaultRule {
        private final double share;
        private final int status;
        private final String errorCode;
        private final boolean afterWriting;
        private final Random random;
        private final AtomicInteger injected = new AtomicInteger();

        CallFailures(double share, int status, String errorCode, boolean afterWriting, Random random) {
            this.share = share;
            this.status = status;
            this.errorCode = errorCode;
            this.afterWriting = afterWriting;
            this.random = random;
        }

        /** Calls failed so far. */
        public int injected() {
            return injected.get();
        }

        @Override
        public Reply handle(Call call, Next next) throws Exception {
            boolean fail;
            synchronized (random) {
                fail = call.operation().equals(PUT_RECORDS) && random.nextDouble() < share;
            }
            if (!fail) {
                return next.forward(call);
            }
            injected.incrementAndGet();
            if (afterWriting) {
                next.forward(call);
            }
            return Reply.error(call, status, errorCode, "fault-injected " + errorCode);
        }
    }

    public static final class Stall implements FaultRule {
        private final String operation;
        private final CountDownLatch released = new CountDownLatch(1);
        private final AtomicInteger held = new AtomicInteger();

        Stall(String operation) {
            this.operation = operation;
        }

        public void release() {
            released.countDown();
        }

        /** Calls being held right now. */
        public int held() {
            return held.get();
        }

        @Override
        public Reply handle(Call call, Next next) throws Exception {
            if (call.operation().equals(operation) && released.getCount() > 0) {
                held.incrementAndGet();
                try {
                    released.await(5, TimeUnit.MINUTES);
                } finally {
                    held.decrementAndGet();
                }
            }
            return next.forward(call);
        }
    }

    public static final class NextCalls implements FaultRule {
        private final String operation;
        private final String errorCode;
        private final AtomicInteger armed = new AtomicInteger();
        private final AtomicInteger injected = new AtomicInteger();

        NextCalls(String operation, String errorCode) {
            this.operation = operation;
            this.errorCode = errorCode;
        }

        /** The next {@code calls} calls of the operation fail. */
        public NextCalls arm(int calls) {
            armed.addAndGet(calls);
            return this;
        }

        /** Calls failed so far. */
        public int injected() {
            return injected.get();
        }

        @Override
        public Reply handle(Call call, Next next) throws Exception {
            if (call.operation().equals(operation) && armed.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                injected.incrementAndGet();
                return Reply.error(call, 400, errorCode, "fault-injected " + errorCode);
            }
            return next.forward(call);
        }
    }
}
