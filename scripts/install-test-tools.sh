#!/usr/bin/env bash
# Installs the tools the test suite drives besides Node.js packages, into
# .tools/ inside the project (nothing system-wide except Debian's Chromium):
#   - checkov (pinned) in its own virtualenv, so its dependency pins can't
#     disturb the machine's Python packages;
#   - cfn-lint, if the machine has none;
#   - versitygw (pinned tag), an independent S3 server, built with `go install`;
#   - Chromium from Debian's packages, for the browser end-to-end test.
# Idempotent: each tool is installed only if it is missing.
set -euo pipefail
cd "$(dirname "$0")/.."
TOOLS="$PWD/.tools"
CHECKOV_VERSION=3.3.30
VERSITYGW_VERSION=v1.8.0
mkdir -p "$TOOLS/bin"

if [ ! -x "$TOOLS/checkov/bin/checkov" ]; then
  python3 -m venv "$TOOLS/checkov"
  "$TOOLS/checkov/bin/pip" install --quiet --disable-pip-version-check "checkov==$CHECKOV_VERSION"
fi
ln -sf "$TOOLS/checkov/bin/checkov" "$TOOLS/bin/checkov"

command -v cfn-lint >/dev/null || python3 -m pip install --quiet cfn-lint

if [ ! -x "$TOOLS/bin/versitygw" ]; then
  GOBIN="$TOOLS/bin" go install "github.com/versity/versitygw/cmd/versitygw@$VERSITYGW_VERSION"
fi

if [ ! -x /usr/bin/chromium ]; then
  if [ "$(id -u)" = 0 ]; then
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
  else
    echo "Chromium is missing: install Debian's chromium package (sudo apt-get install chromium)" >&2
    exit 1
  fi
fi

echo "test tools: checkov $("$TOOLS/bin/checkov" --version), cfn-lint $(cfn-lint --version | awk '{print $2}'), versitygw $VERSITYGW_VERSION, $(/usr/bin/chromium --version 2>/dev/null)"
