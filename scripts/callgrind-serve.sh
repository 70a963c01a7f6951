#!/usr/bin/env bash
# Instructions per request in `txlab serve` (one serving thread), counted by valgrind's callgrind: repeatable on
# a busy machine, unlike requests per second. The load generator (benches/http_load) sends WARMUP requests, the
# counters are zeroed, it sends COUNT more, the counters are dumped.
#
#   scripts/callgrind-serve.sh [TransactWriteItems|PutItem] [serve options, e.g. --session /tmp/s.json]
#
# Environment: COUNT (default 2000), WARMUP (300), TXLAB (the txlab binary; default target/release/txlab).
set -euo pipefail
cd "$(dirname "$0")/.."
workload=${1:-TransactWriteItems}
shift || true
count=${COUNT:-2000}
warmup=${WARMUP:-300}
txlab=${TXLAB:-target/release/txlab}
cargo build --release --quiet
bench=$(cargo bench --bench http_load --no-run --message-format=json 2>/dev/null \
    | sed -n 's/.*"executable":"\([^"]*http_load[^"]*\)".*/\1/p' | tail -1)
out=$(mktemp -d)
port=$((20000 + RANDOM % 20000))
args=("$@")
[ ${#args[@]} -eq 0 ] && args=(--memory)
valgrind --tool=callgrind --callgrind-out-file="$out/callgrind.out" \
    "$txlab" serve --threads 1 --port "$port" "${args[@]}" >"$out/serve.log" 2>&1 &
server=$!
for _ in $(seq 100); do grep -q listening "$out/serve.log" && break; sleep 0.2; done
send() { TXLAB_BENCH_ADDR=127.0.0.1:$port TXLAB_BENCH_COUNT=$1 TXLAB_BENCH_CASES="$workload" "$bench" --bench | tail -1; }
send "$warmup" >/dev/null
callgrind_control -z "$server" >/dev/null 2>&1
send "$count"
callgrind_control -d "$server" >/dev/null 2>&1
kill -INT "$server"
wait "$server" || true
total=$(callgrind_annotate --auto=no "$out/callgrind.out.1" 2>/dev/null | awk '/PROGRAM TOTALS/ {gsub(",", "", $1); print $1}')
echo "$workload: $((total / count)) instructions per request in the server ($out/callgrind.out.1)"
