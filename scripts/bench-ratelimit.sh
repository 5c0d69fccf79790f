#!/usr/bin/env bash
# Benchmark: the seed scenario at a rate limit. 2,500 symbols x 1 month from one source limited to 15
# requests per sliding second, 3 worker JVMs x 16 consumers, simulator latency 20 ms. The simulator counts
# requests per sliding second itself. Each partition costs 2 requests (archive + .CHECKSUM sidecar), so the
# ideal wall time is 5,000 / 15 = 333.3 s. Prints the figures on one line at the end.
#
#   scripts/bench-ratelimit.sh [SYMBOLS] [LIMIT]
set -euo pipefail
cd "$(dirname "$0")/.."
symbols=${1:-2500}
limit=${2:-15}
list=$(seq -f 'BENCH%04gUSDT' 0 $((symbols - 1)) | paste -sd, -)
log=.trawl/bench-ratelimit.log
mkdir -p .trawl
started=$(date +%s)
WORKERS=3 SIM_ARGS="--rate-limit binance=$limit --latency-ms 20" TRAWL_NAMESPACE=trawl-bench \
  TRAWL_SOURCES_BINANCE_LIMITS_CPS=$limit TRAWL_SOURCES_BINANCE_LIMITS_CONCURRENCY=0 TRAWL_WORKER_CONCURRENCY=16 \
  NO_COLOR=1 scripts/backfill-local.sh --sources binance --symbols "$list" --from 2024-01 --to 2024-01 --poll 5s \
  | tee "$log"
ended=$(date +%s)
job_seconds=$(sed -n 's/.*binance completed in \([0-9.]*\)s.*/\1/p' "$log")
stats=$(grep -m1 '^  binance: ' "$log")
requests=$(echo "$stats" | sed -n 's/.*: \([0-9]*\) requests.*/\1/p')
max=$(echo "$stats" | sed -n 's/.*max \([0-9]*\) in any.*/\1/p')
violations=$(echo "$stats" | sed -n 's/.*, \([0-9]*\) violations.*/\1/p')
awk -v n="$symbols" -v l="$limit" -v r="$requests" -v m="$max" -v v="$violations" -v j="$job_seconds" \
  -v w="$((ended - started))" 'BEGIN {
    ideal = r / l
    printf "BENCH rate-limit: %d partitions, %d requests at %d/s, 3 workers x 16 consumers: max %d in any sliding second, %d violations, job %.1f s vs ideal %.1f s (%.3fx, utilisation %.1f%%), whole command %.0f s\n",
      n, r, l, m, v, j, ideal, j / ideal, 100 * ideal / j, w }'
