#!/usr/bin/env bash
# Installs Debian's Chromium and its ChromeDriver for the real-browser tests, if they are missing (idempotent).
set -euo pipefail
if command -v chromium >/dev/null 2>&1 && command -v chromedriver >/dev/null 2>&1; then
  exit 0
fi
if ! command -v apt-get >/dev/null 2>&1; then
  echo "Please install Chromium and ChromeDriver (/usr/bin/chromium, /usr/bin/chromedriver)" >&2
  exit 1
fi
sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get -o DPkg::Lock::Timeout=300 update -qq
$sudo apt-get -o DPkg::Lock::Timeout=300 install -y -qq chromium chromium-driver >/dev/null
