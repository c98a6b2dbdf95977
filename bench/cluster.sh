#!/usr/bin/env bash
# The failure test of the cluster mode (issue 16), on this machine: PostgreSQL (Debian's, a fresh cluster in a temp
# folder, as the tests start it), Inkwell's own S3 API (`serve --s3-port`, a
# process of its own over a folder) as the S3 server, three `inkwell serve`
# replicas on both (processes), HAProxy in front (health checks on /health/ready, L7 retries, redispatch). Then
# bench/cluster_driver.py: DURATION s of mixed load (predictions through HAProxy with wrk, PNG uploads with a classify
# trigger, CSV uploads with an ingest trigger, workflow executions), kill -9 of replica 2 at 20 s, an alias move at
# 30 s, replica 2 started again at 40 s; then it waits for the work to drain and checks that every upload has one
# result, every CSV row is in its table once, every execution succeeded, and how many predictions failed.
# The last line is the summary:
#   SUMMARY uploads=N results=N duplicates=0 lost=0 rows=N/N executions=N/N failed_requests=N alias_converged_ms=N
# Leases are shortened for the run (config below: trigger work 6 s, workflow executions 6 s) so that the killed
# replica's work is taken over within the run; S3 prefixes are polled every second.
#   bench/cluster.sh    Env: DURATION (60), RETRIES (3: HAProxy's retries; 0 shows what clients see without them),
#                            BASE_PORT (18500), SKIP_BUILD (use the jar as built), KEEP_TMP (keep the temp folder: logs), and cluster_driver.py's
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$here"
shared="$here/../shared"
base="${BASE_PORT:-18500}"
lb_port=$base; s3_port=$((base + 1)); pg_port=$((base + 2)); ports=($((base + 11)) $((base + 12)) $((base + 13)))
retries="${RETRIES:-3}"
for d in "${JAVA_HOME:-}" /usr/lib/jvm/temurin-25-jdk-amd64 /usr/lib/jvm/temurin-2*-jdk-amd64 /usr/lib/jvm/java-2*-openjdk-amd64; do
  if [ -n "$d" ] && [ -x "$d/bin/javac" ]; then export JAVA_HOME="$d"; break; fi
done
pg_bin="$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)"
tmp="$(mktemp -d /tmp/inkwell-cluster.XXXXXX)"
chmod 755 "$tmp"
export INKWELL_HOME="$tmp/home" INKWELL_PROGRESS=none INKWELL_API_KEY="cluster-$$"
export INKWELL_S3_ACCESS_KEY=AKIAINKWELLCLUSTER01 INKWELL_S3_SECRET_KEY=cluster/secret/key
export INKWELL_S3_ENDPOINT="http://127.0.0.1:$s3_port"
store="jdbc:postgresql://127.0.0.1:$pg_port/postgres?user=inkwell"
buckets="s3://?endpoint=$INKWELL_S3_ENDPOINT"
model="$shared/models/mnist-8.onnx"; [ -f "$model" ] || model=mnist
flags="${JVM_FLAGS:-"-XX:+UseSerialGC -Xms64m -Xmx256m -XX:+UseCompactObjectHeaders -XX:TieredStopAtLevel=1 -Xlog:cds=off"}"
jar="$here/inkwell-app/target/inkwell.jar"
pids=()
pg_pid=""
as_pg() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
cleanup() {
  for p in "${pids[@]}" $(cat "$tmp/replica.pids" 2>/dev/null || true); do kill "$p" 2>/dev/null || true; done
  if [ -n "$pg_pid" ]; then as_pg "$pg_bin/pg_ctl" -D "$tmp/pg/data" stop -m immediate >/dev/null 2>&1 || kill "$pg_pid" 2>/dev/null || true; fi
  wait 2>/dev/null || true
  [ -n "${KEEP_TMP:-}" ] && echo "kept $tmp" >&2 || rm -rf "$tmp"
}
trap cleanup EXIT

echo "building..." >&2
[ -n "${SKIP_BUILD:-}" ] || ./mvnw -q -B -o -DskipTests package -pl inkwell-app -am >"$tmp/build.log" 2>&1 || { tail -30 "$tmp/build.log"; exit 1; }

