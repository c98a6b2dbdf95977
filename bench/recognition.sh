#!/usr/bin/env bash
# Preprocessing and mnist-8 inference benchmark (JMH). Usage: bench/recognition.sh [JMH regexp]
# Needs ../shared (MNIST, mnist-8.onnx) or INKWELL_SHARED. Prints JMH's table; ~1-2 minutes.
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
exec "$JAVA_HOME/bin/java" -Dinkwell.shared="$shared" -Djava.awt.headless=true -cp "$cp" \
  org.openjdk.jmh.Main "${1:-dev.inkwell.bench}" -jvmArgsAppend "-Dinkwell.shared=$shared"
