#!/bin/sh
# Creates (or updates) the RabbitMQ users of one Trawl namespace with least privilege (docs/security.md): the
# orchestrator may do anything within the namespace; a worker may consume tasks and publish events, retries and
# dead letters, but not publish tasks or control orders. Permissions come from deploy/rabbitmq/permissions.tsv.
#
#   scripts/broker-users.sh NAMESPACE ORCHESTRATOR_PASSWORD WORKER_PASSWORD [VHOST]
#
# Users are <namespace>-orchestrator and <namespace>-worker in VHOST (default /), created with rabbitmqctl, or
# through the management HTTP API when RABBITMQ_API is set (e.g. http://admin:secret@rabbitmq:15672, as the
# compose stack does). POSIX sh, so it also runs in a minimal curl container.
set -eu
NAMESPACE=${1:?namespace}
ORCHESTRATOR_PASSWORD=${2:?orchestrator password}
WORKER_PASSWORD=${3:?worker password}
VHOST=${4:-/}
HERE=$(cd "$(dirname "$0")" && pwd)
TABLE=${PERMISSIONS_TSV:-$HERE/../deploy/rabbitmq/permissions.tsv}
NS=$(printf '%s' "$NAMESPACE" | sed 's/\./\\\\./g')

permission() { # role column(2..4)
  grep -v '^#' "$TABLE" | awk -F '\t' -v role="$1" -v col="$2" '$1 == role { print $col }' | sed "s/NS/$NS/g"
}

json_escape() { printf '%s' "$1" | sed 's/\\/\\\\/g; s/"/\\"/g'; }

create() { # role password
  user="$NAMESPACE-$1"
  configure=$(permission "$1" 2); write=$(permission "$1" 3); read=$(permission "$1" 4)
  if [ -n "${RABBITMQ_API:-}" ]; then
    vhost=$(printf '%s' "$VHOST" | sed 's|/|%2F|g')
    curl -fsS -X PUT -H 'content-type: application/json' "$RABBITMQ_API/api/vhosts/$vhost" >/dev/null
    curl -fsS -X PUT -H 'content-type: application/json' \
      -d "{\"password\":\"$(json_escape "$2")\",\"tags\":\"\"}" "$RABBITMQ_API/api/users/$user" >/dev/null
    curl -fsS -X PUT -H 'content-type: application/json' \
      -d "{\"configure\":\"$(json_escape "$configure")\",\"write\":\"$(json_escape "$write")\",\"read\":\"$(json_escape "$read")\"}" \
      "$RABBITMQ_API/api/permissions/$vhost/$user" >/dev/null
  else
    rabbitmqctl -q add_vhost "$VHOST" 2>/dev/null || true
    rabbitmqctl -q add_user "$user" "$2" 2>/dev/null || rabbitmqctl -q change_password "$user" "$2"
    rabbitmqctl -q set_permissions -p "$VHOST" "$user" "$configure" "$write" "$read"
  fi
  echo "broker user $user: configure $configure, write $write, read $read"
}

create orchestrator "$ORCHESTRATOR_PASSWORD"
create worker "$WORKER_PASSWORD"
