import { awscdk, javascript, JsonFile, JsonPatch } from 'projen';

/**
 * aws-cdk-lib floor: 2.168.0 is the first release with `lambda.Runtime.NODEJS_22_X`.
 * Everything else the construct uses (S3BucketOrigin.withOriginAccessControl from
 * 2.156.0, Annotations.addWarningV2, stable aws-apigatewayv2) is older than that.
 */
const CDK_FLOOR = '2.168.0';

const project = new awscdk.AwsCdkConstructLibrary({
  name: 'cdk-presigned-upload',
  description:
    'AWS CDK L3 construct for browser uploads straight to S3: exact CORS, write-once SigV4 presigned PUTs and multipart uploads '
    + 'on the regional endpoint, size and type limits, per-caller keys, optional malware scanning, and a CloudFront-fronted results bucket.',
  author: 'cdk-presigned-upload contributors',
  authorAddress: 'maintainers@example.com',
  repositoryUrl: 'https://github.com/presigned-upload/cdk-presigned-upload.git',
  defaultReleaseBranch: 'main',
  packageManager: javascript.NodePackageManager.NPM,
  projenrcTs: true,
  keywords: ['cdk', 'aws-cdk', 's3', 'presigned-url', 'presigned-put', 'multipart-upload', 'upload', 'cors', 'cloudfront', 'sigv4', 'uppy'],

  cdkVersion: CDK_FLOOR,
  constructsVersion: '10.0.5',
  jsiiVersion: '~5.9.0',
  typescriptVersion: '~5.9.0',
  // Node.js 22 LTS or later: Node.js 20 is past its end of life, and the
  // presign function runs on Lambda's nodejs22.x or newer.
  minNodeVersion: '22.0.0',

  // jsii targets: one name, spelled the way each ecosystem spells names.
  publishToPypi: {
    distName: 'cdk-presigned-upload',
    module: 'cdk_presigned_upload',
  },
  publishToMaven: {
    mavenGroupId: 'io.github.presigned-upload',
    mavenArtifactId: 'cdk-presigned-upload',
    javaPackage: 'io.github.presignedupload.cdk',
  },
  publishToGo: {
    moduleName: 'github.com/presigned-upload/cdk-presigned-upload-go',
    packageName: 'cdkpresignedupload',
  },
  // .NET is configured but not built here: this machine has no dotnet SDK.
  publishToNuget: {
    packageId: 'PresignedUpload.Cdk',
    dotNetNamespace: 'PresignedUpload.Cdk',
  },

  // GitHub workflows (projen's own): build on pull requests, running the
  // same task as .ci/run (npx projen ci, patched in below), and release from
  // main: conventional-commit versioning, a generated changelog, and
  // publishing to npm, PyPI, Maven Central, NuGet and the Go module
  // repository. The README's "Releasing" section names the secrets.
  github: true,
  release: true,
  releaseToNpm: true,
  majorVersion: 0,
  depsUpgrade: false,
  pullRequestTemplate: false,
  githubOptions: { mergify: false },
  workflowNodeVersion: '22.x',
  // The build job runs what .ci/run runs, so it needs the same toolchains.
  workflowBootstrapSteps: [
    { name: 'Set up Python', uses: 'actions/setup-python@v5', with: { 'python-version': '3.11' } },
    // versitygw v1.8.0, actionlint v1.7.12 and the Go consumer test need Go 1.25.
    { name: 'Set up Go', uses: 'actions/setup-go@v5', with: { 'go-version': '1.25' } },
    { name: 'Set up Java', uses: 'actions/setup-java@v4', with: { 'distribution': 'temurin', 'java-version': '17' } },
  ],
  buildWorkflowOptions: {
    mutableBuild: false,
    // GitHub's runners are not root and ship Google Chrome instead of Debian's Chromium.
    env: { CHROMIUM_PATH: '/usr/bin/google-chrome' },
  },
  tsconfigDevFile: 'tsconfig.dev.json',
  tsconfigDev: {
    include: ['.projenrc.ts'],
    // The README's usage app (examples/usage.ts) imports the package by its
    // published name; in this repository that name is src/.
    compilerOptions: { paths: { 'cdk-presigned-upload': ['./src/index.ts'] } },
  },
  // Lint src/, test/, examples/ and bench/ against the dev tsconfig, which covers them all.
  eslintOptions: {
    dirs: ['src'],
    devdirs: ['test', 'examples', 'bench', 'docs'],
    projectService: false,
    tsconfigPath: './tsconfig.dev.json',
  },
  // Handler unit tests live next to the handler (src/**/*.test.ts) but are not
  // part of the jsii library.
  excludeTypescript: ['src/**/*.test.ts'],

  // The presign handler is bundled below (not auto-discovered): the construct
  // deploys the bundle itself, with the runtime the user chooses.
  lambdaAutoDiscover: false,

  devDeps: [
    'fast-check@^3',
    // Benchmark reference: the AWS SDK's own presigned PUT.
    '@aws-sdk/s3-request-presigner@^3',
    // AWS's SigV4 signer, as an independent oracle for the handler's presigned URLs (tests only).
    '@smithy/signature-v4@^5',
    '@aws-sdk/client-s3@^3',
    'esbuild',
    // Static analysis of the synthesized templates (issue: prove with real tools).
    // cdk-nag 3 needs aws-cdk-lib >= 2.257; 2.36.50 is the last release whose
    // peer range (^2.156.0) covers our floor, so the AwsSolutions and Serverless
    // packs run through v2's Aspects.
    'cdk-nag@2.36.50',
    // Browser end-to-end test against Debian's Chromium (no browser download).
    'playwright-core',
    // Uppy 6, the browser uploader the README's glue (examples/uppy-upload.ts) is for;
    // the end-to-end test runs that file in Chromium.
    '@uppy/core@6.3.1',
    '@uppy/aws-s3@6.3.1',
    // An IAM policy simulator (tests only; AGPL, never shipped): evaluates the
    // upload bucket's tag-based read policy of malware protection.
    '@cloud-copilot/iam-simulate@0.1.173',
    // Mutation testing (npx projen mutation). Stryker 10 needs Node.js 22, our
    // floor now; the move from 9.6 waits for new baselines (see the README).
    '@stryker-mutator/core@9.6.0',
    '@stryker-mutator/jest-runner@9.6.0',
    // The demo page (examples/web/): Uppy's Dashboard around the same glue.
    '@uppy/dashboard@6.0.3',
    // Deployable integration test; CI verifies its committed snapshot.
    `@aws-cdk/integ-tests-alpha@${CDK_FLOOR}-alpha.0`,
    '@aws-cdk/integ-runner',
  ],

  jestOptions: {
    updateSnapshot: javascript.UpdateSnapshot.NEVER,
    jestConfig: {
      testPathIgnorePatterns: ['/node_modules/', '/examples/', '/bench/'],
      moduleNameMapper: { '^cdk-presigned-upload$': '<rootDir>/src/index.ts' },
      coveragePathIgnorePatterns: ['/node_modules/', '/test/'],
      reporters: [
        new javascript.JestReporter('<rootDir>/test/summary-reporter.js'),
      ],
    },
  },

  gitignore: ['/examples/cdk.out/', '/bench/.out/', '/.venv/', '/.tools/'],
});

