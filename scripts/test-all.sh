#!/usr/bin/env bash
# `npm test`: installs what is missing, then runs every suite in order and stops at the first failure.
#   lint, typecheck, unit, e2e on SQLite, schema agreement and e2e on PostgreSQL, contracts,
#   compat, docker (a real Docker Engine with the images of images/, the compose stack included),
#   browser (Chromium), schemathesis (test/schema)
# A throwaway PostgreSQL cluster is started for the PostgreSQL pass and always stopped on exit.
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$repo"

work="$(mktemp -d "${TMPDIR:-/tmp}/orrery-test-all.XXXXXX")"
started=$SECONDS
passed_steps=()
current=setup

cleanup() {
  local status=$?
  if [[ -n "${ORRERY_PG_DIR:-}" ]]; then
    bash scripts/postgres.sh stop "$ORRERY_PG_DIR" || echo "test-all: could not stop PostgreSQL in $ORRERY_PG_DIR" >&2
  fi
  summarise "$status"
  rm -rf "$work"
  exit "$status"
}

# Adds up the jest result files of the steps that ran, so the last line counts real tests.
summarise() {
  local status="$1" counts
  counts="$(node -e '
    const fs = require("fs");
    let passed = 0, failed = 0;
    for (const f of process.argv.slice(1)) {
      const r = JSON.parse(fs.readFileSync(f, "utf8"));
      passed += r.numPassedTests;
      failed += r.numFailedTests;
    }
    console.log(`${passed} passed, ${failed} failed`);
  ' "$work"/*.json 2>/dev/null || echo "0 passed, 0 failed")"
  echo
  if [[ "$status" == 0 ]]; then
    echo "test-all: all steps passed (${passed_steps[*]}) in $((SECONDS - started)) s"
  else
    echo "test-all: FAILED at step '$current' (exit $status) after $((SECONDS - started)) s;" \
      "passed before it: ${passed_steps[*]:-none}"
  fi
  echo "jest: $counts"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# step NAME CMD...: runs one step with a banner; set -e ends the script at the first failure.
step() {
  current="$1"
  shift
  echo
  echo "=== test-all: $current: $*"
  local t=$SECONDS
  "$@"
  echo "=== test-all: $current passed in $((SECONDS - t)) s"
  passed_steps+=("$current")
}

# jest_step NAME PROJECT [ARGS...]: a jest project, its results kept for the summary.
jest_step() {
  local name="$1" project="$2"
  shift 2
  step "$name" npx jest --selectProjects "$project" \
    --json --outputFile="$work/$name.json" "$@"
}

step system-deps bash scripts/system-deps.sh
step setup bash scripts/setup.sh
step python-peers bash scripts/python-peers.sh
step lint npm run --silent lint
step typecheck npm run --silent typecheck
jest_step unit unit
unset ORRERY_TEST_DATABASE_URL # the e2e fixtures pick PostgreSQL only when it is set
jest_step e2e-sqlite e2e --runInBand

current=postgres-start
pg_env="$(bash scripts/postgres.sh start)"
eval "$pg_env"
echo "=== test-all: PostgreSQL at $ORRERY_TEST_DATABASE_URL"
# the unit tier ran before PostgreSQL was up, so its schema-agreement spec skipped PostgreSQL
jest_step schema-postgres unit migrations/schema-agreement.spec.ts
jest_step e2e-postgres e2e --runInBand
bash scripts/postgres.sh stop "$ORRERY_PG_DIR"
unset ORRERY_PG_DIR ORRERY_TEST_DATABASE_URL

jest_step contracts contracts --runInBand
jest_step compat compat --runInBand
step docker-engine bash scripts/docker-engine.sh start
step images bash images/build.sh
step deploy-images bash images/build-deploy.sh
jest_step docker docker --runInBand
jest_step browser browser --runInBand
step schema bash test/schema/run.sh
