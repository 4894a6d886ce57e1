#!/usr/bin/env bash
# Go package check: `go build` and `go vet` on the module jsii-pacmak generated
# (dist/go/cdkpresignedupload, made by `npx projen package:go`), then the Go
# consumer test (test/go) with `go test`.
#
# Two things differ from what a Go user gets, because the Go module proxy
# this project's CI reaches does not serve them (403 "not available"):
#   - aws-cdk-go v2.168.0 (our floor): only its go.mod is served, not its
#     source. The check builds against v2.200.0, the oldest release we found
#     served; the generated go.mod's own pins for the CDK asset modules are
#     dropped so that Go picks the versions v2.200.0 asks for.
#   - github.com/cdklabs/awscdk-asset-awscli-go: no version is served. The
#     test replaces its `jsii` package with test/go/awscli-stub.
# The copy in test/go/.generated is edited; dist/go stays as pacmak made it.
set -euo pipefail
cd "$(dirname "$0")/.."
generated=dist/go/cdkpresignedupload
if [ ! -f "$generated/go.mod" ]; then
  echo "$generated is missing: run 'npx projen package:go' first" >&2
  exit 1
fi
CHECK_CDK_GO_VERSION=v2.200.0
export GOFLAGS=-mod=mod
# The checksum database answers 404 for these modules here; everything else is verified.
export GONOSUMDB='github.com/aws/aws-cdk-go,github.com/cdklabs'

work=test/go/.generated
rm -rf "$work"
mkdir -p "$work"
cp -r "$generated" "$work/"
(
  cd "$work/cdkpresignedupload"
  for module in $(go mod edit -json | node -e '
    const m = JSON.parse(require("fs").readFileSync(0, "utf8"));
    for (const r of m.Require ?? []) if (r.Indirect) console.log(r.Path);'); do
    go mod edit -droprequire="$module"
  done
  go mod edit -require="github.com/aws/aws-cdk-go/awscdk/v2@$CHECK_CDK_GO_VERSION" \
    -replace=github.com/cdklabs/awscdk-asset-awscli-go/awscliv1/v2=../../awscli-stub
  go mod tidy
  echo "go package: $(go version | awk '{print $3}'), aws-cdk-go $CHECK_CDK_GO_VERSION"
  go build ./...
  go vet ./...
  echo "go build and go vet: ok"
)
cd test/go
go mod tidy
go vet ./...
go test -count=1 -v ./...
