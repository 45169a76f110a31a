package io.kinesisbatch.itest.bench;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.Map;

/**
 * CPU time of the process's threads by role, read from Linux's {@code /proc/self/task} (empty elsewhere): lets the
 * benchmark leave JIT compilation out of CPU per record and show which threads the CPU of each side went to.
 * <p>
 * Thread names are as the kernel keeps them (15 characters). Threads that ended during a run (the benchmark's caller
 * threads) are no longer listed; their CPU is what the process used beyond the listed threads ({@link Role#OTHER}).
 */
final class ThreadCpu {

    enum Role {
        /** The JIT compiler threads: a warm-up cost, left out of CPU per record. */
        JIT("JIT compiler (left out of CPU per record)"),
        GC("GC and VM"),
        SDK("SDK HTTP (Netty) and future threads (ours: replies sorted, next batches sent)"),
        ENDPOINT("null endpoint"),
        /** DynamoDB Local's server threads (Jetty), in process for the consumer benchmarks: not the client's cost. */
        DYNAMODB_LOCAL("DynamoDB Local server (left out of the consumer's CPU per record)"),
        /** The producer's Camel threads; for the completion floor, its grouping and completing threads. */
        PRODUCER("producer threads: sending, replies, completions"),
        OTHER("callers, baseline loop and ended threads");

        final String label;

        Role(String label) {
            this.label = label;
        }
    }

    private static final Path TASKS = Path.of("/proc/self/task");
    /** USER_HZ: /proc reports CPU in clock ticks of 10 ms on Linux. */
    private static final long NANOS_PER_TICK = 10_000_000L;

    private ThreadCpu() {}

    /** CPU nanos by role now; OTHER holds the process total minus the listed threads. Empty when /proc is unreadable. */
    static Map<Role, Long> snapshot(long processCpuNanos) {
        Map<Role, Long> byRole = new EnumMap<>(Role.class);
        if (!Files.isDirectory(TASKS)) {
            return byRole;
        }
        long listed = 0;
        try (DirectoryStream<Path> tasks = Files.newDirectoryStream(TASKS)) {
            for (Path task : tasks) {
                String stat;
                try {
                    stat = Files.readString(task.resolve("stat"));
                } catch (IOException ended) {
                    continue;
                }
                int open = stat.indexOf('(');
                int close = stat.lastIndexOf(')');
                String[] fields = stat.substring(close + 2).split(" ");
                // after the name: state is field 0, utime field 11, stime field 12
                long nanos = (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) * NANOS_PER_TICK;
                Role role = roleOf(stat.substring(open + 1, close));
                if (role != Role.OTHER) {
                    byRole.merge(role, nanos, Long::sum);
                    listed += nanos;
                }
            }
        } catch (IOException | RuntimeException e) {
            return new EnumMap<>(Role.class);
        }
        byRole.put(Role.OTHER, Math.max(0, processCpuNanos - listed));
        return byRole;
    }

    /** The process's CPU time in the kernel so far ({@code stime} of {@code /proc/self/stat}); 0 when unreadable. */
    static long processKernelNanos() {
        try {
            String stat = Files.readString(Path.of("/proc/self/stat"));
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return Long.parseLong(fields[12]) * NANOS_PER_TICK; // after the name: stime is field 12
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    static Role roleOf(String name) {
        if (name.startsWith("C1 Compiler") || name.startsWith("C2 Compiler")) {
            return Role.JIT;
        }
        if (name.startsWith("GC Thread") || name.startsWith("G1 ") || name.startsWith("VM ")) {
            return Role.GC;
        }
        if (name.startsWith("aws-java-sdk") || name.startsWith("sdk-")) {
            return Role.SDK;
        }
        if (name.startsWith("null-kinesis") || name.startsWith("HTTP-Dispatcher")) {
            return Role.ENDPOINT;
        }
        if (name.startsWith("qtp") || name.startsWith("SQLiteQueue")) { // its HTTP threads and its SQLite worker
            return Role.DYNAMODB_LOCAL;
        }
        if (name.startsWith("Camel") || name.startsWith("floor-")) {
            return Role.PRODUCER;
        }
        return Role.OTHER;
    }

    /** What each role used between two snapshots. */
    static Map<Role, Long> between(Map<Role, Long> before, Map<Role, Long> after) {
        Map<Role, Long> used = new EnumMap<>(Role.class);
        for (Map.Entry<Role, Long> e : after.entrySet()) {
            used.put(e.getKey(), Math.max(0, e.getValue() - before.getOrDefault(e.getKey(), 0L)));
        }
        return used;
    }
}
