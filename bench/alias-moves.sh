#!/usr/bin/env bash
# Zero-downtime alias moves under load (issue 13, Proof): a fresh registry (SQLite file and folder buckets in a temp
# dir) with two versions of `digits` (1: bundled mnist, 2: bundled mnist-compact) and a third whose stored file is
# then damaged (registration checks a model, so the damage comes after); a stored endpoint `web` following
# digits@champion; `inkwell serve --store …`; wrk posts a 28x28 PNG for DURATION s with 16 connections while the
# alias moves 10 times between versions 1 and 2, and once, after the 5th move, to the damaged version 3 and back.
# Prints: requests, non-2xx and socket errors (target 0), answers per version (only 1 and 2 expected), each move's
# time until the endpoint describes the new version, and the endpoint as it stood after the broken step (it must
# keep serving and say why the deploy failed).
# Usage: bench/alias-moves.sh
# Env: DURATION (s of load, default 30), CONNECTIONS (16), PORT (18393),
#      MOVER=http (default: PUT /v1/models/digits/aliases/champion with the API key) or cli (`inkwell models alias`,
#      a separate process on the same store: slower to start, so give it a longer DURATION on a busy machine).
set -euo pipefail
# shellcheck source=bench/registry-lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/registry-lib.sh"
duration="${DURATION:-30}"; conns="${CONNECTIONS:-16}"; port="${PORT:-18393}"; mover="${MOVER:-http}"
base="http://127.0.0.1:$port"
load_start="$(loadavg)"

echo "registering digits 1 (mnist), 2 (mnist-compact), 3 (fashion-mnist, to be damaged)..." >&2
cli models register digits --from mnist --alias champion >/dev/null
cli models register digits --from mnist-compact >/dev/null
broken_sha="$(cli models register digits --from fashion-mnist --json | jq -r .sha256)"
blob="$tmp/buckets/models/sha256/$broken_sha/model.onnx"
[ -f "$blob" ] || { echo "no stored file at $blob" >&2; exit 1; }
printf 'damaged' >"$blob"
rm -rf "$INKWELL_HOME/cache/registry/$broken_sha"
cli endpoints create web --variant main=digits@champion >/dev/null

log="$out/alias-moves-server.log"
start_server "$log" "$port" "${store_args[@]}"
wait_predict "$base/v1/endpoints/web/predict" "$log"
version_now() { curl -s "$base/v1/endpoints/web" | jq -r '.variants[0].model.version'; }
move() { # VERSION: point champion at it
  if [ "$mover" = cli ]; then cli models alias digits "$1" champion >/dev/null
  else manage PUT "$base/v1/models/digits/aliases/champion" "{\"version\": $1}" >/dev/null; fi
}
wait_until() { # SECONDS COMMAND...: polls every 20 ms; 1 when it timed out
  local deadline=$(( $(date +%s%N) + $1 * 1000000000 )); shift
  until "$@"; do [ "$(date +%s%N)" -lt "$deadline" ] || return 1; sleep 0.02; done
}
is_version() { [ "$(version_now)" = "$1" ]; }
has_failure() { curl -s "$base/v1/endpoints/web" | jq -e '.failure != null' >/dev/null; }

echo "warming up (5 s, $conns connections)..." >&2
wrk_result warmup "$conns" 5 "$base/v1/endpoints/web/predict" >/dev/null

wrk_out="$out/alias-moves-wrk.txt"
BODY="$small" wrk -t2 -c"$conns" -d"${duration}s" --timeout 5s -s bench/versions.lua "$base/v1/endpoints/web/predict" >"$wrk_out" &
wrk_pid=$!
# 11 alias steps (10 moves, the broken one) on a schedule over the run: a slow deploy eats into the next pause
t_load=$(date +%s%N); gap_ns=$(( (duration - 3) * 1000000000 / 11 ))
pause_until() { local wait_ns=$(( $1 - $(date +%s%N) )); [ "$wait_ns" -le 0 ] || sleep "$(awk -v n="$wait_ns" 'BEGIN {printf "%.3f", n / 1e9}')"; }
moves=(); broken_state=""; broken_predict=""; late=0
step=0
for i in $(seq 10); do
  pause_until $(( t_load + 1000000000 + step * gap_ns )); step=$((step + 1))
  target=$(( i % 2 == 1 ? 2 : 1 ))
  t0=$(date +%s%N)
  move "$target"
  if wait_until 20 is_version "$target"; then
    moves+=("move $i -> digits:$target  deployed after $(( ($(date +%s%N) - t0) / 1000000 )) ms")
  else
    moves+=("move $i -> digits:$target  NOT deployed within 20 s (describes $(version_now))")
  fi
  if [ "$i" = 5 ]; then
    pause_until $(( t_load + 1000000000 + step * gap_ns )); step=$((step + 1))
    t0=$(date +%s%N)
    move 3
    if wait_until 20 has_failure; then
      took=$(( ($(date +%s%N) - t0) / 1000000 ))
      broken_state="$(curl -s "$base/v1/endpoints/web" | jq -c '{status, serving: .variants[0].model, follows: .variants[0].ref, failure}')"
      broken_predict="$(curl -s -o /dev/null -w '%{http_code}' -H 'Content-Type: image/png' --data-binary @"$small" "$base/v1/endpoints/web/predict")"
      moves+=("broken  -> digits:3  failure reported after $took ms; a prediction then: HTTP $broken_predict")
    else
      moves+=("broken  -> digits:3  NO failure reported within 20 s")
    fi
    move "$target"  # back to what it serves: nothing to deploy
  fi
done
kill -0 "$wrk_pid" 2>/dev/null || late=1
wait "$wrk_pid"
load_end="$(loadavg)"
deploys="$(curl -s "$base/metrics" | grep '^inkwell_endpoint_deploys_total{endpoint="web"' | sed 's/^inkwell_endpoint_deploys_total//' | tr '\n' ' ')"

result="$(grep '^RESULT' "$wrk_out")"
requests="$(field requests <<<"$result")"
non2xx="$(field non2xx <<<"$result")"
errors="$(field errors <<<"$result")"
echo "== alias moves under load ($(nproc) cores, $(date -u +%Y-%m-%dT%H:%MZ), load average at start $load_start, at end $load_end; ${duration} s, $conns connections, mover $mover) =="
printf '%-34s %s\n' "requests" "$requests ($(field rps <<<"$result") req/s, p50 $(field p50_ms <<<"$result") ms, p99 $(field p99_ms <<<"$result") ms, max $(field max_ms <<<"$result") ms)"
printf '%-34s %s\n' "non-2xx answers (target 0)" "$non2xx"
printf '%-34s %s\n' "socket errors (target 0)" "$errors"
grep '^STATUS' "$wrk_out" | sort | while read -r _ code n; do printf '%-34s %s\n' "  HTTP $code" "$n"; done
grep '^VERSION' "$wrk_out" | sort | while read -r _ v n; do printf '%-34s %s\n' "  answered by $v" "$n"; done
others="$(grep '^VERSION' "$wrk_out" | grep -v -E '^VERSION digits:(1|2) ' || true)"
printf '%-34s %s\n' "answers from other versions" "$( [ -z "$others" ] && echo none || echo "$others" | tr '\n' ';')"
printf '%-34s %s\n' "deploys (metrics)" "$deploys"
for m in "${moves[@]}"; do echo "  $m"; done
echo "endpoint after the broken step: $broken_state"
[ "$late" = 0 ] || echo "note: the moves outlasted the load (wrk ended before the last move): raise DURATION"
echo "server log: $log; wrk output: $wrk_out"