// The presign handler, bundled by projen (esbuild) into assets/ at build time,
// so consumers in every jsii language need no esbuild or Docker. Its entry
// point and pure core live in src/handler/. Only the bundle is generated:
// the construct deploys it from PRESIGN_API_BUNDLE_DIR
// (src/private/handler-bundle.ts) with the runtime the user chooses, which
// projen's generated function class could not take. Minified (names kept,
// for stack traces): every kilobyte is read at each cold start.
project.bundler.addBundle('src/handler/presign-api.lambda.ts', {
  platform: 'node',
  target: 'node22',
  minify: true,
  keepNames: true,
  externals: ['@aws-sdk/*'],
  tsconfigPath: 'tsconfig.dev.json',
});

// The layout's boundaries, enforced by eslint (test/layout.test.ts proves the
// rules fire): code that runs in Lambda (src/handler/) and code both sides
// share (src/shared/) never import CDK or construct internals, and construct
// internals (src/private/) never import the handler.
const CDK_IMPORTS = {
  paths: [
    { name: 'aws-cdk-lib', message: 'src/handler and src/shared run in Lambda: they may not import aws-cdk-lib.' },
    { name: 'constructs', message: 'src/handler and src/shared run in Lambda: they may not import constructs.' },
  ],
  patterns: [{ group: ['aws-cdk-lib/*'], message: 'src/handler and src/shared run in Lambda: they may not import aws-cdk-lib.' }],
};
project.eslint?.addOverride({
  files: ['src/handler/**/*.ts', 'src/shared/**/*.ts'],
  rules: { 'no-restricted-imports': ['error', CDK_IMPORTS] },
});
// The handler's requests are typed per operation, so nothing there needs a
// non-null assertion: a value that may be missing is checked, not asserted.
project.eslint?.addOverride({
  files: ['src/handler/**/*.ts'],
  rules: { '@typescript-eslint/no-non-null-assertion': 'error' },
});
project.eslint?.addRules({
  'import/no-restricted-paths': ['error', {
    zones: [
      { target: './src/handler', from: './src', except: ['./handler', './shared'], message: 'src/handler may import only src/handler and src/shared.' },
      { target: './src/shared', from: './src', except: ['./shared'], message: 'src/shared may import only src/shared.' },
      { target: './src/private', from: './src/handler', message: 'construct code may not import the handler: move what both sides need to src/shared.' },
    ],
  }],
});

