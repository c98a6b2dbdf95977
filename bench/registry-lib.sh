# Shared by bench/alias-moves.sh, bench/shadow-p99.sh and bench/stored-vs-cli.sh (sourced, not run): a JDK, wrk,
# the application jar, a fresh registry (SQLite file + folder buckets in a temp dir) and servers on it.
# Sets: here, out, tmp, store_args (--store/--buckets), small (28x28 PNG), flags (serving JVM flags of bench/serve-ab.sh).
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$here"
out="$here/bench/out"
mkdir -p "$out"
for d in "${JAVA_HOME:-}" /usr/lib/jvm/temurin-25-jdk-amd64 /usr/lib/jvm/temurin-2*-jdk-amd64 /usr/lib/jvm/java-2*-openjdk-amd64; do
  if [ -n "$d" ] && [ -x "$d/bin/javac" ]; then export JAVA_HOME="$d"; break; fi
done
command -v wrk >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null; }
command -v jq >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq jq >/dev/null; }
echo "building..." >&2
./mvnw -q -B -DskipTests package -pl inkwell-app -am >"$out/build.log" 2>&1 || { tail -30 "$out/build.log"; exit 1; }

# the serving flags of bench/serve-ab.sh (bench/serve.sh's, without its CDS archive)
flags="${JVM_FLAGS:-"-XX:+UseSerialGC -Xms128m -Xmx128m -Xmn64m -XX:+UseCompactObjectHeaders -Xlog:cds=off"}"
small="$here/../shared/samples/handwritten-28px/7.png"
tmp="$(mktemp -d "${TMPDIR:-/tmp}/inkwell-bench.XXXXXX")"
export INKWELL_HOME="$tmp/home"          # native-library and model caches of this run only
export INKWELL_API_KEY="bench-$$"        # management routes (alias moves, endpoint updates)
store_args=(--store "$tmp/registry.db" --buckets "$tmp/buckets")
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; wait "$p" 2>/dev/null || true; done
  [ -n "${KEEP_TMP:-}" ] || rm -rf "$tmp"
}
trap cleanup EXIT

cli() { # inkwell command line on the bench registry (the jar just built; no launcher rebuild check)
  # shellcheck disable=SC2086
  "$JAVA_HOME/bin/java" -XX:TieredStopAtLevel=1 -Xlog:cds=off --enable-native-access=ALL-UNNAMED \
    -jar inkwell-app/target/inkwell.jar "$@" "${store_args[@]}" 2>>"$out/registry-cli.log"
}

# start_server LOG PORT SERVE-ARGS...: starts a server, sets server_pid; wait_predict then waits for a 200.
start_server() {
  local log="$1" port="$2"; shift 2
  # shellcheck disable=SC2086
  "$JAVA_HOME/bin/java" $flags --enable-native-access=ALL-UNNAMED -jar inkwell-app/target/inkwell.jar serve \
    --port "$port" "$@" >"$log" 2>&1 &
  server_pid=$!
  pids+=("$server_pid")
}
stop_server() {
  kill "$server_pid" 2>/dev/null || true; wait "$server_pid" 2>/dev/null || true
}
wait_predict() { # URL LOG: until a prediction answers 200
  local tries=0 answer
  until [ "$(curl -s -o "$tmp/answer" -w '%{http_code}' -H 'Content-Type: image/png' --data-binary @"$small" "$1")" = 200 ]; do
    sleep 0.1; tries=$((tries + 1)); answer="$(cat "$tmp/answer" 2>/dev/null || true)"
    if [[ "$answer" == *"is not serving: "* ]]; then echo "$1: $answer" >&2; exit 1; fi  # its deploy failed
    if [ $tries -gt 1200 ] || ! kill -0 "$server_pid" 2>/dev/null; then echo "server did not answer $1:" >&2; tail -20 "$2" >&2; exit 1; fi
  done
}
manage() { # METHOD URL [JSON]: a management call; prints the body, fails on non-2xx
  curl -sf -X "$1" -H "X-Api-Key: $INKWELL_API_KEY" -H 'Content-Type: application/json' ${3:+-d "$3"} "$2"
}
wrk_result() { # label connections duration url [delay_ms] -> one RESULT line from bench/post.lua, relabelled
  local label="$1" c="$2" d="$3" url="$4" pause="${5:-0}"
  BODY="$small" DELAY_MS="$pause" wrk -t2 -c"$c" -d"${d}s" --timeout 5s -s bench/post.lua "$url" | grep '^RESULT' | sed "s/^RESULT/$label/"
}
field() { grep -o "$1=[0-9.]*" | cut -d= -f2; } # field NAME < RESULT line
median() { sort -g | awk '{a[NR]=$1} END {if (NR % 2) print a[(NR+1)/2]; else printf "%.3f\n", (a[NR/2]+a[NR/2+1])/2}'; }
loadavg() { cut -d' ' -f1-3 /proc/loadavg; }
