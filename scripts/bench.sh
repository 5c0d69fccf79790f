#!/usr/bin/env bash
# The benchmark suite: builds Trawl, makes sure RabbitMQ and Redis run, then runs the benchmarks against real
# processes (source simulator and S3 server in the suite's JVM, orchestrator and workers as their own JVMs):
#   1. pipeline throughput (no limits, small archives) with 1 and 2 workers, next to RabbitMQ PerfTest and an
#      S3 PUT baseline measured in the same session
#   2. rate-limited backfill: 2,500 partitions at 15 req/s, 3 workers
#   3. streaming: one 2 GiB archive through a worker with a 256 MB heap
#   4. concurrency: 1,000 tasks in flight on one worker against a 1 s-latency source
#   5. scaling: 1, 2, 4 workers against a latency-bound source
#   6. utilisation: share of a 15/s limit used at 20 ms, 400 ms and 1 s answer latency, judged at a source that
#      counts at arrival and bans, and a weighted run against a 6,000-per-minute clock-aligned budget
#   7. dispatch: a 1,000,000-task job dispatched lazily next to a 10,000-task one, then cancelled
#   8. failover: kill -9 of the orchestrator dispatching a 100,000-task job; the other replica finishes it
# It prints a BENCH line per benchmark and writes its section of docs/benchmarks.md and docs/benchmarks.png.
# The whole suite takes about 45 minutes on 2 cores.
#
#   scripts/bench.sh [--only pipeline,ratelimit,streaming,concurrency,scaling,utilisation,dispatch,failover] [--quick] [--profile DIR] [--baseline REF]
# --profile DIR records each service JVM with JFR (settings=profile) into DIR/<service>.jfr
# --baseline REF builds commit REF (e.g. HEAD~1) in a worktree of its own and runs the pipeline benchmark's
#   one-worker job on its services too, beside this checkout's, in the same run: CPU per task side by side
# The pipeline benchmark warms each system up until its JIT compiling falls under 5 % of its CPU, at most 40 jobs;
#   JAVA_TOOL_OPTIONS=-Dtrawl.bench.warm-ups=N sets another most
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/jdk.sh
source scripts/services.sh

echo "==> Building (JDK: $JAVA_HOME)"
mvn -B -q -ntp -DskipTests -Dspotless.skip install
mvn -B -q -ntp -pl e2e-tests dependency:build-classpath -Dmdep.includeScope=test \
  -Dmdep.outputFile=target/bench.classpath
echo "==> Checking RabbitMQ and Redis"
ensure_services

commit="$(git rev-parse --short HEAD)$(git diff --quiet HEAD -- . ':!docs' || echo '+changes')"
baseline_options=()
for ((i = 1; i <= $#; i++)); do
  if [[ "${!i}" == "--baseline" ]]; then
    next=$((i + 1))
    ref="$(git rev-parse --short "${!next:?--baseline takes a commit}^{commit}")"
    tree="${TMPDIR:-/tmp}/trawl-baseline-$ref"
    echo "==> Building the baseline $ref in $tree"
    [[ -d "$tree" ]] || git worktree add --detach -q "$tree" "$ref"
    # package, not install: the baseline's jars must not replace this checkout's in the local repository
    (cd "$tree" && mvn -B -q -ntp -DskipTests -Dspotless.skip package -pl orchestrator-service,worker-service -am)
    baseline_options=(-Dtrawl.baseline.root="$tree" -Dtrawl.baseline.commit="$ref ($(git log -1 --format=%s "$ref" | cut -c1-60))")
  fi
done

mkdir -p .trawl/bench-logs
exec java -Xmx4g -Dtrawl.root="$PWD" -Dtrawl.logs="$PWD/.trawl/bench-logs" -Dtrawl.commit="$commit" "${baseline_options[@]}" \
  -cp "e2e-tests/target/test-classes:$(cat e2e-tests/target/bench.classpath)" \
  io.trawl.e2e.bench.BenchmarkSuite "$@"
