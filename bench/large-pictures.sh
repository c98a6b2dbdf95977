#!/usr/bin/env bash
# Large pictures through `inkwell serve`, this build against a baseline build, one after the other in one run:
#   a 600x600 canvas PNG (bench/CanvasPng.java) at 1 and 16 clients, a 12 MP phone-photo JPEG at 1 and 16 clients
#   (bench/PhotoJpeg.java), and the peak extra memory of one 40 MP JPEG upload (VmHWM reset before it, minus RSS);
#   first the CPU time of one recognition of each in one thread (bench/LargePictureCpu.java), steadier under load.
#   SKIP_WRK=1 stops after the CPU times.
# Usage: bench/large-pictures.sh            Env: BASELINE (git ref; default: the commit before the PNG fast path),
#        DURATION (s per wrk run, default 10), PORT (default 18090), ROUNDS (baseline/current alternations, default 1),
#        INKWELL_JAVA_OPTS (default: the serving flags of bench/serve.sh without the AppCDS archive),
#        BUILDS (default "baseline current"; "current" runs this build alone).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$here"
out="$here/bench/out/large"
mkdir -p "$out"
duration="${DURATION:-10}"
port="${PORT:-18090}"
rounds="${ROUNDS:-1}"
for d in "${JAVA_HOME:-}" /usr/lib/jvm/temurin-25-jdk-amd64 /usr/lib/jvm/temurin-2*-jdk-amd64 /usr/lib/jvm/java-2*-openjdk-amd64; do
  if [ -n "$d" ] && [ -x "$d/bin/javac" ]; then export JAVA_HOME="$d"; break; fi
done
compact=""
if "$JAVA_HOME/bin/java" -XX:+UseCompactObjectHeaders -version >/dev/null 2>&1; then compact="-XX:+UseCompactObjectHeaders"; fi
opts="${INKWELL_JAVA_OPTS-"-XX:+UseSerialGC -Xms128m -Xmx128m -Xmn64m $compact"}"
baseline="${BASELINE:-$(git log --diff-filter=A --format=%H -- inkwell-core/src/main/java/dev/inkwell/image/PngFastPath.java | tail -n1)^}"

echo "building this tree and the baseline $(git rev-parse --short "$baseline")..." >&2
./mvnw -q -B -o -DskipTests package -pl inkwell-app -am >"$out/build.log" 2>&1 || { tail -30 "$out/build.log"; exit 1; }
ref="$(git rev-parse "$baseline")"
if [ "$(cat "$out/baseline-src/.ref" 2>/dev/null)" != "$ref" ] || [ ! -f "$out/baseline-src/inkwell-app/target/inkwell.jar" ]; then
  rm -rf "$out/baseline-src" && mkdir -p "$out/baseline-src"
  git archive "$baseline" | tar -x -C "$out/baseline-src"
  (cd "$out/baseline-src" && ./mvnw -q -B -o -DskipTests -Dcheckstyle.skip package -pl inkwell-app -am) >"$out/build-baseline.log" 2>&1 \
    || { tail -30 "$out/build-baseline.log"; exit 1; }
  echo "$ref" >"$out/baseline-src/.ref"
fi
jar_current="$here/inkwell-app/target/inkwell.jar" # run in place: their manifests name the libraries beside them
jar_baseline="$out/baseline-src/inkwell-app/target/inkwell.jar"

canvas="$out/canvas-600.png"
photo12="$out/photo-12mp.jpg"
photo40="$out/photo-40mp.jpg"
small="$here/../shared/samples/handwritten-28px/7.png"
[ -f "$canvas" ] || "$JAVA_HOME/bin/java" bench/CanvasPng.java "$canvas"
[ -f "$photo12" ] || "$JAVA_HOME/bin/java" bench/PhotoJpeg.java "$photo12" 4000 3000 12
[ -f "$photo40" ] || "$JAVA_HOME/bin/java" bench/PhotoJpeg.java "$photo40" 7300 5470 20

echo "== CPU time per recognition in one thread (bench/LargePictureCpu.java; $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg)) =="
for build in ${BUILDS:-baseline current}; do
  jar="jar_$build"
  lib="$(dirname "${!jar}")/lib"
  echo "-- $build"
  "$JAVA_HOME/bin/java" -Xmx2g -Djava.awt.headless=true --enable-native-access=ALL-UNNAMED -cp "${!jar}:$lib/*" \
    bench/LargePictureCpu.java "${CPU_RUNS:-20}" "$canvas" "$photo12" "$photo40" 2>&1 | grep -v '^WARNING'
done

[ -n "${SKIP_WRK:-}" ] && exit 0
url="http://127.0.0.1:$port/v1/endpoints/default/predict"
server_pid=""
cleanup() { if [ -n "$server_pid" ]; then kill "$server_pid" 2>/dev/null || true; wait "$server_pid" 2>/dev/null || true; fi; }
trap cleanup EXIT
start() { # jar
  # shellcheck disable=SC2086
  "$JAVA_HOME/bin/java" $opts -jar "$1" serve --port "$port" --model mnist >"$out/server.log" 2>&1 &
  server_pid=$!
  until [ "$(curl -s -o /dev/null -w '%{http_code}' -H 'Content-Type: image/png' --data-binary @"$small" "$url" 2>/dev/null)" = 200 ]; do
    kill -0 "$server_pid" 2>/dev/null || { echo "server died:" >&2; tail -20 "$out/server.log" >&2; exit 1; }
    sleep 0.05
  done
}
stop() { kill "$server_pid"; wait "$server_pid" 2>/dev/null || true; server_pid=""; }
run() { # label connections body content-type
  local t=$(( $2 < 2 ? 1 : 2 ))
  BODY="$3" CONTENT_TYPE="$4" wrk -t"$t" -c"$2" -d"${duration}s" --timeout 10s -s bench/post.lua "$url" \
    | grep '^RESULT' | sed "s/^RESULT/$1/"
}
rss() { awk '/VmRSS/ {printf "%.0f", $2/1024}' "/proc/$server_pid/status"; }
peak() { awk '/VmHWM/ {printf "%.0f", $2/1024}' "/proc/$server_pid/status"; }

echo "== large pictures ($(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg), $(date -u +%Y-%m-%dT%H:%MZ), model mnist, JVM opts '$opts') =="
for round in $(seq "$rounds"); do
  for build in ${BUILDS:-baseline current}; do
    jar="jar_$build"
    start "${!jar}"
    run warm 16 "$canvas" image/png >/dev/null
    run warm 4 "$photo12" image/jpeg >/dev/null
    sleep 1
    for c in 1 16; do run "$build 600x600-png c=$c" "$c" "$canvas" image/png; sleep 1; done
    for c in 1 16; do run "$build 12mp-jpeg   c=$c" "$c" "$photo12" image/jpeg; sleep 1; done
    before=$(rss)
    echo 5 >"/proc/$server_pid/clear_refs" # resets VmHWM to the current RSS
    code=$(curl -s -o "$out/40mp-$build.json" -w '%{http_code}' -H 'Content-Type: image/jpeg' --data-binary @"$photo40" "$url")
    echo "$build 40mp-jpeg   one upload: HTTP $code, RSS before ${before} MB, peak during $(peak) MB (+$(( $(peak) - before )) MB), number $(grep -o '"number" *: *"[0-9]*"' "$out/40mp-$build.json" || echo -)"
    stop
  done
done
