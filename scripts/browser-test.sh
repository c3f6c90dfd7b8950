#!/usr/bin/env bash
# Real-browser end-to-end test of the web chat page.
#
#   scripts/browser-test.sh URL OUTDIR
#
# URL is where `faktabot serve` (or tests/browser/mock-server.mjs) answers,
# e.g. http://127.0.0.1:8930; screenshots go to OUTDIR. Installs what is
# missing first: Debian's chromium (apt, as root) and the test's node
# modules (npm ci in tests/browser, when node_modules is missing or does not
# match package-lock.json). Exits 0 only when every check passed; the last
# line is "browser: N passed, M failed".
set -euo pipefail

CHECKS=9

usage() {
  echo "usage: $0 URL OUTDIR" >&2
  exit 2
}
[ "$#" -eq 2 ] || usage
url=$1
out=$2
case "$url" in
  http://* | https://*) ;;
  *) echo "browser-test: URL must start with http:// or https:// (got '$url')" >&2; usage ;;
esac

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
dir="$root/tests/browser"
chromium=${CHROMIUM:-/usr/bin/chromium}

export DEBIAN_FRONTEND=noninteractive
export NPM_CONFIG_UPDATE_NOTIFIER=false NPM_CONFIG_FUND=false NPM_CONFIG_AUDIT=false

ran=0
finish() {
  local rc=$?
  if [ "$ran" -eq 0 ]; then
    echo "browser-test: setup failed (exit $rc); no check ran" >&2
    echo "browser: 0 passed, $CHECKS failed"
  fi
  exit "$rc"
}
trap finish EXIT

as_root() {
  if [ "$(id -u)" -eq 0 ]; then
    "$@"
  elif command -v sudo > /dev/null 2>&1; then
    sudo -n "$@"
  else
    echo "browser-test: need root to run: $*" >&2
    return 1
  fi
}

apt_install() {
  echo "browser-test: installing $* with apt-get" >&2
  as_root apt-get update -qq
  as_root apt-get install -y -qq -o Dpkg::Use-Pty=0 "$@" > /dev/null
}

# --- Chromium ---------------------------------------------------------------
if [ ! -x "$chromium" ]; then
  if [ "$chromium" != /usr/bin/chromium ]; then
    echo "browser-test: CHROMIUM=$chromium is not an executable" >&2
    exit 1
  fi
  apt_install chromium fonts-liberation fonts-dejavu-core
fi
"$chromium" --version 2> /dev/null | head -n 1 || true

# --- Node.js ----------------------------------------------------------------
if ! command -v node > /dev/null 2>&1 || ! command -v npm > /dev/null 2>&1; then
  apt_install nodejs npm
fi
node_major=$(node -p 'process.versions.node.split(".")[0]')
if [ "$node_major" -lt 20 ]; then
  echo "browser-test: playwright-core needs Node.js 20 or newer; this is $(node --version)" >&2
  exit 1
fi

# --- node modules -----------------------------------------------------------
# Stale when the lock file changed since the last `npm ci` here.
stamp="$dir/node_modules/.faktabot-lock.sha256"
want=$(sha256sum "$dir/package-lock.json" | cut -d' ' -f1)
have=$(cat "$stamp" 2> /dev/null || true)
if [ ! -d "$dir/node_modules/playwright-core" ] || [ ! -d "$dir/node_modules/axe-core" ] || [ "$want" != "$have" ]; then
  echo "browser-test: npm ci in tests/browser" >&2
  (cd "$dir" && npm ci --no-audit --no-fund --loglevel=error --ignore-scripts > /dev/null)
  echo "$want" > "$stamp"
fi

# --- the test ---------------------------------------------------------------
mkdir -p "$out"
ran=1
set +e
CHROMIUM="$chromium" node "$dir/e2e.mjs" --url "$url" --out "$out"
rc=$?
set -e
exit "$rc"
