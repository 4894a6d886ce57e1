#!/usr/bin/env bash
# Installs the tools the test suite drives besides Node.js packages, into
# .tools/ inside the project (nothing system-wide except Debian's Chromium):
#   - checkov (pinned) in its own virtualenv, so its dependency pins can't
#     disturb the machine's Python packages;
#   - cfn-lint, if the machine has none, in a virtualenv of its own too;
#   - versitygw (pinned tag), an independent S3 server, built from its Go
#     module with one small patch (see below);
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

# versitygw with one patch (scripts/versitygw-full-object-checksum.patch):
# its completion of a FULL_OBJECT CRC64NVME multipart upload takes the parts'
# stored checksums when the request body names none, as AWS S3 does and as
# Uppy 6's completion (part numbers and ETags only) needs. Everything else,
# every checksum check included, is versitygw's own.
VERSITYGW_BUILD="$VERSITYGW_VERSION+$(sha256sum scripts/versitygw-full-object-checksum.patch | cut -c1-12)"
if [ ! -x "$TOOLS/bin/versitygw" ] || [ "$(cat "$TOOLS/versitygw.build" 2>/dev/null)" != "$VERSITYGW_BUILD" ]; then
  command -v go >/dev/null || fail "versitygw $VERSITYGW_VERSION" "install Go 1.22 or later, then rerun"
  patch="$PWD/scripts/versitygw-full-object-checksum.patch"
  { src=$(go mod download -json "github.com/versity/versitygw@$VERSITYGW_VERSION" | python3 -c 'import json, sys; print(json.load(sys.stdin)["Dir"])') \
    && work=$(mktemp -d) && cp -r "$src/." "$work" && chmod -R u+w "$work" \
    && (cd "$work" && git apply "$patch" && GOFLAGS=-mod=mod go build -o "$TOOLS/bin/versitygw.new" ./cmd/versitygw) \
    && mv "$TOOLS/bin/versitygw.new" "$TOOLS/bin/versitygw" && rm -rf "$work" \
    && echo "$VERSITYGW_BUILD" > "$TOOLS/versitygw.build"; } >>"$log" 2>&1 \
    || fail "versitygw $VERSITYGW_VERSION" "build github.com/versity/versitygw@$VERSITYGW_VERSION with scripts/versitygw-full-object-checksum.patch applied into .tools/bin"
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
echo "test tools: checkov $(checkov --version), cfn-lint $(cfn-lint --version | awk '{print $2}'), versitygw $VERSITYGW_VERSION (patched), moto $MOTO_VERSION, actionlint $(actionlint -version | head -1), $("$CHROMIUM" --version 2>/dev/null)"
