#!/usr/bin/env bash
# The Docker Engine the docker suites and images/build.sh talk to.
#   docker-engine.sh start   starts dockerd (Debian's docker.io) unless `docker info` already
#                            answers, waits for it (bounded) and prints the engine's version
# A dockerd started here runs in the background with its log in ${TMPDIR:-/tmp}/orrery-dockerd.log;
# it is left running, so images built once stay in the engine between runs.
set -euo pipefail

# How long to wait for a starting engine to answer, in seconds.
WAIT_SECONDS="${ORRERY_DOCKERD_WAIT:-60}"

usage() {
  echo "usage: docker-engine.sh start" >&2
  exit 2
}

engine_answers() { docker info >/dev/null 2>&1; }

start_engine() {
  if engine_answers; then
    echo "docker-engine: already running"
  else
    if ! command -v dockerd >/dev/null; then
      echo "docker-engine: dockerd not found; run scripts/system-deps.sh (package docker.io)" >&2
      exit 1
    fi
    if [[ "$(id -u)" != 0 ]]; then
      echo "docker-engine: the engine is not running and starting dockerd needs root" >&2
      exit 1
    fi
    local log="${TMPDIR:-/tmp}/orrery-dockerd.log"
    echo "docker-engine: starting dockerd (log: $log)"
    # setsid: the engine outlives this script and the test run's process group
    setsid nohup dockerd >"$log" 2>&1 </dev/null &
    local pid=$! deadline=$((SECONDS + WAIT_SECONDS))
    until engine_answers; do
      if ! kill -0 "$pid" 2>/dev/null || ((SECONDS >= deadline)); then
        echo "docker-engine: dockerd exited or did not answer within ${WAIT_SECONDS} s; end of $log:" >&2
        tail -n 20 "$log" >&2 || true
        exit 1
      fi
      sleep 0.5
    done
  fi
  echo "docker-engine: server $(docker version --format '{{.Server.Version}}')"
}

case "${1:-}" in
  start) start_engine ;;
  *) usage ;;
esac
