#!/usr/bin/env bash
# Sourced by the other scripts: makes sure RabbitMQ (5672) and Redis (6379) answer on 127.0.0.1.
# A service that is installed but stopped is started; one that is missing is installed when
# TRAWL_INSTALL_SERVICES=1 (CI), otherwise the script says how to get it and fails.

port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

wait_port() { # name port seconds
  local i
  for ((i = 0; i < $3 * 2; i++)); do port_open "$2" && return 0; sleep 0.5; done
  echo "error: $1 did not start listening on 127.0.0.1:$2 within $3 s" >&2
  return 1
}

as_root() { if [[ $(id -u) -eq 0 ]]; then "$@"; else sudo "$@"; fi; }

install_packages() {
  if [[ "${TRAWL_INSTALL_SERVICES:-0}" != 1 ]]; then
    echo "error: $* not installed. Install with: sudo apt-get update && sudo apt-get install -y $*" >&2
    echo "       (or rerun with TRAWL_INSTALL_SERVICES=1 to let this script do it)" >&2
    return 1
  fi
  echo "Installing $* ..."
  as_root apt-get update -qq && DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq "$@" >/dev/null
}

ensure_rabbitmq() {
  port_open 5672 && return 0
  command -v rabbitmq-server >/dev/null || install_packages rabbitmq-server || return 1
  echo "Starting RabbitMQ ..."
  as_root rabbitmq-server -detached >/dev/null 2>&1 || true
  wait_port RabbitMQ 5672 90
}

ensure_redis() {
  port_open 6379 && return 0
  command -v redis-server >/dev/null || install_packages redis-server || return 1
  echo "Starting Redis ..."
  redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save "" --appendonly no >/dev/null
  wait_port Redis 6379 30
}

ensure_services() { ensure_rabbitmq && ensure_redis; }
