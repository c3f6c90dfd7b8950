#!/usr/bin/env bash
# Makes sure `redis-server` is installed, for the test of two Telegram
# webhook replicas sharing context through Redis (tests/telegram.rs).
# Installs Debian's package when it is missing (as root, or with sudo).
# Prints the path of redis-server.
set -euo pipefail
if ! command -v redis-server >/dev/null 2>&1; then
    sudo=""
    if [ "$(id -u)" != 0 ]; then sudo="sudo"; fi
    export DEBIAN_FRONTEND=noninteractive
    $sudo apt-get update -qq >/dev/null
    $sudo apt-get install -y -qq --no-install-recommends redis-server >/dev/null
fi
command -v redis-server
