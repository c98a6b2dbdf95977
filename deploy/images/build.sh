#!/usr/bin/env bash
# Builds the serve image (and with FULL=1 the full one), loads it into podman, runs it and predicts through it.
#   deploy/images/build.sh            (as root: mmdebstrap for the base, podman to run; nothing needs a Docker daemon)
# Needs: apt-get install -y mmdebstrap podman runc (Debian), the JDK in base.sh, ../shared for the test picture.
# Steps: the base image from Debian packages (base.sh, once); the serve image with Jib (./mvnw -P image, offline);
# one run of it with /app/cds writable, which writes the app's JDK 25 AOT cache when the JVM exits; the
# image again with that archive inside; then COLD_STARTS cold starts to the first prediction (read-only root file
# system, /data a volume, non-root user), the health check, the image size and the resident memory after warm-up.
# Its last line: IMAGE serve size_mb=N cold_start_s=MIN..MAX rss_mb=N predicted=LABEL
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
shared="${INKWELL_SHARED:-$repo/../shared}"
out="$here/target"
port="${PORT:-18080}"
cold_starts="${COLD_STARTS:-5}"
# podman as root on this machine: runc, and limits no higher than the host's hard ones (podman's defaults are)
# (podman runs the image's HEALTHCHECK with systemd timers, which this machine has not: `podman healthcheck run` instead)
run_opts=(--runtime "${OCI_RUNTIME:-runc}" --ulimit "nofile=${NOFILE:-16384}:${NOFILE:-16384}" --ulimit "nproc=${NPROC:-20000}:${NPROC:-20000}"
          --health-interval disable)
version="$(sed -n 's:.*<version>\(.*-SNAPSHOT\|[0-9.]*\)</version>.*:\1:p' "$repo/pom.xml" | head -n1)"
image="localhost/inkwell-serve:$version"
png="$shared/samples/handwritten-28px/7.png"
log() { printf '%s %s\n' "$(date +%H:%M:%S)" "$*" >&2; }

mkdir -p "$out"
[ -f "$out/inkwell-base.tar" ] && [ -z "${REBUILD_BASE:-}" ] || "$here/base.sh" "$out/inkwell-base.tar"
. /root/j 2>/dev/null || true   # this machine's JDK 25 (elsewhere: JAVA_HOME as for ./mvnw)

jib() { # builds target/inkwell-serve.tar from what is in inkwell-deploy/target/image-extra; $1: extra Maven flags
  (cd "$repo" && ./mvnw -B -q -o package -pl inkwell-deploy -am -P image -DskipTests -Dcheckstyle.skip ${1:-}) >"$out/mvn.log" 2>&1 \
    || { tail -n 40 "$out/mvn.log" >&2; exit 1; }
  podman load -q -i "$repo/inkwell-deploy/target/inkwell-serve.tar" >/dev/null
}

cleanup() { podman rm -f -t 0 inkwell-build >/dev/null 2>&1 || true; podman rm -f -t 0 inkwell-in-pod >/dev/null 2>&1 || true; }
scratch=()   # folders made for the runs, removed at the end
finish() {
  cleanup
  podman rm -f -t 0 inkwell-netns >/dev/null 2>&1 || true
  if [ -n "${native_pid:-}" ]; then kill "$native_pid" 2>/dev/null || true; fi
  rm -rf "${scratch[@]}"
}
trap finish EXIT