for (const pattern of ['/examples/', '/bench/', '/.ci/', '/scripts/', '/docs/', '/.tools/']) {
  project.npmignore?.exclude(pattern);
}

// `package` builds the npm, Python, Java and Go packages, in CI and locally
// alike (projen's default packs only npm when CI is set). .NET needs a dotnet
// SDK, which our machines don't have: `npx projen package:dotnet` where one is.
project.packageTask.reset();
for (const target of ['js', 'python', 'java', 'go']) {
  project.packageTask.spawn(project.tasks.tryFind(`package:${target}`)!);
}
// pacmak's own Go build step runs `go mod tidy` against aws-cdk-go at our floor,
// whose source the module proxy our CI reaches does not serve. Generate the
// code only; scripts/test-go.sh builds, vets and tests it (and says what it
// has to substitute).
project.tasks.tryFind('package:go')!.reset('jsii-pacmak -v --target go --code-only');

// The tools the test suite drives besides Node.js packages (checkov, cfn-lint,
// versitygw, Chromium), installed idempotently into .tools/ before anything
// else in `build`; a tool that can't be installed fails the build at once,
// naming the tool and how to install it by hand. Every task finds them on PATH.
const testTools = project.addTask('test:tools', {
  description: 'Install the test tools (checkov, cfn-lint, versitygw, Chromium) into .tools/ if missing',
  exec: 'bash scripts/install-test-tools.sh',
});
project.preCompileTask.prependSpawn(testTools);
project.tasks.addEnvironment('PATH', '$(echo "$PWD/.tools/bin:$(npx -c \'node --print process.env.PATH\')")');

// Consumer tests of the built packages, in a fresh environment each: Python
// (virtualenv + pytest), Java (Maven + JUnit) and Go (go build/vet/test).
const packagesTest = project.addTask('test:packages', {
  description: 'Install the built Python, Java and Go packages like a user would and run their consumer tests',
});
for (const language of ['python', 'java', 'go']) {
  packagesTest.exec(`bash scripts/test-${language}.sh`);
}

// The jest suite against a newer, pinned aws-cdk-lib (see the script).
const compatTest = project.addTask('test:compat', {
  description: 'Run the jest suite against a newer aws-cdk-lib than the floor (pinned in scripts/test-compat.sh)',
  exec: 'bash scripts/test-compat.sh',
});

// Everything CI checks, in one task: build (tools, bundle, compile, API.md,
// jest, integ snapshot, eslint, packages), the consumer tests of the built
// packages, the compat run, mutation testing (incremental, added below), and
// a work tree the build left unchanged.
const ci = project.addTask('ci', {
  description: 'What CI runs: build, the package consumer tests, the compat run, mutation testing, and a clean-tree check',
});
ci.spawn(project.buildTask);
ci.spawn(packagesTest);
ci.spawn(compatTest);

// The handler's suites (unit, bundle, browser end to end) again on Node.js 24,
// the other Lambda runtime the construct offers; .ci/run runs all else on 22.
const node24Test = project.addTask('test:node24', {
  description: 'Run the handler\'s unit, bundle and browser end-to-end suites on Node.js 24 (installed into .tools/)',
  exec: 'bash scripts/test-node24.sh',
});
ci.spawn(node24Test);

// jsii warnings are errors: nothing in the public API may degrade in another
// language (reserved words, unions, any-typed props...).
project.compileTask.reset('jsii --fail-on-warnings');

// Handler unit tests sit next to the handler in src/ and may use dev dependencies.
project.eslint?.allowDevDeps('src/**/*.test.ts');

