#!/usr/bin/env bash
# The whole test suite: unit tests (Surefire, *Test), integration tests against the real RabbitMQ, Redis
# and an S3 server (Failsafe, *IT), and the end-to-end test that starts the service processes.
# Uses Testcontainers when a Docker engine is present, the local services otherwise.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/jdk.sh
source scripts/services.sh
if ! docker info >/dev/null 2>&1; then
  ensure_services
fi
exec mvn -B -ntp verify "$@"
