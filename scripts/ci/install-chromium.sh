#!/usr/bin/env bash
# Installs Debian's chromium for tests/charts.rs, which opens the HTML report
# in a real headless browser. Root only; idempotent.
set -euo pipefail

if [ "$(id -u)" -ne 0 ]; then
    echo "install-chromium.sh: run as root (it installs a Debian package)" >&2
    exit 1
fi
if ! command -v chromium >/dev/null; then
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -q >/dev/null
    apt-get install -y -q chromium >/dev/null
fi
chromium --version 2>/dev/null
