#!/bin/sh
# Instructions per iteration of each expressions-bench workload, under callgrind: the difference between a run of
# 2000 and one of 1000 iterations, divided by 1000 (so setup and start-up cancel out).
# Usage: scripts/expr-instructions.sh [mode ...]   (default: every mode)
#        BENCH=expressions_mimalloc scripts/expr-instructions.sh ...   (the shipped binary's allocator)
set -eu
cd "$(dirname "$0")/.."
bench=${BENCH:-expressions}
bin=$(cargo bench --bench "$bench" --no-run --message-format=json 2>/dev/null |
  sed -n "s/.*\"executable\":\"\([^\"]*$bench-[^\"]*\)\".*/\1/p" | tail -n 1)
[ -n "$bin" ] || { echo "could not build the expressions bench" >&2; exit 1; }
count() {
  EXPR_LOOP="$1:$2" valgrind --tool=callgrind --callgrind-out-file=/dev/null "$bin" 2>&1 |
    sed -n 's/.*Collected : \([0-9]*\).*/\1/p'
}
[ $# -gt 0 ] || set -- both parse evaluate update parse_update clone
for mode in "$@"; do
  one=$(count "$mode" 1000)
  two=$(count "$mode" 2000)
  echo "$mode: $(( (two - one) / 1000 )) instructions per iteration"
done
