#!/usr/bin/env bash
# The main job, locally: builds Trawl, makes sure RabbitMQ and Redis run, starts the source simulator, the
# orchestrator (with an embedded S3 server keeping objects under ./data/s3) and two worker processes,
# submits a backfill, shows its live progress, verifies every stored object and stops what it started.
# Exit code 0 only if the job COMPLETED and every object verified.
#
#   scripts/backfill-local.sh [trawl collect options]
#
# Without options it backfills the layer-1 sector of the crypto catalog (30 symbols) for 2024-01..2024-12
# from two simulated sources, which enforce their rate limits themselves (binance 40/s, bitstamp 30/s, as
# configured in trawl-common.yml) and report at the end how many requests they saw and whether any
# sliding second went over. Logs go to .trawl/logs/.
#
# Environment: WORKERS (default 2), SIM_ARGS (simulator flags), SIM_PORT, ORCH_PORT, S3_PORT,
# TRAWL_NAMESPACE, TRAWL_API_KEY (the operator key; a random one by default), and any service setting as an
# environment variable (see docs/configuration.md).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/jdk.sh
source scripts/services.sh

SIM_PORT=${SIM_PORT:-8090}
ORCH_PORT=${ORCH_PORT:-8080}
S3_PORT=${S3_PORT:-9000}
WORKERS=${WORKERS:-2}
WORKER_PORTS=()
for ((i = 1; i <= WORKERS; i++)); do WORKER_PORTS+=($((ORCH_PORT + i))); done
SIM_ARGS=${SIM_ARGS:---rate-limit binance=40,bitstamp=30 --latency-ms 20}
LOGS=.trawl/logs
NAMESPACE=${TRAWL_NAMESPACE:-trawl-local}
PIDS=()

stop_all() {
  local pid
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${PIDS[@]}"; do wait "$pid" 2>/dev/null || true; done
}
trap stop_all EXIT
trap 'exit 130' INT TERM

for port in "$SIM_PORT" "$ORCH_PORT" "$S3_PORT" "${WORKER_PORTS[@]}"; do
  if port_open "$port"; then
    echo "error: port $port is already in use; free it or set SIM_PORT/ORCH_PORT/S3_PORT" >&2
    exit 1
  fi
done

echo "==> Building (JDK: $JAVA_HOME)"
mvn -B -q -DskipTests -Dspotless.skip package -pl source-simulator,orchestrator-service,worker-service,trawl-cli -am

echo "==> Checking RabbitMQ and Redis"
ensure_services

mkdir -p "$LOGS" data/s3
start() { # name log command...
  local name=$1 log=$2; shift 2
  "$@" >"$log" 2>&1 &
  PIDS+=($!)
  echo "    $name (pid $!, log $log)"
}
wait_http() { # name url seconds pid
  local i
  for ((i = 0; i < $3 * 2; i++)); do
    curl -fsS -o /dev/null "$2" 2>/dev/null && return 0
    kill -0 "$4" 2>/dev/null || { echo "error: $1 exited; see its log" >&2; return 1; }
    sleep 0.5
  done
  echo "error: $1 not ready at $2 after $3 s" >&2
  return 1
}

export TRAWL_NAMESPACE="$NAMESPACE" TRAWL_SIMULATOR_URL="http://127.0.0.1:$SIM_PORT"
# a one-off operator API key for this run, shared by the orchestrator and the CLI (TRAWL_API_KEY)
export TRAWL_API_KEY="${TRAWL_API_KEY:-local-$(od -An -N16 -tx1 /dev/urandom | tr -d ' \n')}"
export TRAWL_SECURITY_OPERATORKEYS="$TRAWL_API_KEY"
# and a one-off key signing the messages between the orchestrator and the workers (docs/security.md)
export TRAWL_MESSAGES_KEYS="${TRAWL_MESSAGES_KEYS:-local:$(od -An -N16 -tx1 /dev/urandom | tr -d ' \n')}"
# least-privilege broker accounts for this namespace (scripts/broker-users.sh), when rabbitmqctl may be used here
ORCH_BROKER=() WORKER_BROKER=()
BROKER_PASSWORD="local-$(od -An -N12 -tx1 /dev/urandom | tr -d ' \n')"
if command -v rabbitmqctl >/dev/null 2>&1 && rabbitmqctl -q status >/dev/null 2>&1 \
    && scripts/broker-users.sh "$NAMESPACE" "$BROKER_PASSWORD" "$BROKER_PASSWORD" >/dev/null; then
  ORCH_BROKER=(SPRING_RABBITMQ_USERNAME="$NAMESPACE-orchestrator" SPRING_RABBITMQ_PASSWORD="$BROKER_PASSWORD")
  WORKER_BROKER=(SPRING_RABBITMQ_USERNAME="$NAMESPACE-worker" SPRING_RABBITMQ_PASSWORD="$BROKER_PASSWORD")
  echo "==> Broker accounts $NAMESPACE-orchestrator and $NAMESPACE-worker (least privilege)"
