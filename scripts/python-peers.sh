#!/usr/bin/env bash
# Python peers the tests and benchmarks run against, each in its own venv under .venv/:
#   .venv/jupyterhub  the real JupyterHub (compared with Orrery in test/bench)
#   .venv/tools       schemathesis (test/schema)
#   .venv/singleuser    jupyterhub-singleuser 6.x + jupyter_server + JupyterLab + ipykernel, the
#                       servers spawned in test/compat and test/browser
#   .venv/singleuser-5  the same with jupyterhub-singleuser 5.x (no JupyterLab)
#   .venv/singleuser-4  the same with jupyterhub-singleuser 4.1.x (no JupyterLab)
#   .venv/culler      jupyterhub-idle-culler, run as a managed service in test/e2e
#   .venv/oauthlib    oauthlib, which signs the LTI 1.1 launches of test/e2e and test/browser
#   .venv/nbgrader    nbgrader 0.9.x with the singleuser venv's server, JupyterLab and kernel: the
#                     course grader services and course members' servers of test/compat
# Versions are pinned here, and every package beneath them by scripts/python-locks/NAME.txt
# (`pip freeze` of a venv that passed, used as pip constraints); a venv is rebuilt only when its
# pin or its lock changes. Prints the paths.
# Arguments name the venvs to ensure (`python-peers.sh singleuser`, as `npm start` does); none
# means all of them.
set -euo pipefail

JUPYTERHUB_VERSION=6.1.1
SCHEMATHESIS_VERSION=4.32.5
JUPYTER_SERVER_VERSION=2.17.0
JUPYTERLAB_VERSION=4.5.6
IPYKERNEL_VERSION=6.31.0
SINGLEUSER_5_VERSION=5.4.6
SINGLEUSER_4_VERSION=4.1.6
IDLE_CULLER_VERSION=2.0.0
OAUTHLIB_VERSION=4.0.1
NBGRADER_VERSION=0.9.6

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
python="${PYTHON:-python3}"

# ensure_venv DIR STAMP PACKAGE...: (re)creates DIR with PACKAGEs, constrained by its lock,
# unless DIR/.stamp already says STAMP and the lock's hash.
ensure_venv() {
  local dir="$1" lock
  lock="$repo/scripts/python-locks/$(basename "$dir").txt"
  local stamp="$2 lock=$(sha256sum "$lock" | cut -c1-16)"
  shift 2
  if [[ -f "$dir/.stamp" && "$(cat "$dir/.stamp")" == "$stamp" && -x "$dir/bin/python" ]]; then
    return 0
  fi
  echo "python-peers: installing $* into ${dir#"$repo"/} (pip, quiet; a few minutes the first time)" >&2
  rm -rf "$dir"
  "${venv_python:-$python}" -m venv "$dir"
  "$dir/bin/python" -m pip install --quiet --disable-pip-version-check --upgrade pip >&2
  "$dir/bin/python" -m pip install --quiet --disable-pip-version-check -c "$lock" "$@" >&2
  echo "$stamp" >"$dir/.stamp"
}

