#!/usr/bin/env bash
# Builds Inkwell's base image from Debian packages and a jlinked JDK, with no Docker daemon and no registry:
#   deploy/images/base.sh [OUT.tar]         (default deploy/images/target/inkwell-base.tar; needs root and mmdebstrap)
# The result is a `docker save` archive that Jib takes as its base (from.image = tar://...): one layer with
#   - only the Debian packages a JVM and ONNX Runtime link against (libc6, libstdc++6, libgcc-s1, zlib1g), unpacked
#     by `mmdebstrap --variant=extract` (no shell, apt, dpkg or perl), plus busybox for the health check's wget;
#   - a JDK made by jlink from $JDK (default the Temurin 25 on this machine) with the modules Inkwell uses, with its
#     default CDS archive (the app's own archive goes in by deploy/images/build.sh);
#   - user inkwell (10001:10001), a /data volume it owns, /tmp, and a HEALTHCHECK on /health/ready.
# SOURCE_DATE_EPOCH (default: the last commit's time) sets every file time, so the same packages give the same layer.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
out="${1:-$here/target/inkwell-base.tar}"
suite="${DEBIAN_SUITE:-bookworm}"
mirror="${DEBIAN_MIRROR:-http://deb.debian.org/debian}"
jdk="${JDK:-/usr/lib/jvm/temurin-25-jdk-amd64}"
modules="${JDK_MODULES:-java.base,java.desktop,java.instrument,java.logging,java.management,java.naming,java.net.http,java.scripting,java.security.jgss,java.security.sasl,java.sql,java.xml,jdk.management,jdk.naming.dns,jdk.unsupported,jdk.zipfs}"
epoch="${SOURCE_DATE_EPOCH:-$(git -C "$here" log -1 --format=%ct 2>/dev/null || echo 0)}"

[ "$(id -u)" = 0 ] || { echo "base.sh: run as root (mmdebstrap unpacks packages with their owners)" >&2; exit 1; }
command -v mmdebstrap >/dev/null || { echo "base.sh: mmdebstrap missing (apt-get install -y mmdebstrap)" >&2; exit 1; }
[ -x "$jdk/bin/jlink" ] || { echo "base.sh: no jlink in $jdk (set JDK=...)" >&2; exit 1; }

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
root="$work/rootfs"

mmdebstrap --quiet --variant=extract --include=libc6,libstdc++6,libgcc-s1,zlib1g,busybox \
  --customize-hook='rm -rf "$1"/usr/share/doc "$1"/usr/share/man "$1"/usr/share/info "$1"/usr/share/locale "$1"/usr/share/lintian "$1"/var/cache/apt "$1"/var/lib/apt "$1"/var/log/*' \
  "$suite" "$root" "$mirror"

# the JDK: only the modules Inkwell uses; --generate-cds-archive keeps the JDK's own class data sharing archive.
# zip-6 halves the modules file: the classes a replica starts with come from the app's CDS archive, not from it.
# The archive for heaps over 32 GB (classes_nocoops) and glibc's iconv modules (Java converts charsets itself) go.
"$jdk/bin/jlink" --add-modules "$modules" --strip-debug --no-man-pages --no-header-files --generate-cds-archive \
  --compress=zip-6 --output "$root/opt/java"
rm -f "$root/opt/java/lib/server/classes_nocoops.jsa"
rm -rf "$root/usr/lib/x86_64-linux-gnu/gconv"

mkdir -p "$root/etc" "$root/data" "$root/tmp" "$root/app/cds" "$root/bin"
printf 'root:x:0:0:root:/root:/sbin/nologin\ninkwell:x:10001:10001:Inkwell:/data:/sbin/nologin\n' > "$root/etc/passwd"
printf 'root:x:0:\ninkwell:x:10001:\n' > "$root/etc/group"
printf 'hosts: files dns\n' > "$root/etc/nsswitch.conf"
chown 10001:10001 "$root/data"
chmod 1777 "$root/tmp"
[ -x "$root/bin/busybox" ] || { echo "base.sh: /bin/busybox missing from the root file system" >&2; exit 1; }

# docker-archive: layer.tar + config + manifest.json (what `docker save` writes and Jib's tar:// reads)
img="$work/image"
mkdir -p "$img"
tar --sort=name --mtime="@$epoch" --numeric-owner -C "$root" -cf "$img/layer.tar" .
diff_id="sha256:$(sha256sum "$img/layer.tar" | cut -d' ' -f1)"
created="$(date -u -d "@$epoch" +%Y-%m-%dT%H:%M:%SZ)"
cat > "$img/config.json" <<JSON
{"architecture":"amd64","os":"linux","created":"$created",
 "config":{"User":"10001:10001","WorkingDir":"/data",
  "Env":["PATH=/opt/java/bin:/usr/bin:/bin","JAVA_HOME=/opt/java","INKWELL_HOME=/data","LANG=C.UTF-8"],
  "Volumes":{"/data":{}},
  "Healthcheck":{"Test":["CMD","/bin/busybox","wget","-q","-O","/dev/null","http://127.0.0.1:8080/health/ready"],
                 "Interval":10000000000,"Timeout":3000000000,"StartPeriod":10000000000,"Retries":3},
  "Labels":{"org.opencontainers.image.title":"inkwell-base","org.opencontainers.image.description":"Debian $suite (libc6, libstdc++6, libgcc-s1, zlib1g, busybox) + jlinked JDK"}},
 "rootfs":{"type":"layers","diff_ids":["$diff_id"]},
 "history":[{"created":"$created","created_by":"deploy/images/base.sh (mmdebstrap $suite, jlink $(basename "$jdk"))"}]}
JSON
config_id="$(sha256sum "$img/config.json" | cut -d' ' -f1)"
mv "$img/config.json" "$img/$config_id.json"
printf '[{"Config":"%s.json","RepoTags":["inkwell-base:latest"],"Layers":["layer.tar"]}]\n' "$config_id" > "$img/manifest.json"
mkdir -p "$(dirname "$out")"
tar --mtime="@$epoch" --owner=0 --group=0 --numeric-owner -C "$img" -cf "$out.part" manifest.json "$config_id.json" layer.tar
mv "$out.part" "$out"
echo "base image: $out ($(du -m "$out" | cut -f1) MB; layer $diff_id)"
