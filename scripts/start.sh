#!/usr/bin/env bash
# `npm start`: sets up what the embedded default needs (node_modules and the build, and the
# single-user Python environment .venv/singleuser with jupyterhub-singleuser and JupyterLab),
# then starts the hub. Arguments go to `orrery start` (e.g. `--config orrery.yaml`).
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$repo"

bash scripts/setup.sh
bash scripts/python-peers.sh singleuser >/dev/null
# `orrery start` itself puts .venv/singleuser/bin first on the PATH servers inherit, so the
# default Spawner.cmd is found the same way whichever command starts the hub.
# As root each user's server runs under its own uid (LocalProcessSpawner.uid_range). Otherwise
# every server would run as this user, so with no config of its own the hub listens on loopback
# only (a non-loopback bind_url then needs JupyterHub.allow_public_bind_without_user_isolation).
if [[ "$(id -u)" != 0 && $# == 0 && -z "${ORRERY_JUPYTERHUB__BIND_URL:-}" ]]; then
  export ORRERY_JUPYTERHUB__BIND_URL='http://127.0.0.1:8000'
fi
# Through its shebang, which gives node the flags the embedded proxy runs best with.
exec bin/orrery.js start "$@"
