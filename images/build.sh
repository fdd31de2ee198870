#!/usr/bin/env bash
# Builds the images the docker suites run, offline, skipping each one whose inputs did not change:
#   orrery/singleuser-base:local  images/build-base.sh (debootstrap + PyPI, no registry)
#   orrery/singleuser:local, orrery/learner:local, orrery/instructor:local, orrery/grader:local
#                                 images/<name>/Dockerfile with BASE_IMAGE=orrery/singleuser-base:local
# An image's org.orrery.input-hash label covers its Dockerfile, the base image id and the build
# arguments; a matching label means skip. ORRERY_REBUILD=1 rebuilds everything. The hub image and
# the compose stack's other images are built by build-deploy.sh.
# Needs a running engine: scripts/docker-engine.sh start.
set -euo pipefail

images="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(dirname "$images")"
BASE_IMAGE=orrery/singleuser-base:local
HASH_LABEL=org.orrery.input-hash
ROLE_IMAGES=(singleuser learner instructor grader)

started=$SECONDS
bash "$images/build-base.sh"

jupyterhub_version="$(sed -n 's/^JUPYTERHUB_VERSION=//p' "$repo/scripts/python-peers.sh")"
build_args=(--build-arg "BASE_IMAGE=$BASE_IMAGE" --build-arg "JUPYTERHUB_VERSION=$jupyterhub_version")
base_id="$(docker image inspect --format '{{.Id}}' "$BASE_IMAGE")"

log="$(mktemp "${TMPDIR:-/tmp}/orrery-images.XXXXXX")"
trap 'rm -f "$log"' EXIT

for name in "${ROLE_IMAGES[@]}"; do
  tag="orrery/$name:local"
  input_hash="$(
    {
      cat "$images/$name/Dockerfile"
      echo "$base_id ${build_args[*]}"
    } | sha256sum | cut -c1-16
  )"
  built_hash="$(docker image inspect --format "{{ index .Config.Labels \"$HASH_LABEL\" }}" "$tag" 2>/dev/null || true)"
  if [[ "$built_hash" == "$input_hash" && "${ORRERY_REBUILD:-}" != 1 ]]; then
    echo "images: $tag is up to date ($HASH_LABEL=$input_hash), skipped"
    continue
  fi
  t=$SECONDS
  if ! docker build --tag "$tag" --label "$HASH_LABEL=$input_hash" "${build_args[@]}" \
    "$images/$name" >"$log" 2>&1; then
    echo "images: building $tag failed; end of its log:" >&2
    tail -n 40 "$log" >&2
    exit 1
  fi
  echo "images: built $tag ($HASH_LABEL=$input_hash) in $((SECONDS - t)) s," \
    "$(docker image inspect --format '{{.Size}}' "$tag" | awk '{printf "%.0f MB", $1 / 1e6}')"
done

# The images these tags pointed at before a rebuild; images a container still uses are kept.
docker image prune --force --filter "label=$HASH_LABEL" >/dev/null
echo "images: done in $((SECONDS - started)) s"
