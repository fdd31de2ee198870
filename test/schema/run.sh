#!/usr/bin/env bash
# The schemathesis run of `npm test` (and by hand): JupyterHub's OpenAPI file against a freshly
# started Orrery. `bash test/schema/run.sh --hub jupyterhub` runs the same against the real
# JupyterHub; see README.md here for the options.
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
bash "$repo/scripts/python-peers.sh" >/dev/null
exec node "$repo/test/schema/run.js" "$@"
