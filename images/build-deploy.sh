#!/usr/bin/env bash
# Builds the images of a compose deployment without a registry, for the deployment smoke test
# (test/docker/compose-stack.docker-spec.ts), each skipped when its inputs did not change:
#   orrery/node-base:local  images/node-base: the offline base plus this machine's Node and npm
#   orrery/postgres:local   images/postgres: Debian's PostgreSQL with the official image's env
#   orrery/hub:local        images/hub/Dockerfile with NODE_IMAGE=orrery/node-base:local (npm ci
#                           inside, from the npm registry; Docker's layer cache keeps it warm)
# Needs orrery/singleuser-base:local (images/build.sh) and a running engine.
set -euo pipefail

images="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(dirname "$images")"
BASE_IMAGE=orrery/singleuser-base:local
HASH_LABEL=org.orrery.input-hash
started=$SECONDS
work="$(mktemp -d "${TMPDIR:-/tmp}/orrery-deploy-images.XXXXXX")"
trap 'rm -rf "$work"' EXIT
base_id="$(docker image inspect --format '{{.Id}}' "$BASE_IMAGE")"

# build TAG CONTEXT INPUT_HASH [docker build args...]: builds unless TAG carries INPUT_HASH.
build() {
  local tag="$1" context="$2" input_hash="$3" t=$SECONDS built
  shift 3
  built="$(docker image inspect --format "{{ index .Config.Labels \"$HASH_LABEL\" }}" "$tag" 2>/dev/null || true)"
  if [[ "$built" == "$input_hash" && "${ORRERY_REBUILD:-}" != 1 ]]; then
    echo "deploy-images: $tag is up to date, skipped"
    return
  fi
  if ! docker build --tag "$tag" --label "$HASH_LABEL=$input_hash" "$@" "$context" \
    >"$work/build.log" 2>&1; then
    echo "deploy-images: building $tag failed; end of its log:" >&2
    tail -n 40 "$work/build.log" >&2
    exit 1
  fi
  echo "deploy-images: built $tag in $((SECONDS - t)) s"
}

node_bin="$(readlink -f "$(command -v node)")"
npm_dir="$(dirname "$(dirname "$(readlink -f "$(command -v npm)")")")"
mkdir "$work/node-base"
cp "$images/node-base/Dockerfile" "$node_bin" "$work/node-base/"
mv "$work/node-base/$(basename "$node_bin")" "$work/node-base/node" 2>/dev/null || true
cp -r "$npm_dir" "$work/node-base/npm"
cp -r "$(dirname "$(dirname "$node_bin")")/include/node" "$work/node-base/include"
node_hash="$({ cat "$images/node-base/Dockerfile"; echo "$base_id $("$node_bin" --version) $(npm --version)"; } | sha256sum | cut -c1-16)"
build orrery/node-base:local "$work/node-base" "$node_hash" --build-arg "BASE_IMAGE=$BASE_IMAGE"

pg_hash="$(cat "$images/postgres/Dockerfile" "$images/postgres/entrypoint.sh" <(echo "$base_id") | sha256sum | cut -c1-16)"
build orrery/postgres:local "$images/postgres" "$pg_hash" --build-arg "BASE_IMAGE=$BASE_IMAGE"

# The hub image holds the committed sources: its hash covers every tracked file it copies.
node_id="$(docker image inspect --format '{{.Id}}' orrery/node-base:local)"
hub_hash="$(
  cd "$repo"
  {
    git ls-files -s -- package.json package-lock.json tsconfig.json tsconfig.build.json apps libs migrations bin images/hub
    git diff HEAD -- package.json package-lock.json tsconfig.json tsconfig.build.json apps libs migrations bin images/hub
    echo "$node_id"
  } | sha256sum | cut -c1-16
)"
build orrery/hub:local "$repo" "$hub_hash" -f "$images/hub/Dockerfile" \
  --build-arg NODE_IMAGE=orrery/node-base:local
echo "deploy-images: done in $((SECONDS - started)) s"
