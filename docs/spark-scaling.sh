#!/bin/sh
# Issue 19's goal "M3 monthly's 1,428 series with ETS on local[2] >= 1.7x faster than local[1]" (docs/spark.md, section 1).
# Needs a QUIET machine with two free cores (nothing else running: check `uptime` and `top` first); every number it
# prints is only meaningful then. Run from the repository root after building the module:
#
#   mvn -B -ntp -q -pl sequoia-spark -am package -DskipTests dependency:build-classpath -Dmdep.outputFile=target/classpath.txt
#   docs/spark-scaling.sh            # 2 pairs in the order local[1], local[2], local[2], local[1] (about 6-8 minutes)
#   PAIRS=3 docs/spark-scaling.sh    # more pairs
#
# Each run is one `sequoia-spark forecast` JVM (ETS, period 12, the last 18 points held out) on the same long-format copy of
# ../shared/data/m3/M3C_monthly.csv (written to a temporary folder, not to the repository). The series are dealt into TASKS
# tasks for both masters (default 32: with the job's default of 4 x the slots, local[2] gets 8 tasks of about 10 CPU-seconds
# each, and the job waits for the last one; 32 tasks shorten that tail). Printed per run: the job's forecasting time (Spark's
# job: CSV scan, shuffle, fitting, collecting the rows; without JVM and Spark start-up), the whole command's wall time, sMAPE,
# the tasks' summed CPU time, the longest task and the cores busy (CPU / wall), with `uptime` before each run; then the
# speed-up of each pair and of the sums, and whether the forecast files are byte-identical.
set -e
here=$(cd "$(dirname "$0")/.." && pwd)
M3=${M3:-$here/../shared/data/m3/M3C_monthly.csv}
PAIRS=${PAIRS:-2}
TASKS=${TASKS:-32}
run=$here/sequoia-spark/scripts/run.sh
[ -f "$here/sequoia-spark/target/sequoia-spark.jar" ] && [ -f "$here/sequoia-spark/target/classpath.txt" ] || {
  echo "build first: mvn -B -ntp -q -pl sequoia-spark -am package -DskipTests dependency:build-classpath -Dmdep.outputFile=target/classpath.txt" >&2; exit 2; }
[ -f "$M3" ] || { echo "no M3 monthly file at $M3 (set M3=...)" >&2; exit 2; }
work=$(mktemp -d /tmp/spark-scaling.XXXXXX)
long=$work/m3-long.csv
awk -F, 'NR == 1 { print "unique_id,ds,y"; next } { n = $2; for (i = 1; i <= n; i++) { v = $(6 + i); gsub(/ /, "", v); print $1 "," i "," v } }' "$M3" > "$long"
rows=$(($(wc -l < "$long") - 1))
echo "M3 monthly in long format: $rows rows (expected 167562) in $long; $PAIRS pairs, $TASKS tasks per run; $(nproc) cores; $(java -version 2>&1 | head -1)"
[ "$rows" -eq 167562 ] || { echo "unexpected row count" >&2; exit 1; }

one() {   # one() N I: a run on local[N], the I-th; appends "N forecasting wall" to $work/times
  echo "--- local[$1] run $2: $(date -u +%H:%M:%S) $(uptime)"
  t0=$(date +%s.%N)
  "$run" forecast --master "local[$1]" --csv "$long" --id-col unique_id --time ds --target y --model ets --period 12 --horizon 18 --holdout ${TASKS:+--tasks $TASKS} \
    --out "$work/ets-$1-$2.csv" > "$work/log-$1-$2.txt" 2>&1 || { cat "$work/log-$1-$2.txt" >&2; exit 1; }
  t1=$(date +%s.%N)
  grep -E "series, horizon|^ets |^tasks " "$work/log-$1-$2.txt"
  fc=$(sed -n 's/.*(forecasting \([0-9.]*\) s).*/\1/p' "$work/log-$1-$2.txt")
  wall=$(echo "$t0 $t1" | awk '{ printf "%.1f", $2 - $1 }')
  echo "    whole command: $wall s wall"
  echo "$1 $fc $wall" >> "$work/times"
}

i=1
while [ $i -le "$PAIRS" ]; do
  if [ $((i % 2)) -eq 1 ]; then one 1 $i; one 2 $i; else one 2 $i; one 1 $i; fi
  i=$((i + 1))
done
echo "--- end: $(date -u +%H:%M:%S) $(uptime)"

same=yes
for f in "$work"/ets-*.csv; do cmp -s "$f" "$work/ets-1-1.csv" || same=no; done
echo "forecast files byte-identical across all runs: $same"
awk '
  $1 == 1 { f1[++n1] = $2; w1[n1] = $3 }
  $1 == 2 { f2[++n2] = $2; w2[n2] = $3 }
  END {
    for (i = 1; i <= n1 && i <= n2; i++) {
      printf "pair %d: forecasting local[1] %.1f s, local[2] %.1f s: %.2fx; whole command %.1f s, %.1f s: %.2fx\n", i, f1[i], f2[i], f1[i] / f2[i], w1[i], w2[i], w1[i] / w2[i]
      s1 += f1[i]; s2 += f2[i]; sw1 += w1[i]; sw2 += w2[i]
    }
    printf "all pairs: forecasting %.2fx, whole command %.2fx (goal: local[2] >= 1.7x faster than local[1])\n", s1 / s2, sw1 / sw2
  }' "$work/times"
echo "logs and outputs: $work"
