#!/usr/bin/env bash
# Installs what building, running and testing gif-chat needs, if it is missing: Java 17, Maven, Node.js and npm,
# and procps (ps and kill: the cluster scripts find their nodes with ps, the fault tests signal processes with kill).
# Idempotent; on a machine that has them it only prints their versions.
set -euo pipefail

missing=()
command -v java >/dev/null 2>&1 && command -v javac >/dev/null 2>&1 || missing+=(openjdk-17-jdk-headless)
command -v mvn >/dev/null 2>&1 || missing+=(maven)
command -v node >/dev/null 2>&1 || missing+=(nodejs)
command -v npm >/dev/null 2>&1 || missing+=(npm)
command -v ps >/dev/null 2>&1 && [ -x /bin/kill ] || missing+=(procps)

if [ ${#missing[@]} -gt 0 ]; then
  bash "$(dirname "$0")/apt-install.sh" "${missing[@]}"
fi

java_major=$(java -XshowSettings:properties -version 2>&1 | awk -F'= ' '/java.specification.version/ {print $2}')
if [ "${java_major%%.*}" -lt 17 ]; then
  echo "gif-chat needs Java 17 or newer; java here is $java_major" >&2
  exit 1
fi
echo "java $java_major, $(mvn -v 2>/dev/null | head -1 | sed 's/\x1b\[[0-9;]*m//g'), node $(node --version), npm $(npm --version)"