else
  echo "==> rabbitmqctl is not usable here: the services use the broker's guest account"
fi
echo "==> Starting the simulator, the orchestrator and ${#WORKER_PORTS[@]} workers (namespace $NAMESPACE)"
# shellcheck disable=SC2086 # SIM_ARGS is a list of flags
start simulator "$LOGS/simulator.log" java -jar source-simulator/target/source-simulator-exec.jar \
  --port "$SIM_PORT" $SIM_ARGS
start orchestrator "$LOGS/orchestrator.log" env "${ORCH_BROKER[@]}" ORCHESTRATOR_PORT="$ORCH_PORT" \
  TRAWL_STORAGE_EMBEDDED_PORT="$S3_PORT" TRAWL_STORAGE_EMBEDDED_DIRECTORY="$PWD/data/s3" \
  java -jar orchestrator-service/target/orchestrator-service.jar
NAMES=(simulator orchestrator)
wait_http orchestrator "http://127.0.0.1:$ORCH_PORT/actuator/health" 120 "${PIDS[-1]}"
i=1
for port in "${WORKER_PORTS[@]}"; do
  start "worker-$i" "$LOGS/worker-$i.log" env "${WORKER_BROKER[@]}" WORKER_PORT="$port" TRAWL_WORKER_ID="worker-$i" \
    TRAWL_STORAGE_ENDPOINT="http://127.0.0.1:$S3_PORT" java -jar worker-service/target/worker-service.jar
  NAMES+=("worker-$i")
  i=$((i + 1))
done
for ((i = 2; i < ${#PIDS[@]}; i++)); do
  wait_http "${NAMES[$i]}" "http://127.0.0.1:${WORKER_PORTS[$((i - 2))]}/actuator/health" 120 "${PIDS[$i]}"
done

echo "==> Console while it runs: http://127.0.0.1:$ORCH_PORT/console/ (API key: \$TRAWL_API_KEY)"
echo "==> Submitting the backfill"
args=("$@")
if [[ ${#args[@]} -eq 0 ]]; then
  args=(--sources binance,bitstamp --market crypto --sector layer1 --from 2024-01 --to 2024-12)
fi
java -jar trawl-cli/target/trawl-cli.jar collect --url "http://127.0.0.1:$ORCH_PORT" --verify "${args[@]}" &
cli=$!
# watchdog: a service that dies ends the run instead of leaving the progress display waiting forever
while kill -0 "$cli" 2>/dev/null; do
  for ((i = 0; i < ${#PIDS[@]}; i++)); do
    if ! kill -0 "${PIDS[$i]}" 2>/dev/null; then
      echo "error: ${NAMES[$i]} exited during the backfill; last lines of its log:" >&2
      tail -n 5 "$LOGS/${NAMES[$i]}.log" >&2
      kill "$cli" 2>/dev/null || true
      break 2
    fi
  done
  sleep 1
done
status=0
wait "$cli" || status=$?

echo
echo "What the sources saw (counted by the simulator itself):"
curl -fsS "http://127.0.0.1:$SIM_PORT/_stats" | tr '{' '\n' | sed -n 's/.*"source":"\([^"]*\)","limit":\([0-9]*\),"requests":\([0-9]*\),"violations":\([0-9]*\),"maxInAnySlidingSecond":\([0-9]*\),"maxInFlight":\([0-9]*\),"tooMany":\([0-9]*\),"ignoredRetryAfter":[0-9]*,"bans":\([0-9]*\).*/  \1: \3 requests, max \5 in any sliding second (limit \2), \4 violations, \7 answered 429, \8 bans, max \6 in flight/p'
echo
echo "Results: bucket 'trawl' of the embedded S3 server, kept on disk under $PWD/data/s3/trawl/"
echo "         (layout <source>/<dataset>-<interval>/<symbol>/<YYYY-MM>.zip; logs in $LOGS/)"
if [[ $status -eq 0 ]]; then echo "Backfill COMPLETED and verified."; else echo "Backfill did not complete cleanly (exit $status)." >&2; fi
exit $status
