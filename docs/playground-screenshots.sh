#!/usr/bin/env bash
# Browser check of the playground: serves the given model folders on 127.0.0.1, opens the playground
# in Debian's headless Chromium with ?text=...&prompt=... (the page fills the boxes and presses
# Classify and Generate itself), and saves a screenshot of the page with the results.
#   apt-get install -y chromium      (once)
#   mvn -q -DskipTests package
#   docs/playground-screenshots.sh OUTDIR CLASSIFIER_DIR [LM_DIR]
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
out="${1:?usage: playground-screenshots.sh OUTDIR CLASSIFIER_DIR [LM_DIR]}"; shift
models=(); for m in "$@"; do models+=(--model "$m"); done
port="${PORT:-18480}"
mkdir -p "$out"
"$here/sequoia" serve "${models[@]}" --port "$port" > "$out/serve.log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null; wait $server 2>/dev/null || true' EXIT
for _ in $(seq 1 120); do curl -sf "http://127.0.0.1:$port/readyz" > /dev/null && break; sleep 0.5; done
curl -sf "http://127.0.0.1:$port/readyz" > /dev/null || { echo "server did not become ready:"; cat "$out/serve.log"; exit 1; }
shot() {   # shot FILE QUERY
  profile="$(mktemp -d)"
  chromium --headless --no-sandbox --disable-gpu --disable-quic --no-first-run --disable-background-networking \
    --disable-component-update --disable-sync --user-data-dir="$profile" --window-size=1000,900 \
    --virtual-time-budget=15000 --screenshot="$1" "http://127.0.0.1:$port/$2" > /dev/null 2>&1
  rm -rf "$profile"
  [ -s "$1" ] && echo "saved $1"
}
shot "$out/playground-start.png" ""
shot "$out/playground-classify.png" "?text=a+gorgeous%2C+witty%2C+seductive+movie"
if [ "$#" -gt 1 ]; then shot "$out/playground-generate.png" "?text=dull+and+lifeless&prompt=ROMEO%3A"; fi
# the same answers through the API, for the record
curl -s -X POST "http://127.0.0.1:$port/v1/models/$(basename "$1"):predict" -d '{"instances": ["a gorgeous, witty, seductive movie"]}'; echo
