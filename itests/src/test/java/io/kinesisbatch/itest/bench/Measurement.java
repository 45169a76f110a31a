package io.kinesisbatch.itest.bench;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

import io.kinesisbatch.itest.bench.ThreadCpu.Role;

/**
 * Wall time and process CPU of one run, and medians over repetitions. {@code cpuNanos} leaves out the JIT compiler
 * threads (where {@code /proc} tells them apart, see {@link ThreadCpu}): compilation is a warm-up cost, and it went on
 * at 0.6–2.8 ms per 1,000 records for either side even after two million records of warm-up, more than the
 * difference being measured. {@code byRole} is the run's CPU by thread role, JIT included.
 * <p>
 * A thread that ends during a run takes its CPU out of its role's count (the count can only go down to 0), and a
 * compiler thread that ends would hide JIT time: the bench JVM runs with {@code -XX:-UseDynamicNumberOfCompilerThreads}
 * so that none do.
 * <p>
 * {@code kernelNanos} is the process's CPU in the kernel (system time, JIT included; 0 where {@code /proc} is not
 * there): the part of it a side spends above another is mostly threads parking and waking each other.
 */
public record Measurement(long records, long wallNanos, long cpuNanos, Map<Role, Long> byRole, long kernelNanos) {

    public double recordsPerSecond() {
        return records * 1e9 / wallNanos;
    }

    /** Process CPU per 1,000 records, JIT compilation left out. */
    public double cpuMillisPer1000Records() {
        return perThousand(cpuNanos);
    }

    /** CPU of one thread role per 1,000 records (0 when not known). */
    public double roleMillisPer1000Records(Role role) {
        return perThousand(byRole.getOrDefault(role, 0L));
    }

    /** The process's kernel (system) CPU per 1,000 records. */
    public double kernelMillisPer1000Records() {
        return perThousand(kernelNanos);
    }

    private double perThousand(long nanos) {
        return nanos / 1e6 / (records / 1000.0);
    }

    /** Process CPU time so far (all threads: client, Camel, and the in-process endpoint alike). */
    public static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    /** Runs the body and measures it. */
    public static Measurement of(long records, ThrowingRunnable body) throws Exception {
        Point before = Point.now();
        body.run();
        return between(records, before, Point.now());
    }

    /** What {@code records} cost between two points of the same process. */
    public static Measurement between(long records, Point from, Point to) {
        Map<Role, Long> byRole = ThreadCpu.between(from.byRole(), to.byRole());
        long used = to.cpuNanos() - from.cpuNanos();
        return new Measurement(records, to.wallNanos() - from.wallNanos(),
                Math.max(0, used - byRole.getOrDefault(Role.JIT, 0L)), byRole, to.kernelNanos() - from.kernelNanos());
    }

    /** The process's clock, CPU (by thread role) and kernel CPU at one moment. */
    public record Point(long wallNanos, long cpuNanos, Map<Role, Long> byRole, long kernelNanos) {

        public static Point now() {
            long cpu = processCpuNanos();
            Map<Role, Long> byRole = ThreadCpu.snapshot(cpu);
            return new Point(System.nanoTime(), cpu, byRole, ThreadCpu.processKernelNanos());
        }
    }

    public static double median(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    @FunctionalInterface
    public interface ThrowingRunnable {
        void run() throws Exception;
    }
}