wait_for_prediction() { # prints the seconds from $1 (date +%s.%N) to the first 200 prediction on port $2 (default $port)
  local start="$1" i p="${2:-$port}"
  for i in $(seq 1 1200); do
    if [ "$(curl -s -o /dev/null -w '%{http_code}' --data-binary @"$png" -H 'Content-Type: image/png' \
          "http://127.0.0.1:$p/v1/endpoints/default/predict" 2>/dev/null)" = 200 ]; then
      echo "$(date +%s.%N) - $start" | bc; return 0
    fi
    sleep 0.02
  done
  podman logs inkwell-build >&2 || true
  return 1
}

log "serve image, pass 1 (a training image: it records the AOT cache instead of using one)"
rm -rf "$repo/inkwell-deploy/target/image-extra/app/cds"
jib -Dimage.cds=-XX:AOTCacheOutput=/app/cds/inkwell.aot
log "training run: the JVM writes /app/cds/inkwell.aot when it exits"
cds="$out/cds"
rm -rf "$cds"; mkdir -p "$cds"; chown 10001:10001 "$cds"
cleanup
podman run -d --name inkwell-build "${run_opts[@]}" --read-only -v "$cds:/app/cds" -p "$port:8080" "$image" >/dev/null
wait_for_prediction "$(date +%s.%N)" >/dev/null
for f in "$png" "$repo/inkwell-inference/src/test/resources/fixtures/207__three-digits.png"; do
  curl -s -o /dev/null --data-binary @"$f" -H 'Content-Type: image/png' "http://127.0.0.1:$port/v1/endpoints/default/predict"
done
curl -s -o /dev/null -F image=@"$png" "http://127.0.0.1:$port/mnistpredict"
curl -s -o /dev/null "http://127.0.0.1:$port/metrics"
curl -s -o /dev/null "http://127.0.0.1:$port/health/ready"
podman stop -t 60 inkwell-build >/dev/null
[ -s "$cds/inkwell.aot" ] || { echo "build.sh: no AOT cache was written" >&2; podman logs inkwell-build >&2; exit 1; }
log "AOT cache: $(du -m "$cds/inkwell.aot" | cut -f1) MB; serve image, pass 2 (with it)"
mkdir -p "$repo/inkwell-deploy/target/image-extra/app/cds"
cp "$cds/inkwell.aot" "$repo/inkwell-deploy/target/image-extra/app/cds/inkwell.aot"
jib
cp "$repo/inkwell-deploy/target/inkwell-serve.tar" "$out/inkwell-serve.tar"

size_mb=$(( $(podman image inspect "$image" --format '{{.Size}}') / 1000000 ))
log "image $image: $size_mb MB (uncompressed, as podman counts it; the tar Jib wrote: $(du -m "$out/inkwell-serve.tar" | cut -f1) MB)"

# the baseline, alternated with the container's starts so both see the same load: ./inkwell serve (the launcher with
# its own AppCDS archive, README's 1.02-1.23 s) on a fresh INKWELL_HOME, the jar as ./mvnw package builds it
native_start() { # $1: INKWELL_HOME; starts ./inkwell serve in the background (its pid in $native_pid)
  INKWELL_SKIP_BUILD=1 INKWELL_HOME="$1" "$repo/inkwell" serve --port "$port" >"$out/native.log" 2>&1 &
  native_pid=$!
}
native_stop() { kill "$native_pid" 2>/dev/null || true; wait "$native_pid" 2>/dev/null || true; }
(cd "$repo" && ./mvnw -B -q -o package -pl inkwell-app -am -DskipTests -Dcheckstyle.skip) >"$out/mvn.log" 2>&1 || { tail -n 40 "$out/mvn.log" >&2; exit 1; }
home="$(mktemp -d)"; scratch+=("$home")
native_start "$home"; wait_for_prediction "$(date +%s.%N)" >/dev/null; native_stop   # writes the launcher's archive

# CPU seconds the JVM used up to the first prediction: what a start costs, much less bent by the machine's load
# than the wall time (serve.md's quiet-machine baseline: 1.6-1.8 s CPU for 1.0-1.2 s wall)
cpu_seconds() { awk -v hz="$(getconf CLK_TCK)" '{printf "%.2f", ($14 + $15) / hz}' "/proc/$1/stat"; }
times=(); native=(); cpu=(); native_cpu=(); in_pod=()
data="$(mktemp -d)"; scratch+=("$data"); chown 10001:10001 "$data"
# the same start in a network namespace that already exists, as Kubernetes starts a container in its pod sandbox:
# podman's own bridge and port set-up (netavark) is then not part of the time. The namespace is held by a container
# that only sleeps (the image's busybox), as a pod's pause container does (podman 4.3's pods take no --ulimit)
pod_port=$((port + 1))
podman rm -f -t 0 inkwell-netns >/dev/null 2>&1 || true
podman run -d --name inkwell-netns "${run_opts[@]}" --read-only -p "$pod_port:8080" --entrypoint /bin/busybox "$image" sleep 100000 >/dev/null
for n in $(seq 1 "$cold_starts"); do
  cleanup
  rm -rf "${data:?}"/*
  start="$(date +%s.%N)"
  podman run -d --name inkwell-build "${run_opts[@]}" --read-only -v "$data:/data" -p "$port:8080" "$image" >/dev/null
  t="$(wait_for_prediction "$start")"
  times+=("$t")
  cpu+=("$(cpu_seconds "$(podman inspect inkwell-build --format '{{.State.Pid}}')")")
  cleanup
  rm -rf "${home:?}"/*
  start="$(date +%s.%N)"
  native_start "$home"
  b="$(wait_for_prediction "$start")"
  native_cpu+=("$(cpu_seconds "$native_pid")")
  native_stop
  native+=("$b")
  cleanup
  rm -rf "${data:?}"/*
  start="$(date +%s.%N)"
  podman run -d --name inkwell-in-pod --network container:inkwell-netns "${run_opts[@]}" --read-only -v "$data:/data" "$image" >/dev/null
  in_pod+=("$(wait_for_prediction "$start" "$pod_port")")
  log "cold start $n: first prediction after $t s (${cpu[-1]} s CPU) in the container (its start included), ${in_pod[-1]} s in a pod whose network exists, $b s (${native_cpu[-1]} s CPU) for ./inkwell serve; load $(cut -d' ' -f1 /proc/loadavg)"
done
cleanup
podman run -d --name inkwell-build "${run_opts[@]}" --read-only -v "$data:/data" -p "$port:8080" "$image" >/dev/null
wait_for_prediction "$(date +%s.%N)" >/dev/null

pid="$(podman inspect inkwell-build --format '{{.State.Pid}}')"
uid="$(awk '/^Uid:/ {print $2}' "/proc/$pid/status")"
log "warm-up: 2000 predictions"
for i in $(seq 1 2000); do
  curl -s -o /dev/null --data-binary @"$png" -H 'Content-Type: image/png' "http://127.0.0.1:$port/v1/endpoints/default/predict"
done
rss_mb=$(( $(awk '/^VmRSS:/ {print $2}' "/proc/$pid/status") / 1024 ))
label="$(curl -s --data-binary @"$png" -H 'Content-Type: image/png' "http://127.0.0.1:$port/v1/endpoints/default/predict" \
  | grep -o '"label":"[^"]*"' | head -n1 | cut -d'"' -f4)"
health="$(podman healthcheck run inkwell-build >/dev/null 2>&1 && echo healthy || echo unhealthy)"
if podman exec inkwell-build /bin/busybox touch /app/x 2>/dev/null; then rootfs=writable; else rootfs=read-only; fi
log "process uid $uid; root file system $rootfs; health check $health; RSS after warm-up $rss_mb MB; predicted $label"
full=""
if [ -n "${FULL:-}" ]; then   # the full image: training too; no size target, no class data archive of its own
  (cd "$repo" && ./mvnw -B -q -o package -pl inkwell-app -am -P image -DskipTests -Dcheckstyle.skip) >"$out/mvn.log" 2>&1 \
    || { tail -n 40 "$out/mvn.log" >&2; exit 1; }
  podman load -q -i "$repo/inkwell-app/target/inkwell-full.tar" >/dev/null
  full_mb=$(( $(podman image inspect "localhost/inkwell-full:$version" --format '{{.Size}}') / 1000000 ))
  podman run --rm "${run_opts[@]}" --read-only -v "$data:/data" "localhost/inkwell-full:$version" train --help >/dev/null
  log "image localhost/inkwell-full:$version: $full_mb MB; train --help runs in it"
  full=" full_size_mb=$full_mb"
fi
range() { local s; s="$(printf '%s\n' "$@" | sort -n)"; echo "$(echo "$s" | head -n1 | cut -c1-5)..$(echo "$s" | tail -n1 | cut -c1-5)"; }
median() { printf '%s\n' "$@" | sort -n | awk '{a[NR]=$1} END {printf "%.2f", NR % 2 ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2}'; }
echo "IMAGE serve size_mb=$size_mb cold_start_s=$(range "${times[@]}") cold_start_median_s=$(median "${times[@]}") in_pod_cold_start_s=$(range "${in_pod[@]}") in_pod_median_s=$(median "${in_pod[@]}") native_cold_start_s=$(range "${native[@]}") cold_start_cpu_s=$(range "${cpu[@]}") native_cold_start_cpu_s=$(range "${native_cpu[@]}") rss_mb=$rss_mb uid=$uid rootfs=$rootfs health=$health predicted=$label$full"
