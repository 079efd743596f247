#!/usr/bin/env bash
# Installs Debian's Chromium and its ChromeDriver for the real-browser tests, if they are missing (idempotent).
set -euo pipefail
if ! command -v chromium >/dev/null 2>&1 || ! command -v chromedriver >/dev/null 2>&1; then
  bash "$(dirname "$0")/apt-install.sh" chromium chromium-driver
fi
