#!/usr/bin/env bash
# Installs the tools the test suite drives besides Node.js packages, into
# .tools/ inside the project (nothing system-wide except Debian's browsers):
#   - checkov (pinned) in its own virtualenv, so its dependency pins can't
#     disturb the machine's Python packages;
#   - cfn-lint, if the machine has none, in a virtualenv of its own too;
#   - versitygw (pinned tag), an independent S3 server, built from its Go
#     module with one small patch (see below);
#   - actionlint (pinned tag), which checks the generated GitHub workflows;
#   - moto (pinned) in server mode, a second DynamoDB-compatible server for
#     the quota tests (the first, dynalite, is an npm dev dependency);
#   - LocalStack's S3 (localstack-core, pinned) in its own virtualenv, a
#     second independent S3 server for the browser client's tests, run on
#     the host without Docker;
#   - browsers from Debian's packages, for the browser end-to-end tests:
#     chromium, firefox-esr, and webkit2gtk-driver (WebKitWebDriver and the
#     MiniBrowser) with xvfb, since WebKitGTK has no headless mode.
# Idempotent: each tool is installed only if it is missing. With arguments,
# only the tools they name (`versitygw` for the demo); without, all of them
# (task test:tools, which the test tasks run first). A tool that can't be
# installed stops the run at once with one line naming it and how to install
# it by hand.
set -uo pipefail
cd "$(dirname "$0")/.."
TOOLS="$PWD/.tools"
CHECKOV_VERSION=3.3.30
VERSITYGW_VERSION=v1.8.0
ACTIONLINT_VERSION=v1.7.12
MOTO_VERSION=5.2.5
# The last localstack-core that runs on Python 3.11, and the versions of four
# of its dependencies that it works with (newer ones break its startup).
LOCALSTACK_VERSION=4.9.2
LOCALSTACK_PINS=(cbor2==5.6.5 cryptography==43.0.3 service_identity==24.1.0 pyopenssl==24.2.1)
mkdir -p "$TOOLS/bin"
log="$TOOLS/install.log"
: > "$log"

# True when this run installs tool $1: every tool without arguments, else the named ones.
ONLY=" $* "
wants() {
  [ "$ONLY" = "  " ] || [[ "$ONLY" == *" $1 "* ]]
}
installed=()

fail() {
  echo "test tools: could not install $1 (details in .tools/install.log); install it by hand: $2" >&2
  exit 1
}

# Go 1.22 or later builds versitygw and actionlint: say so plainly when it is
# missing or older, before any download.
need_go() {
  local have major minor
  have=$(go env GOVERSION 2>/dev/null) || have="no Go on PATH"
  read -r major minor <<<"$(sed -n 's/^go\([0-9]*\)\.\([0-9]*\).*/\1 \2/p' <<<"$have")"
  if [ "${major:-0}" -lt 1 ] || { [ "$major" -eq 1 ] && [ "$minor" -lt 22 ]; }; then
    echo "test tools: $1 is built with Go 1.22 or later, and this machine has $have: install a newer Go, then rerun" >&2
    exit 1
  fi
}

if wants checkov; then
if [ ! -x "$TOOLS/checkov/bin/checkov" ]; then
  { python3 -m venv "$TOOLS/checkov" \
    && "$TOOLS/checkov/bin/pip" install --quiet --disable-pip-version-check "checkov==$CHECKOV_VERSION"; } >>"$log" 2>&1 \
    || { rm -rf "$TOOLS/checkov"; fail "checkov $CHECKOV_VERSION" "python3 -m venv .tools/checkov && .tools/checkov/bin/pip install checkov==$CHECKOV_VERSION"; }
fi
ln -sf "$TOOLS/checkov/bin/checkov" "$TOOLS/bin/checkov"
installed+=("checkov $CHECKOV_VERSION")
fi

if wants cfn-lint; then
if ! command -v cfn-lint >/dev/null && [ ! -x "$TOOLS/cfn-lint/bin/cfn-lint" ]; then
  { python3 -m venv "$TOOLS/cfn-lint" \
    && "$TOOLS/cfn-lint/bin/pip" install --quiet --disable-pip-version-check cfn-lint; } >>"$log" 2>&1 \
    || { rm -rf "$TOOLS/cfn-lint"; fail cfn-lint "pip install cfn-lint"; }
  ln -sf "$TOOLS/cfn-lint/bin/cfn-lint" "$TOOLS/bin/cfn-lint"
fi
installed+=("cfn-lint $(PATH="$TOOLS/bin:$PATH" cfn-lint --version | awk '{print $2}')")
fi

