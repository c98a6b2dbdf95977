#!/usr/bin/env bash
# Preprocessing and mnist-8 inference benchmarks. Usage: bench/recognition.sh [JMH regexp]
# Prints CPU time per picture for preprocessing, CPU time per image of the bundled models and mnist-8 on ONNX Runtime
# (1 thread; batches of 1, 8, 32), then JMH's table (preprocessing wall time per picture,
# mnist-8 latency and throughput for batches of 1 and 64). Needs ../shared (or INKWELL_SHARED). ~3 minutes.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ -z "${JAVA_HOME:-}" ]; then
  for d in /usr/lib/jvm/temurin-25-jdk-amd64 /usr/lib/jvm/temurin-2*-jdk-amd64 /usr/lib/jvm/java-2*-openjdk-amd64; do
    if [ -x "$d/bin/javac" ]; then export JAVA_HOME="$d"; break; fi
  done
fi
mkdir -p bench/out
./mvnw -q -B -pl inkwell-core,inkwell-inference test-compile dependency:build-classpath \
  -Dmdep.outputFile="$PWD/bench/out/classpath.txt" -Dmdep.includeScope=test >/dev/null
cp="inkwell-inference/target/test-classes:inkwell-inference/target/classes:$(cat bench/out/classpath.txt)"
shared="${INKWELL_SHARED:-$PWD/../shared}"
java=("$JAVA_HOME/bin/java" -Dinkwell.shared="$shared" -Djava.awt.headless=true --enable-native-access=ALL-UNNAMED -cp "$cp")
echo "# $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg), $("$JAVA_HOME/bin/java" -version 2>&1 | head -n1)"
"${java[@]}" dev.inkwell.bench.CpuTimePerPicture
"${java[@]}" dev.inkwell.bench.ModelCpuTimePerImage mnist mnist-compact "$shared/models/mnist-8.onnx"
exec "${java[@]}" org.openjdk.jmh.Main "${1:-dev.inkwell.bench}" -jvmArgsAppend "-Dinkwell.shared=$shared --enable-native-access=ALL-UNNAMED"
