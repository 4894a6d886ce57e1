#!/usr/bin/env bash
# The whole test suite: bundle the handler, compile with jsii, regenerate API.md,
# run every jest test (handler, construct, snapshots, static analysis with
# cdk-nag, cfn-lint and checkov, the browser end-to-end test against
# versitygw, the integ snapshot) and eslint, then package for npm, PyPI, Maven
# and Go and run the Python, Java and Go consumer tests, and last the jest
# suite against a newer pinned aws-cdk-lib. Fails if the build changed any
# tracked file.
set -euo pipefail
cd "$(dirname "$0")/.."
[ -d node_modules ] || npm ci --no-audit --no-fund
bash scripts/install-test-tools.sh
export PATH="$PWD/.tools/bin:$PATH"
npx projen build
npx projen test:packages
npx projen test:compat
if [ -n "$(git status --porcelain 2>/dev/null)" ]; then
  echo "The build changed tracked files (commit them or fix .projenrc.ts):" >&2
  git status --porcelain >&2
  git --no-pager diff --stat >&2
  exit 1
fi