wanted=("$@")
# want NAME: whether the venv .venv/NAME was asked for (all are when none was named)
want() { ((${#wanted[@]} == 0)) || [[ " ${wanted[*]} " == *" $1 "* ]]; }

server_pins=("jupyter_server==$JUPYTER_SERVER_VERSION" "ipykernel==$IPYKERNEL_VERSION")

# usable_by_all PYTHON: whether every uid can reach PYTHON's real file and its standard library
# (each folder above them searchable by others).
usable_by_all() {
  local path
  for path in $("$1" -c 'import os, sys; print(os.path.realpath(sys.executable), os.path.realpath(sys.base_prefix))'); do
    while [[ "$path" != / ]]; do
      (($(stat -Lc '0%a' "$path") & 1)) || return 1
      path="$(dirname "$path")"
    done
  done
}
# A hub run as root runs each server under a uid of its own, which must run the servers' venvs:
# an interpreter under /root (a pyenv, mode 0700) it cannot, so /usr/bin/python3 is taken then.
# The interpreter is part of those venvs' stamps, so a venv made with an unreachable one is remade.
server_python="$python"
if ! usable_by_all "$python" && [[ -x /usr/bin/python3 ]] && usable_by_all /usr/bin/python3; then
  server_python=/usr/bin/python3
fi
server_stamp="python=$("$server_python" -c 'import os, sys; print(os.path.realpath(sys.base_prefix))')"
if want jupyterhub; then
  ensure_venv "$repo/.venv/jupyterhub" "jupyterhub==$JUPYTERHUB_VERSION" "jupyterhub==$JUPYTERHUB_VERSION"
fi
if want tools; then
  ensure_venv "$repo/.venv/tools" "schemathesis==$SCHEMATHESIS_VERSION" \
    "schemathesis==$SCHEMATHESIS_VERSION"
fi
if want singleuser; then
  venv_python="$server_python" ensure_venv "$repo/.venv/singleuser" \
    "jupyterhub==$JUPYTERHUB_VERSION ${server_pins[*]} jupyterlab==$JUPYTERLAB_VERSION $server_stamp" \
    "jupyterhub==$JUPYTERHUB_VERSION" "${server_pins[@]}" "jupyterlab==$JUPYTERLAB_VERSION"
fi
if want singleuser-5; then
  venv_python="$server_python" ensure_venv "$repo/.venv/singleuser-5" \
    "jupyterhub==$SINGLEUSER_5_VERSION ${server_pins[*]} $server_stamp" \
    "jupyterhub==$SINGLEUSER_5_VERSION" "${server_pins[@]}"
fi
if want singleuser-4; then
  venv_python="$server_python" ensure_venv "$repo/.venv/singleuser-4" \
    "jupyterhub==$SINGLEUSER_4_VERSION ${server_pins[*]} $server_stamp" \
    "jupyterhub==$SINGLEUSER_4_VERSION" "${server_pins[@]}"
fi
if want nbgrader; then
  venv_python="$server_python" ensure_venv "$repo/.venv/nbgrader" \
    "nbgrader==$NBGRADER_VERSION jupyterhub==$JUPYTERHUB_VERSION ${server_pins[*]} jupyterlab==$JUPYTERLAB_VERSION $server_stamp" \
    "nbgrader==$NBGRADER_VERSION" "jupyterhub==$JUPYTERHUB_VERSION" "${server_pins[@]}" \
    "jupyterlab==$JUPYTERLAB_VERSION"
fi
if want culler; then
  ensure_venv "$repo/.venv/culler" "jupyterhub-idle-culler==$IDLE_CULLER_VERSION" \
    "jupyterhub-idle-culler==$IDLE_CULLER_VERSION"
fi
if want oauthlib; then
  ensure_venv "$repo/.venv/oauthlib" "oauthlib==$OAUTHLIB_VERSION" "oauthlib==$OAUTHLIB_VERSION"
fi

echo "JUPYTERHUB_BIN=$repo/.venv/jupyterhub/bin/jupyterhub"
echo "SCHEMATHESIS_BIN=$repo/.venv/tools/bin/st"
echo "SINGLEUSER_BIN=$repo/.venv/singleuser/bin/jupyterhub-singleuser"
echo "SINGLEUSER_5_BIN=$repo/.venv/singleuser-5/bin/jupyterhub-singleuser"
echo "SINGLEUSER_4_BIN=$repo/.venv/singleuser-4/bin/jupyterhub-singleuser"
echo "IDLE_CULLER_PYTHON=$repo/.venv/culler/bin/python"
echo "OAUTHLIB_PYTHON=$repo/.venv/oauthlib/bin/python"
echo "NBGRADER_BIN_DIR=$repo/.venv/nbgrader/bin"
