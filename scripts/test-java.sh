#!/usr/bin/env bash
# Java consumer test: a Maven project (test/java) depending on the jar in
# dist/java (made by `npx projen package:java`) and on aws-cdk-lib from Maven
# Central at the version this package is built against; JUnit via Surefire.
set -euo pipefail
cd "$(dirname "$0")/.."
version=$(node -p "require('./package.json').version")
cdk_version=$(node -p "require('./package.json').devDependencies['aws-cdk-lib']")
jar="dist/java/io/github/presigned-upload/cdk-presigned-upload/$version/cdk-presigned-upload-$version.jar"
if [ ! -f "$jar" ]; then
  echo "$jar is missing: run 'npx projen package:java' first" >&2
  exit 1
fi
# Maven copies the jar into its local repository and never re-reads a release
# version from dist/java: drop that copy so the test runs the jar just built.
rm -rf "${HOME}/.m2/repository/io/github/presigned-upload/cdk-presigned-upload"
echo "java consumer: $(java -version 2>&1 | head -n 1), aws-cdk-lib $cdk_version, $(basename "$jar")"
mvn --batch-mode --no-transfer-progress -f test/java/pom.xml \
  -Dpackage.version="$version" -Dcdk.version="$cdk_version" test
