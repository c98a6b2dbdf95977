#!/usr/bin/env bash
# The serve image against the services a cluster gives it, as the Deployment runs it (deploy/kubernetes): PostgreSQL
# with password (SCRAM-SHA-256) authentication as INKWELL_STORE, and S3 over TLS as INKWELL_BUCKETS=s3:// (Inkwell's
# own S3 API on this machine behind HAProxy with a self-signed certificate, which the container trusts through
# JAVA_TOOL_OPTIONS). From inside the container it registers the bundled model into the S3-backed registry, creates an
# endpoint that captures every request, serves it and answers a prediction; then it checks the rows in PostgreSQL and
# the objects in S3, and that without the trust store the same command fails on the certificate (so TLS was in play).
# This proves the image's jlinked JDK has what TLS, SCRAM and the AWS SDK need.
#   deploy/images/build.sh && deploy/images/platform-check.sh       (as root; needs postgresql, haproxy, podman, runc)
# Last line: PLATFORM ok store=postgresql+scram s3=https predicted=7 captures=N   (exit 1 and the reason otherwise)
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
shared="${INKWELL_SHARED:-$repo/../shared}"
version="$(sed -n 's:.*<version>\(.*-SNAPSHOT\|[0-9.]*\)</version>.*:\1:p' "$repo/pom.xml" | head -n1)"
image="${IMAGE:-localhost/inkwell-serve:$version}"
png="$shared/samples/handwritten-28px/7.png"
pg_port="${PG_PORT:-15433}"; s3_port="${S3_PORT:-19400}"; tls_port="${TLS_PORT:-19443}"; host_port="${HOST_PORT:-18400}"; port="${PORT:-18480}"
access=AKIAINKWELLCHECK0001; secret='check/secret'; pg_password='pg-s3cr3t'
log() { printf '%s %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
fail() { log "FAILED: $*"; exit 1; }

podman image exists "$image" || fail "no image $image: run deploy/images/build.sh first"
. /root/j 2>/dev/null || true
tmp="$(mktemp -d /tmp/inkwell-platform.XXXXXX)"; chmod 755 "$tmp"
pg_bin="$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)"
as_pg() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
pids=()
finish() {
  podman rm -f -t 0 inkwell-platform >/dev/null 2>&1 || true
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  as_pg "$pg_bin/pg_ctl" -D "$tmp/pg/data" stop -m immediate >/dev/null 2>&1 || true
  rm -rf "$tmp"
}
trap finish EXIT
run_opts=(--runtime "${OCI_RUNTIME:-runc}" --ulimit nofile=16384:16384 --ulimit nproc=20000:20000 --health-interval disable
          --network host --read-only --user 10001:10001 -v "$tmp/data:/data" -v "$tmp/trust:/trust:ro")
store="jdbc:postgresql://127.0.0.1:$pg_port/postgres?user=inkwell&password=$pg_password"
env_opts=(-e "INKWELL_STORE=$store" -e INKWELL_BUCKETS=s3:// -e "INKWELL_S3_ENDPOINT=https://127.0.0.1:$tls_port"
          -e INKWELL_S3_REGION=us-east-1 -e "INKWELL_S3_ACCESS_KEY=$access" -e "INKWELL_S3_SECRET_KEY=$secret" -e INKWELL_API_KEY=check-key)
trusted=(-e "JAVA_TOOL_OPTIONS=-Djavax.net.ssl.trustStore=/trust/s3.p12 -Djavax.net.ssl.trustStorePassword=changeit -Djavax.net.ssl.trustStoreType=PKCS12")

log "PostgreSQL $("$pg_bin/postgres" --version | awk '{print $3}') with scram-sha-256 on $pg_port"
mkdir -p "$tmp/pg" "$tmp/data" "$tmp/trust" "$tmp/buckets"; chown postgres "$tmp/pg"; chown 10001:10001 "$tmp/data"
printf '%s\n' "$pg_password" >"$tmp/pg/pw"; chown postgres "$tmp/pg/pw"
as_pg "$pg_bin/initdb" -D "$tmp/pg/data" -A scram-sha-256 --pwfile="$tmp/pg/pw" -U inkwell -E UTF8 --no-sync --no-instructions >"$tmp/initdb.log" 2>&1 \
  || { cat "$tmp/initdb.log" >&2; fail "initdb"; }
as_pg "$pg_bin/postgres" -D "$tmp/pg/data" -p "$pg_port" -k "$tmp/pg" -c listen_addresses=127.0.0.1 -c fsync=off >"$tmp/postgres.log" 2>&1 &
pids+=($!)
until PGPASSWORD="$pg_password" psql -h 127.0.0.1 -p "$pg_port" -U inkwell -d postgres -tAc 'SELECT 1' >/dev/null 2>&1; do
  kill -0 "${pids[-1]}" 2>/dev/null || { cat "$tmp/postgres.log" >&2; fail "postgres did not start"; }; sleep 0.1
done
grep -q "scram-sha-256" "$tmp/pg/data/pg_hba.conf" || fail "pg_hba.conf does not ask for scram-sha-256"

log "S3: Inkwell's S3 API on $s3_port, behind HAProxy with TLS on $tls_port (self-signed, IP SAN 127.0.0.1)"
openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj /CN=127.0.0.1 -addext subjectAltName=IP:127.0.0.1 \
  -keyout "$tmp/s3.key" -out "$tmp/s3.crt" >/dev/null 2>&1
cat "$tmp/s3.crt" "$tmp/s3.key" >"$tmp/s3.pem"
keytool -importcert -noprompt -alias s3 -file "$tmp/s3.crt" -keystore "$tmp/trust/s3.p12" -storetype PKCS12 -storepass changeit >/dev/null 2>&1
chmod 644 "$tmp/trust/s3.p12"
INKWELL_SKIP_BUILD=1 INKWELL_HOME="$tmp/host" INKWELL_S3_ACCESS_KEY=$access INKWELL_S3_SECRET_KEY=$secret \
  "$repo/inkwell" serve --port "$host_port" --s3-port "$s3_port" --buckets "$tmp/buckets" --store "$tmp/host.db" >"$tmp/host.log" 2>&1 &
pids+=($!)
cat >"$tmp/haproxy.cfg" <<CFG
defaults
  mode http
  timeout connect 5s
  timeout client 60s
  timeout server 60s
frontend s3
  bind 127.0.0.1:$tls_port ssl crt $tmp/s3.pem
  default_backend s3api
backend s3api
  server inkwell 127.0.0.1:$s3_port
CFG
haproxy -f "$tmp/haproxy.cfg" -db >"$tmp/haproxy.log" 2>&1 &
pids+=($!)
for i in $(seq 1 600); do curl -s -o /dev/null "http://127.0.0.1:$s3_port/" && break; sleep 0.1; done
curl -s --cacert "$tmp/s3.crt" -o /dev/null -w '%{http_code}' "https://127.0.0.1:$tls_port/" | grep -q 403 || fail "the S3 API does not answer over TLS"

in_image() { podman run --rm "${run_opts[@]}" "${env_opts[@]}" "$@"; }
log "without the trust store: the certificate must be refused"
if out="$(in_image "$image" buckets create models 2>&1)"; then fail "an untrusted certificate was accepted: $out"; fi
grep -qi "PKIX\|certificat\|SSL\|handshake" <<<"$out" || fail "the refusal does not name the certificate: $out"
log "  refused: $(grep -io 'PKIX path[^:;]*' <<<"$out" | head -n1)"

log "in the container: models register (PostgreSQL + S3 over TLS)"
in_image "${trusted[@]}" "$image" models register digits --from mnist --alias champion --approve >"$tmp/register.log" 2>&1 \
  || { cat "$tmp/register.log" >&2; fail "models register"; }
in_image "${trusted[@]}" "$image" endpoints create web --variant a=digits@champion --capture 100 >"$tmp/endpoint.log" 2>&1 \
  || { cat "$tmp/endpoint.log" >&2; fail "endpoints create"; }
log "in the container: serve"
podman run -d --name inkwell-platform "${run_opts[@]}" "${env_opts[@]}" "${trusted[@]}" "$image" serve --host 127.0.0.1 --port "$port" >/dev/null
label=
for i in $(seq 1 600); do
  body="$(curl -s --data-binary @"$png" -H 'Content-Type: image/png' "http://127.0.0.1:$port/v1/endpoints/web/predict" 2>/dev/null || true)"
  label="$(grep -o '"label":"[^"]*"' <<<"$body" | head -n1 | cut -d'"' -f4 || true)"
  [ -n "$label" ] && break
  sleep 0.1
done
[ -n "$label" ] || { podman logs inkwell-platform >&2; fail "no prediction from the container"; }
for i in 1 2 3 4; do curl -s -o /dev/null --data-binary @"$png" -H 'Content-Type: image/png' "http://127.0.0.1:$port/v1/endpoints/web/predict"; done
captures=0
for i in $(seq 1 100); do # the capture writer flushes every second
  captures="$( (find "$tmp/buckets/captures" -name "*.jsonl" 2>/dev/null || true) | xargs -r cat | wc -l)"
  [ "$captures" -ge 5 ] && break
  sleep 0.2
done
[ "$captures" -ge 5 ] || { podman logs inkwell-platform >&2; fail "captures in S3: $captures lines, expected 5"; }
models="$( (find "$tmp/buckets" -type f -name "*.onnx" 2>/dev/null || true) | wc -l)"
[ "$models" -ge 1 ] || fail "no model file in the S3 buckets"
rows="$(PGPASSWORD="$pg_password" psql -h 127.0.0.1 -p "$pg_port" -U inkwell -d postgres -tAc \
  "SELECT (SELECT count(*) FROM model_versions) || ' ' || (SELECT count(*) FROM endpoints)" 2>&1)"
[ "$rows" = "1 1" ] || fail "PostgreSQL should hold one model version and one endpoint: $rows"
podman stop -t 30 inkwell-platform >/dev/null
log "the registry's version and endpoint are rows in PostgreSQL ($rows); model file and $captures capture lines in S3"
echo "PLATFORM ok store=postgresql+scram s3=https predicted=$label captures=$captures"
[ "$label" = 7 ] || fail "predicted $label, expected 7"
