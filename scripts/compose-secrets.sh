#!/usr/bin/env bash
# Prints a .env file with random credentials for every service of docker-compose.yml:
#   scripts/compose-secrets.sh > .env && docker compose up -d --build
# The services refuse to start with a default credential outside a local run (docs/security.md). Keep .env out of
# version control (it is in .gitignore) and readable only by you (chmod 600 .env).
set -euo pipefail
secret() { od -An -N24 -tx1 /dev/urandom | tr -d ' \n'; }
cat <<ENV
TRAWL_API_KEY=$(secret)
TRAWL_VIEWER_KEY=$(secret)
TRAWL_MESSAGES_KEYS=k1:$(secret)
RABBITMQ_USER=trawl
RABBITMQ_PASSWORD=$(secret)
ORCHESTRATOR_BROKER_PASSWORD=$(secret)
WORKER_BROKER_PASSWORD=$(secret)
REDIS_PASSWORD=$(secret)
MINIO_ROOT_USER=trawl
MINIO_ROOT_PASSWORD=$(secret)
GRAFANA_PASSWORD=$(secret)
ENV
