#!/usr/bin/env bash
# Builds the single-user base image orrery/singleuser-base:local without any image registry:
# debootstrap a minimal Debian bookworm (python3, python3-venv, ca-certificates, tini), a venv in
# /opt/venv with jupyterhub (jupyterhub-singleuser), jupyter_server, JupyterLab and ipykernel at the
# pins of scripts/python-peers.sh, the user jovyan (1000:100, home /home/jovyan) owning the venv as
# in Jupyter's docker-stacks, then `docker import`. Needs root (debootstrap, chroot) and a running
# engine (scripts/docker-engine.sh start).
# Skips the build when the image's org.orrery.input-hash label already matches this script, the
# pins and the local CAs; ORRERY_REBUILD=1 forces it. Kept in ${XDG_CACHE_HOME:-~/.cache}/orrery
# between builds: the .debs, the debootstrapped root file system (a tar keyed by the suite and the
# packages) and a wheelhouse of the pinned packages (pip's HTTP cache does not help behind proxies
# that drop caching headers; a wheelhouse always does).
# The CAs this machine added in /usr/local/share/ca-certificates are trusted in the image too, so
# pip works in it (and in the role builds on it) behind a TLS-intercepting proxy the host trusts.
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
IMAGE=orrery/singleuser-base:local
HASH_LABEL=org.orrery.input-hash
SUITE=bookworm
MIRROR="${ORRERY_DEBIAN_MIRROR:-http://deb.debian.org/debian}"
DEB_PACKAGES=python3,python3-venv,ca-certificates,tini
VENV=/opt/venv
NB_USER=jovyan
NB_UID=1000
NB_GID=100
LOCAL_CAS=/usr/local/share/ca-certificates
cache="${XDG_CACHE_HOME:-$HOME/.cache}/orrery"

# pin NAME: the value of NAME=... in scripts/python-peers.sh, the one place the versions live.
pin() {
  local value
  value="$(sed -n "s/^$1=//p" "$repo/scripts/python-peers.sh")"
  [[ -n "$value" ]] || {
    echo "build-base: no $1 in scripts/python-peers.sh" >&2
    exit 1
  }
  echo "$value"
}
py_packages=(
  "jupyterhub==$(pin JUPYTERHUB_VERSION)"
  "jupyter_server==$(pin JUPYTER_SERVER_VERSION)"
  "jupyterlab==$(pin JUPYTERLAB_VERSION)"
  "ipykernel==$(pin IPYKERNEL_VERSION)"
)

