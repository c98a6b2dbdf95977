#!/usr/bin/env bash
# Upload triggers, end to end through the S3 API (boto3 against `inkwell serve --s3-port`, folder buckets, SQLite):
#   1. seed 000: the 60,000-row Kaggle train CSV (made by `datasets convert --header --uuid`) put into a bucket, until
#      the table holds its 60,000 rows; the same file again (nothing added) and under another key (read, 0 added)
#   2. 1,000 PNG uploads as fast as 16 client threads go: end-to-end images/s and upload->result latency p50/p99
#   3. 500 PNG uploads paced at 50/s: upload->result latency p50/p99
# Pictures go up with the AWS SDK for Java (bench/TriggerLoad.java; boto3 costs more CPU per request than the server
# spends on it, and shares the same two cores), after WARM uploads (300) that warm the server up; the burst's client first
# warms itself up (CLIENT_WARM puts of .bin keys no trigger takes, 300), outside the figures. A result's time is its
# results/KEY.json file's modification time (written last); an upload's is when the client began it. The client runs
# on the same cores as the server. CPU per image: the server's (all its threads) and the client's, during the burst.
# Its JIT compiler is still busy after 300 (a fifth to a quarter of the server's CPU during the burst): WARM=2000
# shows the steady state. CLIENT=http puts with the JDK's HTTP client and the SDK's SigV4 signer alone (unsigned
# payload) instead of the SDK's S3 client: ~3.5 ms less client CPU per upload on the same two cores.
#   bench/triggers.sh   Env: PORT (18090), S3_PORT (19090), COUNT (1000), WARM (300), CLIENT_WARM (300), CLIENT (sdk|http)
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
shared="$here/../shared"
port="${PORT:-18090}"
s3_port="${S3_PORT:-19090}"
count="${COUNT:-1000}"
work="$(mktemp -d /tmp/inkwell-triggers-bench.XXXXXX)"
export INKWELL_HOME="$work/home" INKWELL_PROGRESS=none INKWELL_API_KEY=bench-key
export INKWELL_S3_ACCESS_KEY=AKIAINKWELLBENCH0001 INKWELL_S3_SECRET_KEY=bench/secret
store="$work/inkwell.db"
buckets="$work/buckets"
model="$shared/models/mnist-8.onnx"
[ -f "$model" ] || model=mnist
client=(python3 "$here/bench/triggers_client.py" "http://127.0.0.1:$s3_port" "$INKWELL_S3_ACCESS_KEY" "$INKWELL_S3_SECRET_KEY")
for d in "${JAVA_HOME:-}" /usr/lib/jvm/temurin-25-jdk-amd64 /usr/lib/jvm/temurin-2*-jdk-amd64 /usr/lib/jvm/java-2*-openjdk-amd64; do
  if [ -n "$d" ] && [ -x "$d/bin/javac" ]; then export JAVA_HOME="$d"; break; fi
done
load_client=("$JAVA_HOME/bin/java" -Dhttp.maxConnections=64 "-Dclient=${CLIENT:-sdk}" -cp "$here/inkwell-app/target/inkwell.jar:$here/inkwell-app/target/lib/*"
             "$here/bench/TriggerLoad.java" "http://127.0.0.1:$s3_port" "$INKWELL_S3_ACCESS_KEY" "$INKWELL_S3_SECRET_KEY" uploads)
server_pid=
cleanup() { if [ -n "$server_pid" ]; then kill "$server_pid" 2>/dev/null || true; wait "$server_pid" 2>/dev/null || true; fi; rm -rf "$work"; }
trap cleanup EXIT

"$here/inkwell" --version >/dev/null   # build first, outside the timings
echo "making the seed 000 CSV (60,000 rows, header, uuid)..." >&2
"$here/inkwell" datasets convert "$shared/datasets/mnist" --split train -o "$work/mnist-train.csv" --header --uuid
mkdir -p "$buckets/uploads"
"$here/inkwell" triggers create seed000 --bucket uploads --prefix csv/ --suffix .csv --action ingest --table digits --store "$store" --buckets "$buckets" >/dev/null
"$here/inkwell" triggers create seed001 --bucket uploads --prefix incoming/ --suffix .png --action classify --store "$store" --buckets "$buckets" >/dev/null

load="$(cut -d' ' -f1-3 /proc/loadavg)"
"$here/inkwell" serve --port "$port" --s3-port "$s3_port" --store "$store" --buckets "$buckets" --model "default=$model" >"$work/server.log" 2>&1 &
server_pid=$!
until curl -sf "http://127.0.0.1:$port/health/ready" >/dev/null; do
  kill -0 "$server_pid" 2>/dev/null || { echo "server died:" >&2; tail -30 "$work/server.log" >&2; exit 1; }
  sleep 0.1
done
rows() { curl -s -H "X-Api-Key: $INKWELL_API_KEY" "http://127.0.0.1:$port/v1/tables/digits" | python3 -c 'import json,sys; print(json.load(sys.stdin).get("rows", 0))' 2>/dev/null || echo 0; }
now() { date +%s.%N; }

