#!/usr/bin/env bash
# Compatibility run: the jest suite against a newer aws-cdk-lib than our
# floor (2.168.0), pinned here so that a new CDK release can't turn CI red by
# itself; raise it on purpose. It runs in a scratch copy of the work tree
# (node_modules there gets the newer aws-cdk-lib and cdk-nag 3), with the
# built handler bundle. Two suites are left out: the template snapshots (they record the
# floor's output) and the jsii assembly check (it needs the jsii compile).
set -euo pipefail
cd "$(dirname "$0")/.."
CDK_COMPAT_VERSION=2.276.0
CONSTRUCTS_COMPAT_VERSION=10.5.1
# cdk-nag 3 needs aws-cdk-lib 2.257 or later; with it, the static-analysis
# suite runs cdk-nag as validation plugins, the way its users do.
CDK_NAG_COMPAT_VERSION=3.0.2
bundle=$(npx ts-node --transpile-only -e "process.stdout.write(require('./src/private/handler-bundle').PRESIGN_API_BUNDLE)")
if [ ! -f "$bundle" ]; then
  echo "the handler bundle ($bundle) is missing: run 'npx projen bundle' first" >&2
  exit 1
fi
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
git ls-files -z | xargs -0 -I{} cp --parents {} "$scratch"
cp -r assets "$scratch/"
cd "$scratch"
npm ci --no-audit --no-fund --loglevel=error >/dev/null
npm install --no-save --no-audit --no-fund --loglevel=error \
  "aws-cdk-lib@$CDK_COMPAT_VERSION" "constructs@$CONSTRUCTS_COMPAT_VERSION" "cdk-nag@$CDK_NAG_COMPAT_VERSION" >/dev/null
echo "compat: aws-cdk-lib $(node -p "require('aws-cdk-lib/package.json').version"), constructs $(node -p "require('constructs/package.json').version"), cdk-nag $(node -p "require('cdk-nag/package.json').version")"
JEST_SUMMARY_LABEL=jest-compat npx jest --coverage=false \
  --testPathIgnorePatterns '/node_modules/' '/examples/' '/bench/' 'test/snapshot.test.ts' 'test/jsii-assembly.test.ts'
