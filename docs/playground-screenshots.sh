#!/usr/bin/env bash
# Screenshots of the playground with your own model folders: serves them on 127.0.0.1, opens the
# playground in Debian's headless Chromium with ?text=...&series=...&prompt=... (the page fills the
# boxes of the kinds that are loaded and presses their buttons itself), and saves the pages.
# The checked browser test (it types and clicks, and compares the page with the API) is
#   mvn -o test -pl sequoia-core,sequoia-serve -Pbrowser [-Dsequoia.playground.models=DIR,DIR -Dsequoia.playground.out=DIR]
# Usage:
#   apt-get install -y chromium      (once)
#   mvn -q -DskipTests package
#   docs/playground-screenshots.sh OUTDIR MODEL_DIR [MODEL_DIR ...]   (a classifier, a forecaster, a language model, ...)
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
out="${1:?usage: playground-screenshots.sh OUTDIR MODEL_DIR [MODEL_DIR ...]}"; shift
[ "$#" -ge 1 ] || { echo "usage: playground-screenshots.sh OUTDIR MODEL_DIR [MODEL_DIR ...]"; exit 2; }
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
    --disable-component-update --disable-sync --user-data-dir="$profile" --window-size=1000,1600 \
    --virtual-time-budget=20000 --screenshot="$1" "http://127.0.0.1:$port/$2" > /dev/null 2>&1
  rm -rf "$profile"
  [ -s "$1" ] && echo "saved $1"
}
series="112,118,132,129,121,135,148,148,136,119,104,118,115,126,141,135,125,149,170,170,158,133,114,140,145,150,178,163,172,178,199,199,184,162,146,166"
shot "$out/playground-start.png" ""
shot "$out/playground-results.png" "?text=a+gorgeous%2C+witty%2C+seductive+movie&series=$series&tree=%283+%282+not%29+%283+%283+very%29+%284+good%29%29%29&tag=John+Smith+flew+to+Paris&source=Ein+Mann+f%C3%A4hrt+Fahrrad.&prompt=ROMEO%3A"
