#!/usr/bin/env bash
# Quick start: synthesize the example app (examples/app.ts) to CloudFormation.
# No AWS account needed. Prints where the template is and what it holds.
set -euo pipefail
cd "$(dirname "$0")/.."
[ -d node_modules ] || npm ci --no-audit --no-fund
npx projen example
