#!/usr/bin/env bash
# Installs the tools the test suite drives besides Node.js packages, into
# .tools/ inside the project (nothing system-wide except Debian's Chromium):
#   - checkov (pinned) in its own virtualenv, so its dependency pins can't
#     disturb the machine's Python packages;
#   - cfn-lint, if the machine has none, in a virtualenv of its own too;
#   - versitygw (pinned tag), an independent S3 server, built with `go install`;
#   - actionlint (pinned tag), which checks the generated GitHub workflows;
#   - moto (pinned) in server mode, a second DynamoDB-compatible server for
#     the quota tests (the first, dynalite, is an npm dev dependency);
#   - Chromium from Debian's packages, for the browser end-to-end test.
# Idempotent: each tool is installed only if it is missing. The tasks that
# need them (test:browser, test:analyzers, demo) run this first (task
# test:tools). A tool that can't be installed stops the run at once with one
# line naming it and how to install it by hand.
set -uo pipefail
cd "$(dirname "$0")/.."
TOOLS="$PWD/.tools"
CHECKOV_VERSION=3.3.30
VERSITYGW_VERSION=v1.8.0
ACTIONLINT_VERSION=v1.7.12
MOTO_VERSION=5.2.5
mkdir -p "$TOOLS/bin"
log="$TOOLS/install.log"
: > "$log"

fail() {
  echo "test tools: could not install $1 (details in .tools/install.log); install it by hand: $2" >&2
  exit 1
}

if [ ! -x "$TOOLS/checkov/bin/checkov" ]; then
  { python3 -m venv "$TOOLS/checkov" \
    && "$TOOLS/checkov/bin/pip" install --quiet --disable-pip-version-check "checkov==$CHECKOV_VERSION"; } >>"$log" 2>&1 \
    || { rm -rf "$TOOLS/checkov"; fail "checkov $CHECKOV_VERSION" "python3 -m venv .tools/checkov && .tools/checkov/bin/pip install checkov==$CHECKOV_VERSION"; }
fi
ln -sf "$TOOLS/checkov/bin/checkov" "$TOOLS/bin/checkov"

if ! command -v cfn-lint >/dev/null && [ ! -x "$TOOLS/cfn-lint/bin/cfn-lint" ]; then
  { python3 -m venv "$TOOLS/cfn-lint" \
    && "$TOOLS/cfn-lint/bin/pip" install --quiet --disable-pip-version-check cfn-lint; } >>"$log" 2>&1 \
    || { rm -rf "$TOOLS/cfn-lint"; fail cfn-lint "pip install cfn-lint"; }
  ln -sf "$TOOLS/cfn-lint/bin/cfn-lint" "$TOOLS/bin/cfn-lint"
fi

if [ ! -x "$TOOLS/bin/versitygw" ]; then
  command -v go >/dev/null || fail "versitygw $VERSITYGW_VERSION" "install Go 1.22 or later, then rerun"
  GOBIN="$TOOLS/bin" go install "github.com/versity/versitygw/cmd/versitygw@$VERSITYGW_VERSION" >>"$log" 2>&1 \
    || fail "versitygw $VERSITYGW_VERSION" "GOBIN=\$PWD/.tools/bin go install github.com/versity/versitygw/cmd/versitygw@$VERSITYGW_VERSION"
fi

if [ ! -x "$TOOLS/bin/actionlint" ]; then
  command -v go >/dev/null || fail "actionlint $ACTIONLINT_VERSION" "install Go 1.22 or later, then rerun"
  GOBIN="$TOOLS/bin" go install "github.com/rhysd/actionlint/cmd/actionlint@$ACTIONLINT_VERSION" >>"$log" 2>&1 \
    || fail "actionlint $ACTIONLINT_VERSION" "GOBIN=\$PWD/.tools/bin go install github.com/rhysd/actionlint/cmd/actionlint@$ACTIONLINT_VERSION"
fi

if [ ! -x "$TOOLS/moto/bin/moto_server" ]; then
  { python3 -m venv "$TOOLS/moto" \
    && "$TOOLS/moto/bin/pip" install --quiet --disable-pip-version-check "moto[server]==$MOTO_VERSION"; } >>"$log" 2>&1 \
    || { rm -rf "$TOOLS/moto"; fail "moto $MOTO_VERSION" "python3 -m venv .tools/moto && .tools/moto/bin/pip install 'moto[server]==$MOTO_VERSION'"; }
fi
ln -sf "$TOOLS/moto/bin/moto_server" "$TOOLS/bin/moto_server"

CHROMIUM="${CHROMIUM_PATH:-/usr/bin/chromium}"
if [ ! -x "$CHROMIUM" ]; then
  [ "$(id -u)" = 0 ] || fail Chromium "sudo apt-get install chromium (or set CHROMIUM_PATH to a Chromium binary)"
  { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium; } >>"$log" 2>&1 \
    || fail Chromium "apt-get install chromium (or set CHROMIUM_PATH to a Chromium binary)"
fi

export PATH="$TOOLS/bin:$PATH"
echo "test tools: checkov $(checkov --version), cfn-lint $(cfn-lint --version | awk '{print $2}'), versitygw $VERSITYGW_VERSION, moto $MOTO_VERSION, actionlint $(actionlint -version | head -1), $("$CHROMIUM" --version 2>/dev/null)"
