#!/usr/bin/env bash
# Bounded load test of 'sequoia serve' on loopback: classification requests (one text each) from 1, 8
# and 64 concurrent connections, DURATION seconds each (default 10), with dynamic batching (default
# settings) and without (--no-batching). Uses wrk (apt-get install -y wrk). Prints wrk's summary and
# latency percentiles, the server's error count, its heap before and after each run, and the CPU time
# the server process used per request (user + system, from /proc: less sensitive than requests/s to
# what else the machine runs). ROUNDS=N repeats the modes in turn N times (interleaved, so that every
# mode sees the same background load); MODES picks them (batching no-batching batching-1-thread);
# WARMUP (default 10) is the seconds of 8-client traffic each server gets first, so that the JIT's
# compilation is not counted in the rows.
#   docs/loadtest.sh CLASSIFIER_DIR [DURATION]
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
model="${1:?usage: loadtest.sh CLASSIFIER_DIR [DURATION]}"
duration="${2:-10}"
name="$(basename "$model")"
port="${PORT:-18481}"
lua="$(mktemp)"
cat > "$lua" <<'LUA'
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.body = '{"instances": ["an engrossing, often very funny film, though its second half drags and the ending is predictable"]}'
LUA
echo "cpu: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(nproc) cores; load before: $(cut -d' ' -f1-3 /proc/loadavg)"
cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
tick=$(getconf CLK_TCK)
for round in $(seq 1 "${ROUNDS:-1}"); do
for mode in ${MODES:-batching no-batching}; do
  extra=(); [ "$mode" = no-batching ] && extra=(--no-batching); [ "$mode" = batching-1-thread ] && extra=(--threads 1)
  "$here/sequoia" serve --model "$model" --port "$port" "${extra[@]}" > /tmp/loadtest-serve.log 2>&1 &
  server=$!
  sleep 0.2; java_pid=$(pgrep -n -P "$server" java || echo "$server")
  for _ in $(seq 1 120); do curl -sf "http://127.0.0.1:$port/readyz" > /dev/null && break; sleep 0.5; done
  wrk -t2 -c8 -d"${WARMUP:-10}"s -s "$lua" "http://127.0.0.1:$port/v1/models/$name:predict" > /dev/null    # warm-up (JIT): WARMUP seconds, 8 clients
  for c in 1 8 64; do
    heap0=$(curl -s "http://127.0.0.1:$port/metrics" | awk '/^sequoia_jvm_heap_used_bytes/ {print $2}')
    cpu0=$(cpu_ticks "$java_pid")
    echo "== round $round, $mode, $c clients, ${duration}s, load $(cut -d' ' -f1 /proc/loadavg)"
    out=$(wrk -t$(( c < 2 ? 1 : 2 )) -c$c -d${duration}s --latency -s "$lua" "http://127.0.0.1:$port/v1/models/$name:predict")
    echo "$out" | grep -E "Requests/sec|Non-2xx|Socket errors|^ +(50|99)%|requests in"
    n=$(echo "$out" | awk '/requests in/ {print $1}')
    echo "   server CPU: $(awk -v a="$cpu0" -v b="$(cpu_ticks "$java_pid")" -v t="$tick" -v n="$n" 'BEGIN {printf "%.1f s, %.2f ms per request", (b-a)/t, 1000*(b-a)/t/n}'); load after $(cut -d' ' -f1 /proc/loadavg)"
    m=$(curl -s "http://127.0.0.1:$port/metrics")
    echo "   heap before ${heap0} after $(echo "$m" | awk '/^sequoia_jvm_heap_used_bytes/ {print $2}'); errors: $(echo "$m" | awk '/^sequoia_errors_total/ {s+=$2} END {print s+0}');" \
      "batches: $(echo "$m" | awk -F' ' '/^sequoia_batch_size_count/ {print $2}'), instances: $(echo "$m" | awk '/^sequoia_batch_size_sum/ {print $2}'),"\
      "seconds in the model: $(echo "$m" | awk '/^sequoia_batch_duration_seconds_sum/ {print $2}') (cumulative)"
  done
  kill $server; wait $server 2>/dev/null || true
done
done
rm -f "$lua"
