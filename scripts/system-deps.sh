#!/usr/bin/env bash
# The one list of Debian packages Orrery's tests and benchmarks need; installs the missing ones.
#   postgresql  e2e suite on PostgreSQL (scripts/postgres.sh starts a throwaway cluster)
#   wrk         load tool of test/bench
#   nginx       reverse-proxy comparisons of test/bench
#   chromium    the browser of test/browser (driven by playwright-core)
#   docker.io   the Docker Engine of test/docker and images/ (scripts/docker-engine.sh starts it)
#   debootstrap builds the offline single-user base image (images/build-base.sh)
#   docker-compose  checks images/docker-compose.yml (test/docker)
#   openssl     throwaway TLS certificates of test/browser (the LTI iframe flow over HTTPS)
#   python3-venv  the servers' venvs of scripts/python-peers.sh when the default Python sits where
#               the servers' own uids cannot reach it (a pyenv under /root)
# Does nothing (and needs no network) when all are present.
set -euo pipefail

PACKAGES=(postgresql wrk nginx chromium docker.io debootstrap docker-compose openssl python3-venv)

missing=()
for pkg in "${PACKAGES[@]}"; do
  status="$(dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null || true)"
  [[ "$status" == "install ok installed" ]] || missing+=("$pkg")
done

if ((${#missing[@]} == 0)); then
  echo "system-deps: all present (${PACKAGES[*]})"
  exit 0
fi

sudo=()
if [[ "$(id -u)" != 0 ]]; then
  if ! command -v sudo >/dev/null; then
    echo "system-deps: missing ${missing[*]}; run this script as root to install them" >&2
    exit 1
  fi
  sudo=(sudo)
fi

echo "system-deps: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
"${sudo[@]}" apt-get update -qq
"${sudo[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" </dev/null
