package io.kinesisbatch.itest.bench;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** Wall time and process CPU of one run, and medians over repetitions. */
public record Measurement(long records, long wallNanos, long cpuNanos) {

    public double recordsPerSecond() {
        return records * 1e9 / wallNanos;
    }

    public double cpuMillisPer1000Records() {
        return cpuNanos / 1e6 / (records / 1000.0);
    }

    /** Process CPU time so far (all threads: client, Camel, and the in-process endpoint alike). */
    public static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }

    /** Runs the body and measures it. */
    public static Measurement of(long records, ThrowingRunnable body) throws Exception {
        long cpu = processCpuNanos();
        long start = System.nanoTime();
        body.run();
        return new Measurement(records, System.nanoTime() - start, processCpuNanos() - cpu);
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
