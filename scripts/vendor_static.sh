#!/usr/bin/env bash
# Re-vendor the front-end files listed in static/vendor/VERSIONS from npm.
#
# Copies only the stand-alone minified dist files and strips their trailing
# sourceMappingURL comment: the .map files are not vendored (they would drag the sources
# along), and a comment naming a missing .map makes `collectstatic` with the manifest
# storage (DEBUG=false) fail, after which every page is a 500.
# Usage: scripts/vendor_static.sh   (needs npm; then commit static/vendor/)
set -euo pipefail
cd "$(dirname "$0")/.."
BOOTSTRAP=5.3.9
HTMX=2.0.11

tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
(cd "$tmp" && npm pack --silent "bootstrap@$BOOTSTRAP" "htmx.org@$HTMX" >/dev/null)
for tgz in "$tmp"/*.tgz; do
  mkdir -p "${tgz%.tgz}"
  tar xzf "$tgz" -C "${tgz%.tgz}"
done

copy() {  # copy SOURCE DEST, without any sourceMappingURL comment line
  sed -E '/^(\/\*# sourceMappingURL=.*\*\/|\/\/# sourceMappingURL=.*)$/d' "$1" >"$2"
  if grep -q sourceMappingURL "$2"; then
    echo "sourceMappingURL left in $2" >&2
    exit 1
  fi
}
copy "$tmp/bootstrap-$BOOTSTRAP/package/dist/css/bootstrap.min.css" static/vendor/bootstrap/bootstrap.min.css
copy "$tmp/bootstrap-$BOOTSTRAP/package/dist/js/bootstrap.bundle.min.js" static/vendor/bootstrap/bootstrap.bundle.min.js
copy "$tmp/htmx.org-$HTMX/package/dist/htmx.min.js" static/vendor/htmx/htmx.min.js
echo "vendored bootstrap $BOOTSTRAP and htmx.org $HTMX into static/vendor/"