# ---- PostgreSQL: a fresh cluster, trust auth, no fsync (as inkwell-store's PostgresServer starts it) ----
mkdir -p "$tmp/pg"
[ "$(id -u)" = 0 ] && chown postgres "$tmp/pg"
as_pg "$pg_bin/initdb" -D "$tmp/pg/data" -A trust -U inkwell -E UTF8 --no-sync --no-instructions >"$tmp/initdb.log" 2>&1
as_pg "$pg_bin/postgres" -D "$tmp/pg/data" -p "$pg_port" -k "$tmp/pg" -c listen_addresses=127.0.0.1 -c fsync=off \
  -c synchronous_commit=off -c full_page_writes=off -c max_connections=200 >"$tmp/postgres.log" 2>&1 &
pg_pid=$!
until psql -h 127.0.0.1 -p "$pg_port" -U inkwell -d postgres -tAc 'SELECT 1' >/dev/null 2>&1; do
  kill -0 "$pg_pid" 2>/dev/null || { cat "$tmp/postgres.log" >&2; exit 1; }; sleep 0.1
done

# ---- the S3 server: Inkwell's own S3 API (serve --s3-port) over a folder, a process of its own with its own SQLite
# store and no triggers: it only stores objects. (S3Proxy, on Inkwell's class path for the tests, does not run
# standalone on the application's: its Jetty wants a newer servlet API than Javalin's.)
mkdir -p "$tmp/s3/uploads" "$tmp/s3/models" "$tmp/s3/captures" "$tmp/s3/monitoring"
# shellcheck disable=SC2086
"$JAVA_HOME/bin/java" $flags --enable-native-access=ALL-UNNAMED -jar "$jar" serve --host 127.0.0.1 --port "$((base + 3))" \
  --s3-port "$s3_port" --store "$tmp/s3.db" --buckets "$tmp/s3" --triggers off --model "default=$model" >"$tmp/s3.log" 2>&1 &
pids+=($!)
until curl -s -o /dev/null "http://127.0.0.1:$s3_port/"; do kill -0 "${pids[-1]}" 2>/dev/null || { tail -20 "$tmp/s3.log" >&2; exit 1; }; sleep 0.2; done

# ---- data: buckets, models, the endpoint, triggers, a workflow (through the CLI on the shared store) ----
cli() { "$JAVA_HOME/bin/java" -XX:TieredStopAtLevel=1 -Xlog:cds=off --enable-native-access=ALL-UNNAMED -jar "$jar" "$@" --store "$store" --buckets "$buckets" 2>>"$tmp/cli.log"; }
echo "registering digits 1 (mnist), 2 (mnist-compact); endpoint web follows digits@champion; triggers; CSV rows..." >&2
cli models register digits --from mnist --alias champion >/dev/null
cli models register digits --from mnist-compact >/dev/null
cli endpoints create web --variant main=digits@champion >/dev/null
cli triggers create classify --bucket uploads --prefix incoming/ --suffix .png --action classify >/dev/null
cli triggers create ingest --bucket uploads --prefix csv/ --suffix .csv --action ingest --table digits >/dev/null
"$JAVA_HOME/bin/java" -XX:TieredStopAtLevel=1 -Xlog:cds=off -jar "$jar" datasets convert "$shared/datasets/mnist" --split test \
  -o "$tmp/rows.csv" --header --uuid-start 900001 2>>"$tmp/cli.log"
cat >"$tmp/serve.json" <<JSON
{"triggers": {"leaseMs": 6000, "bucketPollMs": 1000}, "workflows": {"leaseMs": 6000, "recoveryMs": 1000}}
JSON

