# Sourced by the bench scripts that time a server's start: wait for its first answer without bending the start
# being timed. A loop that runs curl every 5 ms spends ~5 ms of CPU per try (curl's own start), about half a core of a
# 2-core machine taken from the start it measures: a `lean` Inkwell start read 0.60 s that way against 0.53 s with the
# wait below, the onnxruntime peer 0.50 against 0.46 s (eight alternated starts each, docs/serve.md). So: wait in this
# shell until the port accepts a connection (bash's /dev/tcp, no process per try), then ask with curl until the answer
# is 200 (a server may open its port before it can answer). The pauses are `read -t` on a private FIFO, not `sleep`
# processes. Needs bash 4.1+ (automatic file descriptors).
#
#   first_answer PORT PID CURL_ARGS...   returns 0 at the first 200, 1 if PID died first

first_answer_fd=""
first_answer_pause() { # ~5 ms without a process (with one if no FIFO can be made: never a busy loop)
  if [ -z "$first_answer_fd" ]; then
    local fifo; fifo="$(mktemp -u "${TMPDIR:-/tmp}/first-answer.XXXXXX")"
    if mkfifo "$fifo" 2>/dev/null; then exec {first_answer_fd}<>"$fifo"; rm -f "$fifo"; else first_answer_fd=none; fi
  fi
  if [ "$first_answer_fd" = none ]; then sleep 0.005; else read -r -t 0.005 -u "$first_answer_fd" _ || true; fi
}

first_answer() {
  local port="$1" pid="$2" conn; shift 2
  until { exec {conn}<>"/dev/tcp/127.0.0.1/$port"; } 2>/dev/null; do
    kill -0 "$pid" 2>/dev/null || return 1
    first_answer_pause
  done
  exec {conn}>&-
  until [ "$(curl -s -o /dev/null -w '%{http_code}' "$@" 2>/dev/null)" = 200 ]; do
    kill -0 "$pid" 2>/dev/null || return 1
    first_answer_pause
  done
}
