#!/usr/bin/env bash
# Bounded load test of 'sequoia serve' on loopback: classification requests (one text each) from 1, 8
# and 64 concurrent connections, DURATION seconds each (default 10), with dynamic batching (default
# settings) and without (--no-batching). Uses wrk (apt-get install -y wrk). Prints wrk's summary and
# latency percentiles, the server's error count and its heap before and after each run.
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
for mode in ${MODES:-batching no-batching}; do
  extra=(); [ "$mode" = no-batching ] && extra=(--no-batching); [ "$mode" = batching-1-thread ] && extra=(--threads 1)
  "$here/sequoia" serve --model "$model" --port "$port" "${extra[@]}" > /tmp/loadtest-serve.log 2>&1 &
  server=$!
  for _ in $(seq 1 120); do curl -sf "http://127.0.0.1:$port/readyz" > /dev/null && break; sleep 0.5; done
  wrk -t1 -c4 -d3s -s "$lua" "http://127.0.0.1:$port/v1/models/$name:predict" > /dev/null    # warm-up (JIT)
  for c in 1 8 64; do
    heap0=$(curl -s "http://127.0.0.1:$port/metrics" | awk '/^sequoia_jvm_heap_used_bytes/ {print $2}')
    echo "== $mode, $c clients, ${duration}s, load $(cut -d' ' -f1 /proc/loadavg)"
    wrk -t$(( c < 2 ? 1 : 2 )) -c$c -d${duration}s --latency -s "$lua" "http://127.0.0.1:$port/v1/models/$name:predict" \
      | grep -E "Requests/sec|Non-2xx|Socket errors|^ +(50|99)%|requests in"
    m=$(curl -s "http://127.0.0.1:$port/metrics")
    echo "   heap before ${heap0} after $(echo "$m" | awk '/^sequoia_jvm_heap_used_bytes/ {print $2}'); errors: $(echo "$m" | awk '/^sequoia_errors_total/ {s+=$2} END {print s+0}');" \
      "batches: $(echo "$m" | awk -F' ' '/^sequoia_batch_size_count/ {print $2}'), instances: $(echo "$m" | awk '/^sequoia_batch_size_sum/ {print $2}'),"\
      "seconds in the model: $(echo "$m" | awk '/^sequoia_batch_duration_seconds_sum/ {print $2}') (cumulative)"
  done
  kill $server; wait $server 2>/dev/null || true
done
rm -f "$lua"
