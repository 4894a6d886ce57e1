#!/usr/bin/env bash
# The handler's suites on Node.js 24, the other Lambda runtime the construct
# offers (presignRuntime): its unit tests, the shipped bundle's tests and the
# browser end-to-end test, whose local Lambda stand-in runs the bundle with
# the Node.js that runs jest. Needs the bundle and the test tools (build).
set -euo pipefail
cd "$(dirname "$0")/.."
NODE24_VERSION=24.22.3
node24="$(bash scripts/install-node.sh "$NODE24_VERSION")/node"
echo "handler suites on node $("$node24" --version)"
PATH="$PWD/.tools/bin:$PATH" JEST_SUMMARY_LABEL=jest-node24 "$node24" node_modules/.bin/jest --coverage=false \
  src/handler test/bundle.test.ts test/bundle-fuzz.test.ts test/e2e/browser-upload.test.ts
