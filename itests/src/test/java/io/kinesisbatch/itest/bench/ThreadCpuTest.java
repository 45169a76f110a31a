package io.kinesisbatch.itest.bench;

import java.util.Map;

import io.kinesisbatch.itest.bench.ThreadCpu.Role;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

import static org.assertj.core.api.Assertions.assertThat;

/** The benchmark tells thread roles apart by the names the kernel keeps (15 characters). */
class ThreadCpuTest {

    @Test
    void namesMapToRoles() {
        assertThat(ThreadCpu.roleOf("C2 CompilerThre")).isEqualTo(Role.JIT);
        assertThat(ThreadCpu.roleOf("C1 CompilerThre")).isEqualTo(Role.JIT);
        assertThat(ThreadCpu.roleOf("GC Thread#0")).isEqualTo(Role.GC);
        assertThat(ThreadCpu.roleOf("G1 Conc#0")).isEqualTo(Role.GC);
        assertThat(ThreadCpu.roleOf("aws-java-sdk-Ne")).isEqualTo(Role.SDK);
        assertThat(ThreadCpu.roleOf("sdk-async-respo")).isEqualTo(Role.SDK);
        assertThat(ThreadCpu.roleOf("null-kinesis-3")).isEqualTo(Role.ENDPOINT);
        assertThat(ThreadCpu.roleOf("Camel (camel-1)")).isEqualTo(Role.PRODUCER);
        assertThat(ThreadCpu.roleOf("floor-completer")).isEqualTo(Role.PRODUCER);
        assertThat(ThreadCpu.roleOf("bench-caller-0")).isEqualTo(Role.OTHER);
        assertThat(ThreadCpu.roleOf("java")).isEqualTo(Role.OTHER);
    }

    @Test
    @EnabledOnOs(OS.LINUX)
    void readsThisProcessAndChargesTheRestToOther() {
        long process = Measurement.processCpuNanos();
        Map<Role, Long> now = ThreadCpu.snapshot(process);

        assertThat(now).containsKey(Role.JIT); // a JVM that ran JUnit has compiled something
        assertThat(now.get(Role.JIT)).isPositive();
        long listed = now.entrySet().stream().filter(e -> e.getKey() != Role.OTHER).mapToLong(Map.Entry::getValue)
                .sum();
        assertThat(listed).isLessThanOrEqualTo(process + 100_000_000L); // ticks of 10 ms: some slack
        assertThat(now.get(Role.OTHER)).isGreaterThanOrEqualTo(0);
    }

    @Test
    void betweenIsWhatEachRoleUsed() {
        Map<Role, Long> used = ThreadCpu.between(Map.of(Role.JIT, 10L, Role.GC, 5L), Map.of(Role.JIT, 30L, Role.GC, 5L,
                Role.OTHER, 7L));
        assertThat(used).containsEntry(Role.JIT, 20L).containsEntry(Role.GC, 0L).containsEntry(Role.OTHER, 7L);
    }
}
