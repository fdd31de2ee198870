#!/usr/bin/env bash
# `npm start`: sets up what the embedded default needs (node_modules and the build, and the
# single-user Python environment .venv/singleuser with jupyterhub-singleuser and JupyterLab),
# then starts the hub. Arguments go to `orrery start` (e.g. `--config orrery.yaml`).
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$repo"

bash scripts/setup.sh
bash scripts/python-peers.sh singleuser >/dev/null
# The default Spawner.cmd, jupyterhub-singleuser, is found on the PATH servers inherit.
export PATH="$repo/.venv/singleuser/bin:$PATH"
# jupyter_server refuses to run as root unless told to; the embedded default runs servers as the
# user who started the hub, so a hub started as root needs it (unless the config says otherwise).
if [[ "$(id -u)" == 0 && -z "${ORRERY_SPAWNER__ARGS:-}" ]]; then
  export ORRERY_SPAWNER__ARGS='["--allow-root"]'
fi
# Through its shebang, which gives node the flags the embedded proxy runs best with.
exec bin/orrery.js start "$@"
