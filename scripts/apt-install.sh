#!/usr/bin/env bash
# Installs the given Debian/Ubuntu packages non-interactively (as root, or through sudo). Used by the set-up scripts.
set -euo pipefail
if ! command -v apt-get >/dev/null 2>&1; then
  echo "Please install: $* (this script knows only Debian/Ubuntu's apt-get)" >&2
  exit 1
fi
sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get -o DPkg::Lock::Timeout=300 update -qq
$sudo apt-get -o DPkg::Lock::Timeout=300 install -y -qq "$@" >/dev/null