# versitygw with one patch (scripts/versitygw-full-object-checksum.patch):
# its completion of a FULL_OBJECT CRC64NVME multipart upload takes the parts'
# stored checksums when the request body names none, as AWS S3 does and as
# Uppy 6's completion (part numbers and ETags only) needs. Everything else,
# every checksum check included, is versitygw's own.
VERSITYGW_BUILD="$VERSITYGW_VERSION+$(sha256sum scripts/versitygw-full-object-checksum.patch | cut -c1-12)"
if wants versitygw; then
if [ ! -x "$TOOLS/bin/versitygw" ] || [ "$(cat "$TOOLS/versitygw.build" 2>/dev/null)" != "$VERSITYGW_BUILD" ]; then
  need_go "versitygw $VERSITYGW_VERSION"
  patch="$PWD/scripts/versitygw-full-object-checksum.patch"
  { src=$(go mod download -json "github.com/versity/versitygw@$VERSITYGW_VERSION" | python3 -c 'import json, sys; print(json.load(sys.stdin)["Dir"])') \
    && work=$(mktemp -d) && cp -r "$src/." "$work" && chmod -R u+w "$work" \
    && (cd "$work" && git apply "$patch" && GOFLAGS=-mod=mod go build -o "$TOOLS/bin/versitygw.new" ./cmd/versitygw) \
    && mv "$TOOLS/bin/versitygw.new" "$TOOLS/bin/versitygw" && rm -rf "$work" \
    && echo "$VERSITYGW_BUILD" > "$TOOLS/versitygw.build"; } >>"$log" 2>&1 \
    || fail "versitygw $VERSITYGW_VERSION" "build github.com/versity/versitygw@$VERSITYGW_VERSION with scripts/versitygw-full-object-checksum.patch applied into .tools/bin"
fi
installed+=("versitygw $VERSITYGW_VERSION (patched)")
fi

if wants actionlint; then
if [ ! -x "$TOOLS/bin/actionlint" ]; then
  need_go "actionlint $ACTIONLINT_VERSION"
  GOBIN="$TOOLS/bin" go install "github.com/rhysd/actionlint/cmd/actionlint@$ACTIONLINT_VERSION" >>"$log" 2>&1 \
    || fail "actionlint $ACTIONLINT_VERSION" "GOBIN=\$PWD/.tools/bin go install github.com/rhysd/actionlint/cmd/actionlint@$ACTIONLINT_VERSION"
fi
installed+=("actionlint $ACTIONLINT_VERSION")
fi

if wants moto; then
if [ ! -x "$TOOLS/moto/bin/moto_server" ]; then
  { python3 -m venv "$TOOLS/moto" \
    && "$TOOLS/moto/bin/pip" install --quiet --disable-pip-version-check "moto[server]==$MOTO_VERSION"; } >>"$log" 2>&1 \
    || { rm -rf "$TOOLS/moto"; fail "moto $MOTO_VERSION" "python3 -m venv .tools/moto && .tools/moto/bin/pip install 'moto[server]==$MOTO_VERSION'"; }
fi
ln -sf "$TOOLS/moto/bin/moto_server" "$TOOLS/bin/moto_server"
installed+=("moto $MOTO_VERSION")
fi

if wants localstack; then
if [ ! -x "$TOOLS/localstack/bin/python" ] || ! "$TOOLS/localstack/bin/python" -c 'import localstack.runtime.main' 2>/dev/null; then
  { rm -rf "$TOOLS/localstack" && python3 -m venv "$TOOLS/localstack" \
    && "$TOOLS/localstack/bin/pip" install --quiet --disable-pip-version-check "localstack-core[runtime]==$LOCALSTACK_VERSION" \
    && "$TOOLS/localstack/bin/pip" install --quiet --disable-pip-version-check "${LOCALSTACK_PINS[@]}" \
    && "$TOOLS/localstack/bin/python" -c 'import localstack.runtime.main'; } >>"$log" 2>&1 \
    || { rm -rf "$TOOLS/localstack"; fail "localstack-core $LOCALSTACK_VERSION" "python3 -m venv .tools/localstack && .tools/localstack/bin/pip install 'localstack-core[runtime]==$LOCALSTACK_VERSION' ${LOCALSTACK_PINS[*]}"; }
fi
# On PATH as localstack-s3, as the other tools are, so that suites run from a
# copy of the work tree (test:compat) find it; settings come from the environment.
printf '#!/bin/sh\n# LocalStack from its virtualenv (scripts/install-test-tools.sh).\nexec "%s" -m localstack.runtime.main "$@"\n' \
  "$TOOLS/localstack/bin/python" > "$TOOLS/bin/localstack-s3"
chmod +x "$TOOLS/bin/localstack-s3"
installed+=("localstack-core $LOCALSTACK_VERSION")
fi

# Debian packages (as root), each only if the binary it provides is missing.
apt_install() { # $1: what, $2: the binary that shows it is there, $3...: the packages
  local what=$1 binary=$2
  shift 2
  if [ ! -x "$binary" ]; then
    [ "$(id -u)" = 0 ] || fail "$what" "sudo apt-get install $*"
    { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@"; } >>"$log" 2>&1 \
      || fail "$what" "apt-get install $*"
  fi
  installed+=("$what")
}
if wants chromium; then
  # CHROMIUM_PATH points at another Chromium (GitHub's runners have Chrome and are not root).
  if [ -n "${CHROMIUM_PATH:-}" ] && [ -x "$CHROMIUM_PATH" ]; then installed+=("Chromium at $CHROMIUM_PATH")
  else apt_install chromium /usr/bin/chromium chromium; fi
fi
if wants firefox; then apt_install firefox-esr /usr/bin/firefox-esr firefox-esr; fi
if wants webkit; then apt_install "webkit2gtk-driver and xvfb" /usr/bin/WebKitWebDriver webkit2gtk-driver libwebkit2gtk-4.1-0 xvfb; fi
if wants webkit && [ ! -x /usr/bin/Xvfb ]; then apt_install xvfb /usr/bin/Xvfb xvfb; fi

echo "test tools: $(printf "%s, " "${installed[@]}" | sed "s/, $//")"
