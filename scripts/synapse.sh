#!/usr/bin/env bash
# A throwaway Synapse homeserver for the Matrix end-to-end test.
#
#   scripts/synapse.sh install            install matrix-synapse (PyPI) into a
#                                         virtualenv; prints its python path
#   scripts/synapse.sh config DIR PORT [PUBLIC_URL]
#                                         write DIR/homeserver.yaml (SQLite,
#                                         loopback, shared-secret registration,
#                                         rate limits raised) and signing keys;
#                                         PUBLIC_URL is the address clients are
#                                         told to use (a proxy in front)
#
# The virtualenv lives in $SYNAPSE_VENV (default target/synapse-venv), so a
# second run costs nothing. Everything it needs comes from PyPI.
set -euo pipefail
cd "$(dirname "$0")/.."
venv=${SYNAPSE_VENV:-$PWD/target/synapse-venv}
version=${SYNAPSE_VERSION:-1.163.2}

install() {
  # Tests start homeservers in parallel: one installs, the others wait for
  # it (two at once made the same virtualenv and one failed).
  mkdir -p "$(dirname "$venv")"
  exec 9> "$venv.lock"
  flock 9
  if [ ! -x "$venv/bin/python" ] || ! "$venv/bin/python" -c "import synapse" 2>/dev/null; then
    rm -rf "$venv"
    python3 -m venv "$venv" >&2
    "$venv/bin/pip" install --quiet --disable-pip-version-check "matrix-synapse==$version" >&2
  fi
  flock -u 9
  echo "$venv/bin/python"
}

config() {
  local dir=$1 port=$2 public=${3:-http://127.0.0.1:$2/}
  mkdir -p "$dir/media"
  cat > "$dir/homeserver.yaml" <<YAML
server_name: "localhost"
pid_file: "$dir/homeserver.pid"
public_baseurl: "$public"
listeners:
  - port: $port
    bind_addresses: ['127.0.0.1']
    type: http
    tls: false
    x_forwarded: false
    resources:
      - names: [client]
        compress: false
database:
  name: sqlite3
  args:
    database: "$dir/homeserver.db"
media_store_path: "$dir/media"
signing_key_path: "$dir/signing.key"
registration_shared_secret: "faktabot-test-secret"
macaroon_secret_key: "faktabot-test-macaroon"
form_secret: "faktabot-test-form"
report_stats: false
enable_registration: false
trusted_key_servers: []
suppress_key_server_warning: true
federation_domain_whitelist: []
presence:
  enabled: false
rc_message: {per_second: 1000, burst_count: 1000}
rc_registration: {per_second: 1000, burst_count: 1000}
rc_login:
  address: {per_second: 1000, burst_count: 1000}
  account: {per_second: 1000, burst_count: 1000}
  failed_attempts: {per_second: 1000, burst_count: 1000}
rc_joins:
  local: {per_second: 1000, burst_count: 1000}
  remote: {per_second: 1000, burst_count: 1000}
rc_invites:
  per_room: {per_second: 1000, burst_count: 1000}
  per_user: {per_second: 1000, burst_count: 1000}
  per_issuer: {per_second: 1000, burst_count: 1000}
YAML
  "$venv/bin/python" -m synapse.app.homeserver -c "$dir/homeserver.yaml" --generate-keys >&2
}

case "${1:-}" in
  install) install ;;
  config) install >/dev/null; config "$2" "$3" "${4:-}" ;;
  *) echo "usage: $0 install | config DIR PORT [PUBLIC_URL]" >&2; exit 2 ;;
esac
