#!/usr/bin/env bash
# Ingest and read-back speed of samples tables, side by side with reading the IDX files (the baseline):
#   1. read MNIST (70,000) from its IDX files          (datasets info: read + fingerprint)
#   2. ingest it into an SQLite store, then again (the re-run adds nothing), then read the table back
#   3. the same on a real PostgreSQL server started for the run (Debian's postgresql package; skipped if absent)
# Prints seconds per step and ratios to step 1.   bench/ingest.sh [DATA]
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
DATA="${1:-$here/../shared/datasets/mnist}"
work="$(mktemp -d /tmp/inkwell-ingest-bench.XXXXXX)"
chmod 755 "$work"
export INKWELL_PROGRESS=none
"$here/inkwell" --version >/dev/null   # build first, outside the timings

secs() { local s e; s=$(date +%s.%N); "$@" >/dev/null; e=$(date +%s.%N); echo "$e - $s" | bc; }
declare -A t
t[files]=$(secs "$here/inkwell" datasets info "$DATA")
db="$work/sqlite/inkwell.db"
t[sqlite_ingest]=$(secs "$here/inkwell" ingest --data "$DATA" --store "$db")
t[sqlite_rerun]=$(secs "$here/inkwell" ingest --data "$DATA" --store "$db")
t[sqlite_read]=$(secs "$here/inkwell" datasets info table --store "$db")

pgbin="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1 || true)"
pg_pid=
if [ -n "$pgbin" ]; then
  as=(); [ "$(id -u)" -eq 0 ] && as=(runuser -u postgres --)
  mkdir -p "$work/pg" && [ "$(id -u)" -eq 0 ] && chown postgres "$work/pg"
  "${as[@]}" "$pgbin/initdb" -D "$work/pg/data" -A trust -U inkwell --no-sync >/dev/null
  port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
  "${as[@]}" "$pgbin/postgres" -D "$work/pg/data" -p "$port" -k "$work/pg" -c listen_addresses=127.0.0.1 >"$work/pg.log" 2>&1 &
  pg_pid=$!
  trap '[ -n "$pg_pid" ] && kill "$pg_pid" 2>/dev/null; wait 2>/dev/null; rm -rf "$work"' EXIT
  for _ in $(seq 100); do "$pgbin/pg_isready" -q -h 127.0.0.1 -p "$port" && break; sleep 0.1; done
  url="jdbc:postgresql://127.0.0.1:$port/postgres?user=inkwell"
  t[pg_ingest]=$(secs "$here/inkwell" ingest --data "$DATA" --store "$url")
  t[pg_rerun]=$(secs "$here/inkwell" ingest --data "$DATA" --store "$url")
  t[pg_read]=$(secs "$here/inkwell" datasets info table --store "$url")
else
  trap 'rm -rf "$work"' EXIT
  echo "(no PostgreSQL server binaries: install Debian's postgresql to include it)" >&2
fi

printf '%-44s %8s %8s\n' "step (whole command, JVM start included)" "seconds" "ratio"
for k in files sqlite_ingest sqlite_rerun sqlite_read pg_ingest pg_rerun pg_read; do
  [ -n "${t[$k]:-}" ] || continue
  case $k in
    files) label="read the IDX files (baseline)";;
    sqlite_ingest) label="SQLite: ingest";; sqlite_rerun) label="SQLite: ingest again (adds nothing)";;
    sqlite_read) label="SQLite: read the table back";;
    pg_ingest) label="PostgreSQL: ingest";; pg_rerun) label="PostgreSQL: ingest again (adds nothing)";;
    pg_read) label="PostgreSQL: read the table back";;
  esac
  printf '%-44s %8.2f %7.2fx\n' "$label" "${t[$k]}" "$(echo "${t[$k]} / ${t[files]}" | bc -l)"
done