# ---- replicas ----
start_replica() { # INDEX (0-based): starts it, appends/replaces its pid in replica.pids
  local i=$1
  # shellcheck disable=SC2086
  "$JAVA_HOME/bin/java" $flags --enable-native-access=ALL-UNNAMED -jar "$jar" serve --host 127.0.0.1 --port "${ports[$i]}" \
    --config "$tmp/serve.json" --store "$store" --buckets "$buckets" --model "default=$model" --triggers on \
    >>"$tmp/replica-$((i + 1)).log" 2>&1 &
  local pid=$!
  if [ -f "$tmp/replica.pids" ]; then
    mapfile -t old < <(tr ' ' '\n' <"$tmp/replica.pids" | grep -v '^$'); old[$i]=$pid; echo "${old[*]}" >"$tmp/replica.pids"
  else echo -n "$pid " >>"$tmp/replica.pids.new"; fi
}
wait_ready() { # PORT
  local n=0
  until curl -sf "http://127.0.0.1:$1/health/ready" >/dev/null; do sleep 0.1; n=$((n + 1)); [ $n -lt 1800 ] || { echo "replica on $1 not ready" >&2; exit 1; }; done
}
for i in 0 1 2; do start_replica "$i"; done
mv "$tmp/replica.pids.new" "$tmp/replica.pids"
for p in "${ports[@]}"; do wait_ready "$p"; done
curl -sf -X POST -H "X-Api-Key: $INKWELL_API_KEY" -H 'Content-Type: application/json' "http://127.0.0.1:${ports[0]}/v1/workflows" \
  -d '{"name": "cluster", "definition": {"StartAt": "Wait", "States": {"Wait": {"Type": "Wait", "Seconds": 1, "Next": "Done"}, "Done": {"Type": "Pass", "End": true}}}}' >/dev/null

# ---- HAProxy ----
cat >"$tmp/haproxy.cfg" <<CFG
global
  maxconn 2000
defaults
  mode http
  timeout connect 1s
  timeout client 60s
  timeout server 30s
  retries $retries
  option redispatch 1
  option http-buffer-request
  retry-on all-retryable-errors
frontend inkwell
  bind 127.0.0.1:$lb_port
  default_backend replicas
backend replicas
  balance roundrobin
  option httpchk GET /health/ready
  http-check expect status 200
  timeout check 5s
  default-server inter 1s fall 3 rise 2
  server r1 127.0.0.1:${ports[0]} check
  server r2 127.0.0.1:${ports[1]} check
  server r3 127.0.0.1:${ports[2]} check
CFG
[ "$retries" = 0 ] && sed -i '/retry-on/d; /redispatch/d' "$tmp/haproxy.cfg"
haproxy -f "$tmp/haproxy.cfg" -db >"$tmp/haproxy.log" 2>&1 &
pids+=($!)
until curl -sf "http://127.0.0.1:$lb_port/health/ready" >/dev/null; do sleep 0.1; done
# each replica serves web before the load starts
for p in "${ports[@]}"; do
  until [ "$(curl -s -o /dev/null -w '%{http_code}' -H 'Content-Type: image/png' --data-binary @"$shared/samples/handwritten-28px/7.png" \
    "http://127.0.0.1:$p/v1/endpoints/web/predict")" = 200 ]; do sleep 0.2; done
done

declare -f start_replica >"$tmp/restart.sh"
{ echo "flags='$flags' jar='$jar' tmp='$tmp' store='$store' buckets='$buckets' model='$model' JAVA_HOME='$JAVA_HOME'"
  echo "ports=(${ports[*]})"; echo "start_replica 1"; } >>"$tmp/restart.sh"

echo "== cluster failure test: 3 replicas (processes) on PostgreSQL $("$pg_bin/postgres" --version | awk '{print $3}') + an S3 server (Inkwell's S3 API over a folder), HAProxy $(haproxy -v | head -1 | awk '{print $3}') (retries $retries); $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg), $(date -u +%Y-%m-%dT%H:%MZ) =="
LB_URL="http://127.0.0.1:$lb_port" REPLICA_URLS="$(printf 'http://127.0.0.1:%s ' "${ports[@]}")" PIDS_FILE="$tmp/replica.pids" \
  RESTART_CMD="source '$tmp/restart.sh'" S3_URL="$INKWELL_S3_ENDPOINT" PG_PORT="$pg_port" SAMPLES="$shared/samples/handwritten-28px" \
  CSV_SOURCE="$tmp/rows.csv" python3 bench/cluster_driver.py
echo "load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)" >&2
