#!/usr/bin/env bash
# The newcomer's path, as the README gives it: `cdk init` a TypeScript app and
# a Python app, run the README's build-from-source block as it is (only the
# clone's URL points at this repository's HEAD), put the README's "Use it"
# stacks into the two apps, and `cdk synth` them. Fails unless each app
# synthesizes the stack with the presign handler's code in cdk.out. Commit
# first: the clone sees HEAD, not the work tree.
set -euo pipefail
cd "$(dirname "$0")/.."
repo="$PWD"
export CDK_DISABLE_CLI_TELEMETRY=true

# The README's blocks: the one after the build-from-source marker, and the
# first TypeScript and Python blocks of "Use it".
readme_block() {
  node -e '
    const [marker, lang] = process.argv.slice(1);
    const text = require("fs").readFileSync("README.md", "utf8");
    const at = text.indexOf(marker);
    if (at < 0) { console.error(`README.md has no "${marker}"`); process.exit(1); }
    const m = text.slice(at).match(new RegExp("```" + lang + "\\n([\\s\\S]*?)```"));
    if (!m) { console.error(`README.md has no ${lang} block after "${marker}"`); process.exit(1); }
    process.stdout.write(m[1]);
  ' "$1" "$2"
}
build_block=$(readme_block '<!-- build-from-source' sh)
ts_app=$(readme_block '## Use it' ts)
py_app=$(readme_block '## Use it' python)
clone_url=$(printf '%s\n' "$build_block" | sed -n 's/^git clone \([^ ]*\) .*/\1/p')
[ -n "$clone_url" ] || { echo "the README's build block does not start with 'git clone URL'" >&2; exit 1; }

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work"
# HEAD, under the name the README's URL ends with, so that the clone makes
# the folder the block then enters.
origin="$work/origin/$(basename "$clone_url")"
git clone --quiet --bare "$repo" "$origin"

# The two apps, as `cdk init` makes them (the project's CDK CLI; no git; the
# installs done here). Its templates take aws-cdk-lib 2.245 or later, so they
# get the newest the registries serve, whose cloud assembly only a newer CLI
# reads: both apps synthesize with CDK_CLI_VERSION, pinned here. (The newest
# CLI's Python template asks for an aws-cdk-lib that PyPI may not serve yet.)
CDK_CLI_VERSION=2.1149.0
npm install --prefix cli --no-save --no-package-lock --no-audit --no-fund --loglevel=error "aws-cdk@$CDK_CLI_VERSION" >/dev/null
init_cdk="$repo/node_modules/.bin/cdk"
cdk="$work/cli/node_modules/.bin/cdk"
mkdir my-cdk-app my-python-app
(cd my-cdk-app && "$init_cdk" init app --language typescript --generate-only >/dev/null \
  && npm install --no-audit --no-fund --loglevel=error >/dev/null)
(cd my-python-app && "$init_cdk" init app --language python --generate-only >/dev/null \
  && python3 -m venv .venv && .venv/bin/pip install --quiet --disable-pip-version-check -r requirements.txt)

# The README's block, with the Python app's virtualenv active, as it asks.
echo "from-source: running the README's build block (clone of $(git -C "$repo" rev-parse --short HEAD))"
# shellcheck disable=SC1091
source my-python-app/.venv/bin/activate
bash -euo pipefail -c "${build_block//"$clone_url"/"$origin"}"

# The README's stacks in the apps, then `cdk synth` as the user runs it.
printf '%s' "$ts_app" >my-cdk-app/bin/my-cdk-app.ts
rm -rf my-cdk-app/test   # cdk init's sample test expects its own sample stack
printf '%s' "$py_app" >my-python-app/app.py
check_synth() {
  node -e '
    const fs = require("fs"), path = require("path");
    const [app, stack] = process.argv.slice(1);
    const out = path.join(app, "cdk.out");
    const template = JSON.parse(fs.readFileSync(path.join(out, `${stack}.template.json`), "utf8"));
    const resources = Object.values(template.Resources);
    const assets = JSON.parse(fs.readFileSync(path.join(out, `${stack}.assets.json`), "utf8")).files;
    const functions = resources.filter((r) => r.Type === "AWS::Lambda::Function" && r.Properties.Code.S3Key !== undefined);
    const dirs = functions.map((f) => {
      const key = JSON.stringify(f.Properties.Code.S3Key);
      const hash = Object.keys(assets).find((h) => key.includes(h));
      return hash === undefined ? undefined : path.join(out, assets[hash].source.path);
    });
    const missing = dirs.filter((d) => d === undefined || !fs.existsSync(d) || fs.readdirSync(d).length === 0);
    // The presign handler: one index.js.
    const presign = dirs.filter((d) => d !== undefined && fs.existsSync(path.join(d, "index.js")));
    if (presign.length !== 1 || missing.length > 0) {
      console.error(`${app}: expected one presign function and the code of every function in cdk.out; found ${presign.length} presign functions, ${missing.length} functions without code`);
      process.exit(1);
    }
    console.log(`from-source: ${path.basename(app)} synthesized ${stack}: ${resources.length} resources, ${functions.length} bundled functions with their code`);
  ' "$1" "$2"
}
(cd my-cdk-app && "$cdk" synth --quiet --no-notices >/dev/null)
check_synth my-cdk-app UploadsStack
(cd my-python-app && "$cdk" synth --quiet --no-notices >/dev/null)
check_synth my-python-app UploadsStack
echo "from-source: ok"