// The optional platform binaries of unrs-resolver (eslint-import-resolver-typescript)
// are not all served at their newest version by every registry mirror; pin the
// version so `npm ci` reproduces the lock on a fresh clone.
project.package.addField('overrides', {
  'unrs-resolver': '1.11.1',
});

// The build workflow runs what .ci/run runs (test/workflows.test.ts checks
// both, and actionlint checks every workflow).
project.github?.tryFindWorkflow('build')?.file?.patch(
  JsonPatch.test('/jobs/build/steps/6/run', 'npx projen build'),
  JsonPatch.replace('/jobs/build/steps/6/run', 'npx projen ci'),
  JsonPatch.replace('/jobs/build/steps/6/name', 'ci'),
);

// Benchmark: bundled handler vs. a reference built on the AWS SDK's presigner.
const bench = project.addTask('bench', {
  description: 'Compare the bundled presign handler against @aws-sdk/s3-request-presigner (bytes, init, presigns/s)',
});
bench.spawn(project.tasks.tryFind('bundle')!);
bench.exec('ts-node --project tsconfig.dev.json bench/run.ts');

// Integration test (test/integ.*.ts) with integ-runner. CI has no AWS account:
// `integ` only verifies that the committed snapshot is unchanged (it deploys
// nothing, and fails on any difference); `integ:update` rewrites the snapshot
// without deploying; `integ:deploy` deploys, runs the assertions, and destroys.
const INTEG_RUNNER = 'integ-runner --directory test --language typescript --app "ts-node --project tsconfig.dev.json {filePath}"';
const integ = project.addTask('integ', {
  description: 'Verify the committed integ-runner snapshots (no deployment)',
  exec: INTEG_RUNNER,
});
project.addTask('integ:update', {
  description: 'Rewrite the integ-runner snapshots without deploying; review the diff',
  exec: `${INTEG_RUNNER} --dry-run --update-on-failed`,
});
project.addTask('integ:deploy', {
  description: 'Deploy the integration tests to the current AWS account, assert, and destroy (needs credentials)',
  exec: `${INTEG_RUNNER} --update-on-failed --force`,
});
project.testTask.spawn(integ);
// integ-runner verifies templates; asset contents stay out of the committed
// snapshot. (Added after the constructor: projen's own "!/test/" would drop it.)
project.gitignore.addPatterns('/test/*.snapshot/asset.*', '/test/go/.generated/', '/test/java/target/');

// The architecture diagram of the example app, rendered from its synthesized
// template (docs/architecture.dot, and .svg with Graphviz's dot);
// test/architecture-diagram.test.ts fails when either is out of date.
project.addTask('diagram', {
  description: 'Render docs/architecture.dot and docs/architecture.svg from the example app (needs Graphviz)',
  exec: 'ts-node --project tsconfig.dev.json docs/render-architecture.ts',
});

// Synthesize the example app to CloudFormation (no AWS account needed).
const example = project.addTask('example', {
  description: 'Synthesize examples/app.ts to examples/cdk.out and summarize the template',
});
example.spawn(project.tasks.tryFind('bundle')!);
example.exec('ts-node --project tsconfig.dev.json examples/synth.ts');

// The demo page (examples/web/) with everything behind it, locally: the
// example app synthesized, versitygw, the shipped handler behind the local
// HTTP API stand-in, the example's processor. Ctrl-C stops it.
const demo = project.addTask('demo', {
  description: 'Serve the demo page (examples/web/) at http://localhost:5173 with a local S3 and the shipped handler; Ctrl-C stops it',
  receiveArgs: true,
});
demo.spawn(project.tasks.tryFind('bundle')!);
demo.spawn(testTools);
demo.exec('ts-node --project tsconfig.dev.json examples/web/run-demo.ts', { receiveArgs: true });
// The README's screenshot of the demo page, taken by its Chromium test
// (which otherwise writes it to test-reports/). Look at it before committing.
const demoScreenshot = project.addTask('demo:screenshot', {
  description: 'Drive the demo page in Chromium and write docs/demo-page.png (the README\'s screenshot)',
  env: { DEMO_SCREENSHOT: 'docs/demo-page.png' },
});
demoScreenshot.spawn(project.tasks.tryFind('bundle')!);
demoScreenshot.spawn(testTools);
demoScreenshot.exec('jest --coverage=false test/e2e/demo-page.test.ts');

