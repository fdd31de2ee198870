#!/usr/bin/env bash
# Node dependencies and the build: what `npm start` and `npm test` need before anything runs.
# `npm ci` runs only when node_modules is missing or no longer matches package-lock.json.
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$repo"

stamp=node_modules/.orrery-lock-sha256
lock_hash="$(sha256sum package-lock.json | cut -d' ' -f1)"

if [[ ! -d node_modules ]]; then
  echo "setup: node_modules missing, running npm ci (a minute or two the first time)"
  npm ci --no-audit --no-fund
elif [[ "$(cat "$stamp" 2>/dev/null)" != "$lock_hash" ]]; then
  # The lock changed since the last setup; an `npm install` may already have brought
  # node_modules in line, which `npm ls` confirms far faster than a clean install.
  if ! npm ls --all >/dev/null 2>&1; then
    echo "setup: package-lock.json changed, running npm ci"
    npm ci --no-audit --no-fund
  fi
fi
echo "$lock_hash" >"$stamp"

# The build is redone only when a source, a tsconfig or the lock is newer than the last build
# (a warm `npm start` with nothing changed starts at once). The stamp is written after a build
# that succeeded, so a failed one is retried next time.
build_stamp=dist/.orrery-build-stamp
if [[ ! -f "$build_stamp" ]] ||
  [[ -n "$(find apps libs migrations tsconfig.json tsconfig.build.json package-lock.json \
    -newer "$build_stamp" \( -name '*.ts' -o -name '*.json' \) -print -quit)" ]]; then
  echo "setup: building (tsc, about 30 s)"
  npm run --silent build
  touch "$build_stamp"
else
  echo "setup: build is up to date"
fi