input_hash="$(
  {
    cat "${BASH_SOURCE[0]}"
    echo "${py_packages[*]}"
    cat "$LOCAL_CAS"/*.crt 2>/dev/null || true
  } | sha256sum | cut -c1-16
)"
built_hash="$(docker image inspect --format "{{ index .Config.Labels \"$HASH_LABEL\" }}" "$IMAGE" 2>/dev/null || true)"
if [[ "$built_hash" == "$input_hash" && "${ORRERY_REBUILD:-}" != 1 ]]; then
  echo "build-base: $IMAGE is up to date ($HASH_LABEL=$input_hash), skipped"
  exit 0
fi
if [[ "$(id -u)" != 0 ]]; then
  echo "build-base: debootstrap and chroot need root" >&2
  exit 1
fi

started=$SECONDS
mkdir -p "$cache/debootstrap" "$cache/wheels"
# The work dir sits beside the wheelhouse so moving it into the root file system is a rename.
work="$(mktemp -d "$cache/base-build.XXXXXX")"
root="$work/rootfs"
cleanup() {
  if [[ -d "$root/tmp/wheels" ]]; then
    rm -rf "$cache/wheels" && mv "$root/tmp/wheels" "$cache/wheels"
  fi
  rm -rf "$work" "$cache"/rootfs-*.tar.partial
}
trap cleanup EXIT

in_root() {
  chroot "$root" /usr/bin/env -i HOME=/root LANG=C.UTF-8 PATH=/usr/sbin:/usr/bin:/sbin:/bin \
    ${HTTPS_PROXY:+HTTPS_PROXY="$HTTPS_PROXY"} ${https_proxy:+https_proxy="$https_proxy"} "$@"
}

bootstrap_rootfs() {
  debootstrap --variant=minbase --include="$DEB_PACKAGES" --cache-dir="$cache/debootstrap" \
    "$SUITE" "$root" "$MIRROR" >"$work/debootstrap.log" 2>&1 || {
    tail -n 30 "$work/debootstrap.log" >&2
    exit 1
  }
  printf 'deb http://deb.debian.org/debian %s main\n' "$SUITE" "$SUITE-updates" >"$root/etc/apt/sources.list"
  printf 'deb http://deb.debian.org/debian-security %s-security main\n' "$SUITE" >>"$root/etc/apt/sources.list"
  rm -rf "$root"/var/cache/apt/archives/*.deb "$root"/var/lib/apt/lists/* "$root"/usr/share/{doc,man,info,locale}
}
# debootstrap is most of a cold build (dpkg unpacks and configures every package one by one), so
# its result is kept as a tar, keyed by what makes it.
rootfs_key="$(
  {
    declare -f bootstrap_rootfs
    echo "$SUITE $DEB_PACKAGES"
  } | sha256sum | cut -c1-16
)"
rootfs_tar="$cache/rootfs-$SUITE-$rootfs_key.tar"
if [[ -f "$rootfs_tar" ]]; then
  echo "build-base: root file system from the cache ($(basename "$rootfs_tar"))"
  mkdir "$root" && tar --numeric-owner -xpf "$rootfs_tar" -C "$root"
else
  echo "build-base: debootstrap $SUITE ($DEB_PACKAGES)"
  bootstrap_rootfs
  rm -f "$cache"/rootfs-*.tar
  tar --numeric-owner -C "$root" -cf "$rootfs_tar.partial" . && mv "$rootfs_tar.partial" "$rootfs_tar"
fi

if compgen -G "$LOCAL_CAS/*.crt" >/dev/null; then
  cp "$LOCAL_CAS"/*.crt "$root/usr/local/share/ca-certificates/"
  in_root update-ca-certificates >"$work/update-ca-certificates.log" 2>&1 || {
    cat "$work/update-ca-certificates.log" >&2
    exit 1
  }
fi

echo "build-base: venv $VENV with ${py_packages[*]} (at $((SECONDS - started)) s)"
cp /etc/resolv.conf "$root/etc/resolv.conf" # build time only; the engine supplies it at run time
mv "$cache/wheels" "$root/tmp/wheels"
pip_run() { in_root "$VENV/bin/python" -m pip --quiet --disable-pip-version-check --no-cache-dir "$@"; }
in_root python3 -m venv "$VENV"
# The wheelhouse holds exactly what these requirements resolve to and is refilled when they
# change. Debian's pip reads only its own CA bundle, hence --cert; the newer pip installed into the
# venv reads the system's.
requirements=(pip "${py_packages[@]}")
if [[ "$(cat "$root/tmp/wheels/.requirements" 2>/dev/null)" != "${requirements[*]}" ]]; then
  rm -rf "$root/tmp/wheels" && mkdir "$root/tmp/wheels"
  pip_run wheel --cert /etc/ssl/certs/ca-certificates.crt --wheel-dir /tmp/wheels "${requirements[@]}"
  echo "${requirements[*]}" >"$root/tmp/wheels/.requirements"
fi
pip_run install --no-index --find-links /tmp/wheels --upgrade pip
pip_run install --no-index --find-links /tmp/wheels "${py_packages[@]}"
mv "$root/tmp/wheels" "$cache/wheels"

in_root useradd --create-home --uid "$NB_UID" --gid "$NB_GID" --shell /bin/bash "$NB_USER"
chown -R "$NB_UID:$NB_GID" "$root$VENV"

rm -rf "$root"/tmp/* "$root"/var/log/*.log "$root"/var/cache/debconf/*-old
: >"$root/etc/resolv.conf"

echo "build-base: docker import $IMAGE (at $((SECONDS - started)) s)"
tar --numeric-owner -C "$root" -c . | docker import \
  --change "ENV PATH=$VENV/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin" \
  --change "ENV LANG=C.UTF-8 SHELL=/bin/bash HOME=/home/$NB_USER" \
  --change "ENV NB_USER=$NB_USER NB_UID=$NB_UID NB_GID=$NB_GID" \
  --change "LABEL $HASH_LABEL=$input_hash" \
  --change "USER $NB_UID" \
  --change "WORKDIR /home/$NB_USER" \
  --change "EXPOSE 8888" \
  --change 'ENTRYPOINT ["tini", "-g", "--"]' \
  --change 'CMD ["jupyterhub-singleuser"]' \
  - "$IMAGE" >/dev/null
echo "build-base: built $IMAGE ($HASH_LABEL=$input_hash) in $((SECONDS - started)) s," \
  "$(docker image inspect --format '{{.Size}}' "$IMAGE" | awk '{printf "%.0f MB", $1 / 1e6}')"
