#!/usr/bin/env bash
# Samples the producer (ours) or the raw SDK loop (raw) on the null endpoint with Linux perf (cpu-clock, so it works
# in VMs without hardware counters) and prints where the CPU went, by thread and by stage. Not part of any build.
#
#   itests/src/test/perf/profile.sh ours      # or raw; needs perf, run from the repository root
#
# Compare sides by "samples per null-endpoint sample": the null endpoint does the same work per record on both
# sides, so it measures how many records were written while perf was sampling.
set -euo pipefail
side=${1:-ours}
seconds=${2:-20}
out=${TMPDIR:-/tmp}/kinesis-batch-profile-$side
./mvnw -B -q -ntp -pl camel-kinesis-batch,itests test-compile
./mvnw -B -q -ntp -pl camel-kinesis-batch,itests dependency:build-classpath -Dmdep.outputFile="$out.cp" \
    -Dmdep.includeScope=test >/dev/null
cp="itests/target/test-classes:itests/target/classes:camel-kinesis-batch/target/classes:$(cat "$out.cp")"
java -Xms2g -Xmx2g -XX:-UseDynamicNumberOfCompilerThreads -XX:+PreserveFramePointer \
    -XX:+UnlockDiagnosticVMOptions -XX:+DumpPerfMapAtExit -Dorg.slf4j.simpleLogger.defaultLogLevel=warn \
    -cp "$cp" io.kinesisbatch.itest.bench.ProfileMain "$side" "$seconds" "$out.data"
perf script -i "$out.data" -F comm,tid,ip,sym 2>/dev/null > "$out.txt"
python3 "$(dirname "$0")/summarize.py" "$out.txt"
