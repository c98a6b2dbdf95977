#!/usr/bin/env bash
# A single-variant stored endpoint against the command-line endpoint (issue 13, Proof: bench/serve.sh's figures
# unchanged within noise). Same network on both sides (the bundled mnist):
#   cli:    inkwell serve --model mnist                       -> /v1/endpoints/default/predict
#   stored: inkwell serve --store … (fresh SQLite registry)   -> /v1/endpoints/web/predict, web = main=digits:1
# Rounds alternate the two (cli/stored, then stored/cli, …); each starts its server, warms it up (6 s, 16 clients),
# runs bench/serve.sh's paced load (10 connections, 19 ms think time: ~480 req/s on an idle machine; p50/p99) and
# 32 clients (req/s, p99, server CPU ms per request: less moved by other work on a shared machine than latency), reads
# RSS, and then the server's CPU over 5 s without requests (idle ms/s: background work such as the store watcher and
# trigger workers, and what the JIT still compiles).
# Prints every run, the medians and stored/cli ratios.
# Usage: bench/stored-vs-cli.sh
# Env: ROUNDS (3), DURATION (s per measured run, 10), PORT (18395).
set -euo pipefail
# shellcheck source=bench/registry-lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/registry-lib.sh"
rounds="${ROUNDS:-3}"; duration="${DURATION:-10}"; port="${PORT:-18395}"
base="http://127.0.0.1:$port"
load_start="$(loadavg)"

echo "registering digits 1 (mnist), creating the endpoint web..." >&2
cli models register digits --from mnist >/dev/null
cli endpoints create web --variant main=digits:1:100 >/dev/null

rows=()
declare -A col=()  # "<side> <field>" -> values, space-separated
cpu_ms() { awk -v hz="$(getconf CLK_TCK)" '{printf "%.0f", ($14 + $15) * 1000 / hz}' "/proc/$server_pid/stat"; } # server CPU so far
one() { # cli|stored
  local side="$1" url log="$out/stored-vs-cli-$1.log"
  if [ "$side" = cli ]; then start_server "$log" "$port" --model mnist; url="$base/v1/endpoints/default/predict"
  else start_server "$log" "$port" "${store_args[@]}"; url="$base/v1/endpoints/web/predict"; fi
  wait_predict "$url" "$log"
  wrk_result warmup 16 6 "$url" >/dev/null; sleep 1
  local paced c32 rss cpu0 idle cpu
  paced="$(wrk_result paced 10 "$duration" "$url" 19)"; sleep 1
  cpu0="$(cpu_ms)"
  c32="$(wrk_result c32 32 "$duration" "$url")"
  cpu="$(awk -v c="$(( $(cpu_ms) - cpu0 ))" -v n="$(field requests <<<"$c32")" 'BEGIN {printf "%.3f", c / n}')"
  rss="$(awk '/VmRSS/ {printf "%.0f", $2/1024}' "/proc/$server_pid/status")"
  sleep 2; cpu0="$(cpu_ms)"; sleep 5; idle="$(( ($(cpu_ms) - cpu0) / 5 ))"  # CPU ms per second with no requests
  stop_server
  local failed=$(( $(field non2xx <<<"$paced") + $(field errors <<<"$paced") + $(field non2xx <<<"$c32") + $(field errors <<<"$c32") ))
  rows+=("$(printf '%-5s %-7s %9s %9s %9s | %9s %9s %8s | %7s %6s %6s' "$round" "$side" "$(field rps <<<"$paced")" "$(field p50_ms <<<"$paced")" \
    "$(field p99_ms <<<"$paced")" "$(field rps <<<"$c32")" "$(field p99_ms <<<"$c32")" "$cpu" "$idle" "$rss" "$failed")")
  col["$side paced_p50"]+="$(field p50_ms <<<"$paced") "; col["$side paced_p99"]+="$(field p99_ms <<<"$paced") "
  col["$side c32_rps"]+="$(field rps <<<"$c32") "; col["$side c32_p99"]+="$(field p99_ms <<<"$c32") "; col["$side rss"]+="$rss "
  col["$side c32_cpu_ms_per_req"]+="$cpu "; col["$side idle_cpu_ms_per_s"]+="$idle "
}
for round in $(seq "$rounds"); do
  if (( round % 2 )); then one cli; one stored; else one stored; one cli; fi
done
load_end="$(loadavg)"

echo "== stored single-variant endpoint vs serve --model ($(nproc) cores, $(date -u +%Y-%m-%dT%H:%MZ), load average at start $load_start, at end $load_end; $rounds rounds, ${duration} s per run, bundled mnist) =="
printf '%-5s %-7s %9s %9s %9s | %9s %9s %8s | %7s %6s %6s\n' round side "paced/s" p50_ms p99_ms "c32 req/s" p99_ms "cpu_ms/r" "idle/s" RSS_MB failed
printf '%s\n' "${rows[@]}"
printf '%-20s %10s %10s %8s\n' median cli stored stored/cli
for f in paced_p50 paced_p99 c32_rps c32_p99 c32_cpu_ms_per_req idle_cpu_ms_per_s rss; do
  # shellcheck disable=SC2086
  a="$(printf '%s\n' ${col["cli $f"]} | median)"; b="$(printf '%s\n' ${col["stored $f"]} | median)"
  printf '%-20s %10s %10s %8s\n' "$f" "$a" "$b" "$(awk -v a="$a" -v b="$b" 'BEGIN {if (a > 0) printf "%.3f", b / a; else print "-"}')"
done
