#!/usr/bin/env bash
# Does a shadow slow the primary answer? (issue 13, Proof: primary p99 within 0.5 ms of shadow off.)
# One `inkwell serve --store …` on a fresh registry serves two stored endpoints with the same primary, digits:1
# (bundled mnist, one loaded network shared by both): `plain`, and `shadowed` whose shadow reads 100 % of the traffic
# with digits:2 (SHADOW_FROM, default the bundled mnist-compact; fashion-mnist costs what the primary does).
# Rounds alternate the two (off/on, then on/off, …) under bench/serve.sh's paced load (10 connections, 19 ms think
# time each: about 480 req/s on an idle machine) and print p50/p99 of each run, the medians and the difference, what
# the shadow read and dropped in each run (more than one reading per core at once is dropped, never queued), and the
# server's CPU per request (less moved by other work on a shared machine than latency).
# Usage: bench/shadow-p99.sh
# Env: ROUNDS (4), DURATION (s per paced run, 10), PORT (18394), SHADOW_FROM (mnist-compact).
set -euo pipefail
# shellcheck source=bench/registry-lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/registry-lib.sh"
rounds="${ROUNDS:-4}"; duration="${DURATION:-10}"; port="${PORT:-18394}"; shadow_from="${SHADOW_FROM:-mnist-compact}"
base="http://127.0.0.1:$port"
load_start="$(loadavg)"

echo "registering digits 1 (mnist) and 2 ($shadow_from)..." >&2
cli models register digits --from mnist >/dev/null
cli models register digits --from "$shadow_from" >/dev/null
cli endpoints create plain --variant main=digits:1:100 >/dev/null
cli endpoints create shadowed --variant main=digits:1:100 --shadow 'candidate=digits:2:100%' >/dev/null

log="$out/shadow-p99-server.log"
start_server "$log" "$port" "${store_args[@]}"
wait_predict "$base/v1/endpoints/plain/predict" "$log"
wait_predict "$base/v1/endpoints/shadowed/predict" "$log"
echo "warming up (6 s, 16 connections, each endpoint)..." >&2
wrk_result warmup 16 6 "$base/v1/endpoints/plain/predict" >/dev/null
wrk_result warmup 16 6 "$base/v1/endpoints/shadowed/predict" >/dev/null
sleep 1

rows=(); off_p50=(); off_p99=(); on_p50=(); on_p99=(); off_cpu=(); on_cpu=(); diffs=()
shadow_counts() { # -> "read dropped" of the shadowed endpoint's shadow so far (Prometheus counters)
  curl -s "$base/metrics" | awk '
    /^inkwell_variant_requests_total\{endpoint="shadowed",shadow="true"/ {r += $2}
    /^inkwell_shadow_dropped_total\{endpoint="shadowed"/ {d += $2}
    END {printf "%.0f %.0f", r, d}'
}
cpu_ms() { awk -v hz="$(getconf CLK_TCK)" '{printf "%.0f", ($14 + $15) * 1000 / hz}' "/proc/$server_pid/stat"; } # server CPU so far
paced() { # off|on -> sets r, cpu (server CPU ms per request, the second after the run included), and shadow (what the shadow read and dropped during the run)
  local ep=plain before after; [ "$1" = on ] && ep=shadowed
  before="$(shadow_counts)"; local cpu0; cpu0="$(cpu_ms)"
  r="$(wrk_result "$1" 10 "$duration" "$base/v1/endpoints/$ep/predict" 19)"
  sleep 1  # let what the run left queued (shadow readings included) finish
  after="$(shadow_counts)"
  cpu="$(awk -v c="$(( $(cpu_ms) - cpu0 ))" -v n="$(field requests <<<"$r")" 'BEGIN {printf "%.3f", c / n}')"
  shadow="$(awk -v a="$after" -v b="$before" 'BEGIN {split(a, x, " "); split(b, y, " "); printf "%d %d", x[1] - y[1], x[2] - y[2]}')"
}
for round in $(seq "$rounds"); do
  if (( round % 2 )); then order=(off on); else order=(on off); fi
  declare -A p99=()
  for side in "${order[@]}"; do
    paced "$side"
    read -r sread sdrop <<<"$shadow"; [ "$side" = on ] || { sread=-; sdrop=-; }
    rows+=("$(printf '%-5s %-10s %8s %8s %9s %8s %6s %11s %12s %11s' "$round" "shadow $side" "$(field rps <<<"$r")" "$(field p50_ms <<<"$r")" \
      "$(field p99_ms <<<"$r")" "$(field requests <<<"$r")" "$(( $(field non2xx <<<"$r") + $(field errors <<<"$r") ))" "$sread" "$sdrop" "$cpu")")
    p99[$side]="$(field p99_ms <<<"$r")"
    if [ "$side" = off ]; then off_p50+=("$(field p50_ms <<<"$r")"); off_p99+=("${p99[off]}"); off_cpu+=("$cpu")
    else on_p50+=("$(field p50_ms <<<"$r")"); on_p99+=("${p99[on]}"); on_cpu+=("$cpu"); fi
  done
  diffs+=("$(awk -v a="${p99[on]}" -v b="${p99[off]}" 'BEGIN {printf "%+.3f", a - b}')")
  unset p99
done
load_end="$(loadavg)"
metrics="$(curl -s "$base/metrics")"
count() { grep "^$1{" <<<"$metrics" | grep "$2" | awk '{s += $2} END {printf "%.0f", s}'; }

m() { printf '%s\n' "$@" | median; }
echo "== shadow on/off, paced ~480 req/s ($(nproc) cores, $(date -u +%Y-%m-%dT%H:%MZ), load average at start $load_start, at end $load_end; $rounds rounds of ${duration} s each side; primary digits:1 mnist, shadow digits:2 $shadow_from at 100 %) =="
printf '%-5s %-10s %8s %8s %9s %8s %6s %11s %12s %11s\n' round side req/s p50_ms p99_ms requests failed shadow_read shadow_dropped cpu_ms/req
printf '%s\n' "${rows[@]}"
mp50_off="$(m "${off_p50[@]}")"; mp99_off="$(m "${off_p99[@]}")"; mp50_on="$(m "${on_p50[@]}")"; mp99_on="$(m "${on_p99[@]}")"
echo "median p50: off $mp50_off ms, on $mp50_on ms ($(awk -v a="$mp50_on" -v b="$mp50_off" 'BEGIN {printf "%+.3f", a - b}') ms)"
echo "median p99: off $mp99_off ms, on $mp99_on ms ($(awk -v a="$mp99_on" -v b="$mp99_off" 'BEGIN {printf "%+.3f", a - b}') ms; target within 0.5 ms)"
echo "p99 on - off per round: ${diffs[*]} ms"
mc_off="$(m "${off_cpu[@]}")"; mc_on="$(m "${on_cpu[@]}")"
echo "median server CPU per request: off $mc_off ms, on $mc_on ms (x$(awk -v a="$mc_on" -v b="$mc_off" 'BEGIN {printf "%.2f", a / b}'))"
echo "shadowed endpoint since start (warm-up included): primary answered $(count inkwell_variant_requests_total 'endpoint="shadowed",shadow="false"'), shadow read $(count inkwell_variant_requests_total 'endpoint="shadowed",shadow="true"') ($(count inkwell_shadow_readings_total 'agreed="true",endpoint="shadowed"') agreed with the answer), dropped $(count inkwell_shadow_dropped_total 'endpoint="shadowed"') (more than $(nproc) readings at once are dropped, never queued)"
echo "server log: $log"