// Mutation testing with StrykerJS, in two runs, each with its own tests:
// the handler (and the code it shares with the construct) against the
// handler's tests, and the construct's validation and CORS code against the
// construct tests. `mutation` runs both in full and rewrites the committed
// baselines (test/mutation/*.json); `mutation:ci`, part of `ci`, starts from
// a copy of each baseline (Stryker's incremental mode) and tests only the
// mutants whose code or tests changed since, so CI stays fast. Both fail
// below the thresholds (`break`). Equivalent mutants are marked in the code
// with `// Stryker disable next-line <mutator>: <reason>`.
const STRYKER_IGNORE = ['.tools', '.venv', 'dist', 'lib', 'coverage', 'test-reports', 'reports', 'examples', 'bench', 'docs',
  'test/go', 'test/java', 'test/python', 'test/*.snapshot', 'test/e2e', '.jsii', 'tsconfig.tsbuildinfo', 'API.md'];
const strykerJest = (testMatch: string[]) => ({
  projectType: 'custom',
  config: {
    testMatch,
    collectCoverage: false,
    reporters: ['default'],
    clearMocks: true,
    moduleNameMapper: { '^cdk-presigned-upload$': '<rootDir>/src/index.ts' },
    transform: { '^.+\\.[t]sx?$': ['ts-jest', { tsconfig: 'tsconfig.dev.json' }] },
  },
});
const MUTATION_RUNS = {
  handler: {
    description: 'the handler and shared code, with the handler tests',
    mutate: ['src/handler/**/*.ts', 'src/shared/**/*.ts', '!src/**/*.test.ts'],
    testMatch: ['<rootDir>/src/**/*.test.ts'],
    breakAt: 95,
  },
  construct: {
    description: 'the construct\'s validation and CORS code, with the construct tests',
    mutate: ['src/private/allowed-origins.ts', 'src/private/host-name.ts', 'src/private/resolve-config.ts', 'src/private/upload-cors.ts', 'src/private/secure-bucket.ts'],
    testMatch: ['<rootDir>/test/allowed-origins.test.ts', '<rootDir>/test/validation.test.ts', '<rootDir>/test/presigned-upload-bucket.test.ts'],
    breakAt: 90,
  },
};
const mutation = project.addTask('mutation', {
  description: 'Mutation testing (StrykerJS), full runs; rewrites the baselines in test/mutation/',
});
const mutationCi = project.addTask('mutation:ci', {
  description: 'Mutation testing from the committed baselines (incremental): only changed mutants run',
});
// The construct tests synthesize stacks, which need the handler bundle.
mutation.spawn(project.tasks.tryFind('bundle')!);
mutationCi.spawn(project.tasks.tryFind('bundle')!);
for (const [name, run] of Object.entries(MUTATION_RUNS)) {
  new JsonFile(project, `stryker.${name}.json`, {
    obj: {
      $schema: './node_modules/@stryker-mutator/core/schema/stryker-schema.json',
      _comment: `Mutation testing of ${run.description}. Generated by projen from .projenrc.ts.`,
      testRunner: 'jest',
      coverageAnalysis: 'perTest',
      mutate: run.mutate,
      jest: strykerJest(run.testMatch),
      ignorePatterns: STRYKER_IGNORE,
      reporters: ['clear-text', 'progress-append-only', 'json'],
      jsonReporter: { fileName: `reports/mutation/${name}.json` },
      incremental: true,
      incrementalFile: `test/mutation/${name}-baseline.json`,
      thresholds: { high: Math.min(100, run.breakAt + 3), low: run.breakAt, break: run.breakAt },
      concurrency: 2,
      timeoutMS: 20000,
      tempDirName: '.stryker-tmp',
      cleanTempDir: 'always',
    },
  });
  mutation.exec(`stryker run stryker.${name}.json --force`, { name: `mutation ${name}` });
  mutationCi.exec(
    `mkdir -p reports/mutation && cp test/mutation/${name}-baseline.json reports/mutation/${name}-incremental.json `
    + `&& stryker run stryker.${name}.json --incrementalFile reports/mutation/${name}-incremental.json`,
    { name: `mutation ${name} (incremental)` },
  );
}
project.gitignore.addPatterns('/.stryker-tmp/', '/reports/');
ci.spawn(mutationCi);
// Last: nothing CI ran may have changed a tracked file.
ci.exec('node scripts/check-clean-tree.js', { name: 'clean-tree' });

project.synth();
