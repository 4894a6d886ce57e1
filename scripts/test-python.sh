#!/usr/bin/env bash
# Python consumer test: a fresh virtualenv, the wheel from dist/python (made by
# `npx projen package:python`), aws-cdk-lib from PyPI at the version this
# package is built and tested against, then pytest on test/python.
set -euo pipefail
cd "$(dirname "$0")/.."
shopt -s nullglob
wheels=(dist/python/*.whl)
if [ "${#wheels[@]}" -ne 1 ]; then
  echo "expected one wheel in dist/python, found ${#wheels[@]}: run 'npx projen package:python' first" >&2
  exit 1
fi
cdk_version=$(node -p "require('./package.json').devDependencies['aws-cdk-lib']")
venv="$(mktemp -d)/venv"
trap 'rm -rf "$(dirname "$venv")"' EXIT
python3 -m venv "$venv"
# botocore: AWS's Python SDK core, the oracle for the shape of Transfer Acceleration URLs.
"$venv/bin/pip" install --quiet --disable-pip-version-check "${wheels[0]}" "aws-cdk-lib==$cdk_version" pytest "botocore==1.44.18"
echo "python consumer: $("$venv/bin/python" --version), aws-cdk-lib $cdk_version, $(basename "${wheels[0]}")"
"$venv/bin/python" -m pytest test/python -p no:cacheprovider
