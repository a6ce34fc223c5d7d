#!/usr/bin/env bash
# Install headless Chromium + chromedriver (Debian packages) for the browser tests and bench/viz_bench.py.
# Idempotent: does nothing (exit 0) when /usr/bin/chromium and /usr/bin/chromedriver are both there.
# Runs apt-get as root, or through sudo when not root; prints one line on stderr saying what it did.
set -euo pipefail

CHROMIUM=/usr/bin/chromium
DRIVER=/usr/bin/chromedriver

if [[ -x "$CHROMIUM" && -x "$DRIVER" ]]; then
    echo "install_browser: chromium and chromedriver already installed ($("$DRIVER" --version 2>/dev/null | cut -d' ' -f1-2))" >&2
    exit 0
fi

if [[ "$(id -u)" -eq 0 ]]; then
    SUDO=()
elif command -v sudo >/dev/null 2>&1; then
    SUDO=(sudo -n)
else
    echo "install_browser: need root (or sudo) to apt-get install chromium chromium-driver" >&2
    exit 1
fi
if ! command -v apt-get >/dev/null 2>&1; then
    echo "install_browser: apt-get not found; install Chromium and chromedriver at $CHROMIUM and $DRIVER by hand" >&2
    exit 1
fi

log=$(mktemp)
trap 'rm -f "$log"' EXIT
export DEBIAN_FRONTEND=noninteractive
if ! { "${SUDO[@]}" apt-get update -q &&
       "${SUDO[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends \
           chromium chromium-driver fonts-dejavu-core; } >"$log" 2>&1; then
    tail -n 20 "$log" >&2
    echo "install_browser: apt-get install chromium chromium-driver failed" >&2
    exit 1
fi
if [[ ! -x "$CHROMIUM" || ! -x "$DRIVER" ]]; then
    echo "install_browser: installed packages but $CHROMIUM or $DRIVER is still missing" >&2
    exit 1
fi
echo "install_browser: installed chromium and chromium-driver with apt-get ($("$DRIVER" --version 2>/dev/null | cut -d' ' -f1-2))" >&2
