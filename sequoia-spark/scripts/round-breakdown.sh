#!/bin/sh
# Where a data-parallel round's time goes (docs/spark.md, section 3): the MR classifier (the train classifier
# defaults, 64-row global batches, 1 epoch) in one process on the same global batches, then on Spark local[2]
# with 2 shards; each prints "N steps in S s" and the Spark run the per-step breakdown (Timing.table).
# Needs mr-train.csv (text,label; see docs/spark.md) and a build (see run.sh). Run on a quiet machine:
#   sequoia-spark/scripts/round-breakdown.sh mr-train.csv
csv=${1:-mr-train.csv}
run=$(dirname "$0")/run.sh
uptime
"$run" train-classifier --master 'local[2]' --partitions 2 --csv "$csv" --epochs 1 --engine local 2>&1 | grep -E "steps in|^epoch"
uptime
"$run" train-classifier --master 'local[2]' --partitions 2 --csv "$csv" --epochs 1 2>&1 | grep -E "steps in|per step|^epoch"
uptime