# ---- 1. seed 000 ----
t0=$(now)
put=$("${client[@]}" put-file uploads csv/mnist-train.csv "$work/mnist-train.csv")
t_put=$(now)
until [ "$(rows)" = "60000" ]; do sleep 0.05; done
t_rows=$(now)
"${client[@]}" put-file uploads csv/mnist-train.csv "$work/mnist-train.csv" >/dev/null
sleep 3
rows_again=$(rows)
t1=$(now)
"${client[@]}" put-file uploads csv/again/mnist-train.csv "$work/mnist-train.csv" >/dev/null
until curl -s -H "X-Api-Key: $INKWELL_API_KEY" "http://127.0.0.1:$port/v1/triggers" | python3 -c 'import json,sys; q=json.load(sys.stdin)["runtime"]["queue"]; sys.exit(0 if q.get("done",0)>=2 else 1)'; do sleep 0.05; done
t_again=$(now)
rows_other_key=$(rows)

# ---- 2. burst, 3. paced ----
wait_results() { # prefix n
  until [ "$(find "$buckets/uploads/results/$1" -name '*.png.json' 2>/dev/null | wc -l)" -ge "$2" ]; do sleep 0.05; done
}
"${load_client[@]}" incoming/warm/ "$shared/samples/handwritten-28px" "${WARM:-300}" 16 0 >/dev/null
wait_results incoming/warm "${WARM:-300}"
load_burst="$(cut -d' ' -f1-3 /proc/loadavg)"
cpu() { awk '{print $14 + $15}' "/proc/$1/stat"; }   # user + system clock ticks of a process, all its threads
"${load_client[@]}" incoming/burst/ "$shared/samples/handwritten-28px" "$count" 16 0 "$work/go" "${CLIENT_WARM:-300}" >"$work/burst.json" &
client_pid=$!
until [ -e "$work/go.ready" ]; do kill -0 "$client_pid" 2>/dev/null || { echo "the load client died" >&2; exit 1; }; sleep 0.05; done
server_cpu0=$(cpu "$server_pid")
touch "$work/go"
wait "$client_pid"
burst=$(cat "$work/burst.json")
wait_results incoming/burst "$count"
server_ms=$(( ($(cpu "$server_pid") - server_cpu0) * 1000 / $(getconf CLK_TCK) ))
client_ms=$(python3 -c 'import json,sys; print(json.load(sys.stdin)["cpu_ms"])' <<<"$burst")
paced=$("${load_client[@]}" incoming/paced/ "$shared/samples/handwritten-28px" 500 8 50)
wait_results incoming/paced 500
status=$(curl -s -H "X-Api-Key: $INKWELL_API_KEY" "http://127.0.0.1:$port/v1/triggers")

python3 - "$buckets/uploads/results" "$burst" "$paced" "$status" <<PY
import json, os, sys
root, burst, paced, status = sys.argv[1], json.loads(sys.argv[2]), json.loads(sys.argv[3]), json.loads(sys.argv[4])
def latencies(run):
    lat, last = [], 0
    for key, began in run["started"].items():
        done = os.stat(os.path.join(root, key + ".json")).st_mtime  # results/KEY.json, written after KEY.txt
        lat.append(done - began)
        last = max(last, done)
    lat.sort()
    return lat, last
def pct(l, p): return l[min(len(l) - 1, int(round(p / 100 * (len(l) - 1))))]
seed = dict(put=float("$t_put") - float("$t0"), rows=float("$t_rows") - float("$t0"), after_put=float("$t_rows") - float("$t_put"),
            again=float("$t_again") - float("$t1"))
print("machine: %d cores, load average before the runs %s" % (os.cpu_count(), "$load"))
print("seed 000: 60,000-row CSV (%s MB) put with boto3 -> 60,000 rows in table digits: %.2f s (upload %.2f s, then %.2f s to the last row)"
      % (round(os.path.getsize("$work/mnist-train.csv") / 1e6, 1), seed["rows"], seed["put"], seed["after_put"]))
print("seed 000: the same object put again: table holds %s rows (nothing added); the file under another key: read in %.2f s, table holds %s rows"
      % ("$rows_again", seed["again"], "$rows_other_key"))
lat, last = latencies(burst)
first = min(burst["started"].values())
print("load average before the burst: %s" % "$load_burst")
print("burst: %d PNG uploads (16 client threads): %d ok, %d failed; uploads took %.2f s; all results after %.2f s: %.0f images/s end to end"
      % ($count, burst["ok"], len(burst["failed"]), burst["seconds"], last - first, burst["ok"] / (last - first)))
print("burst: upload->result latency p50 %.0f ms, p99 %.0f ms, max %.0f ms" % (pct(lat, 50) * 1000, pct(lat, 99) * 1000, lat[-1] * 1000))
server_ms, client_ms = $server_ms / $count, $client_ms / $count
print("burst: CPU per image: server %.1f ms (S3 API, queue, classify, results), client %.1f ms; two idle cores could take %.0f images/s "
      "with the client elsewhere, %.0f with it on them" % (server_ms, client_ms, 2000 / server_ms, 2000 / (server_ms + client_ms)))
lat, last = latencies(paced)
print("paced: 500 PNG uploads at 50/s: upload->result latency p50 %.0f ms, p99 %.0f ms, max %.0f ms" % (pct(lat, 50) * 1000, pct(lat, 99) * 1000, lat[-1] * 1000))
print("queue: %s" % json.dumps(status["runtime"]["queue"]))
PY
