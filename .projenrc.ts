import { awscdk, javascript } from 'projen';
import { addClientPackage } from './projenrc/client-package';
import { addExampleTasks, addHandlerBundle, addIntegTasks } from './projenrc/dev-tasks';
import { addLayoutRules } from './projenrc/layout-rules';
import { addMutationTesting } from './projenrc/mutation-testing';
import { configurePackaging } from './projenrc/packaging';
import { addTestTasks, jestProjects } from './projenrc/test-tasks';
import { addTypeCheck } from './projenrc/type-check';

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
    include: ['.projenrc.ts', 'examples/**/*.tsx'],
    // The README's usage app (examples/usage.ts) imports the package by its
    // published name; in this repository that name is src/. The browser
    // examples import the client package the same way, from client/src/. The
    // React example (examples/react-upload.tsx) uses React 17's JSX transform and later.
    compilerOptions: {
      paths: {
        'cdk-presigned-upload': ['./src/index.ts'],
        'cdk-presigned-upload-client': ['./client/src/index.ts'],
        'cdk-presigned-upload-client/*': ['./client/src/*.ts'],
      },
      jsx: javascript.TypeScriptJsxMode.REACT_JSX,
    },
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
    // AWS's CRC64NVME, the oracle for the glue's (tests), and the SDK's parallel multipart
    // upload, the reference the throughput benchmark measures Uppy against.
    '@aws-sdk/checksums@^3',
    '@aws-sdk/lib-storage@^3',
    'esbuild',
    // A second mainstream bundler (Rollup's successor in Vite 8) for the browser examples' bundle test.
    'vite@^8',
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
    // Mutation testing (npx projen mutation). Stryker 10 needs Node.js 22 or
    // later; the jest runner's peer range pins the core to the same version.
    '@stryker-mutator/core@10.0.0',
    '@stryker-mutator/jest-runner@10.0.0',
    // The demo page (examples/web/): Uppy's Dashboard around the same glue.
    '@uppy/dashboard@6.0.3',
    // Deployable integration test; CI verifies its committed snapshot.
    `@aws-cdk/integ-tests-alpha@${CDK_FLOOR}-alpha.0`,
    '@aws-cdk/integ-runner',
    // A DynamoDB-compatible server (Apache-2.0/MIT, in memory) the quota tests
    // start on 127.0.0.1; DynamoDB Local's licence is not open source.
    'dynalite@4.0.0',
    // Firefox over WebDriver BiDi and WebKit over WebDriver (Debian's firefox-esr and
    // webkit2gtk-driver): the browser end-to-end cases in every engine.
    'puppeteer-core@^24', // 25 is ESM only, which jest's CommonJS runtime can't load
    'selenium-webdriver',
    '@types/selenium-webdriver',
    // SigV4 in the browser for PresignAuth.iam() (docs/iam-auth.md), and the credentials of a
    // Cognito identity pool; the React example's types and runtime.
    'aws4fetch@^1',
    '@aws-sdk/credential-provider-cognito-identity@^3',
    'react@^19',
    'react-dom@^19',
    '@types/react@^19',
    '@types/react-dom@^19',
  ],

  jestOptions: {
    updateSnapshot: javascript.UpdateSnapshot.NEVER,
    jestConfig: {
      testPathIgnorePatterns: ['/node_modules/', '/examples/', '/bench/'],
      coveragePathIgnorePatterns: ['/node_modules/', '/test/'],
      reporters: [
        new javascript.JestReporter('<rootDir>/test/summary-reporter.js'),
      ],
      // unit (src/), construct (test/, Node.js packages only) and tools
      // (browsers, S3 servers, analyzers, the jsii assembly): see projenrc/test-tasks.ts.
      projects: jestProjects(),
    },
  },

  gitignore: ['/examples/cdk.out/', '/bench/.out/', '/.venv/', '/.tools/'],
});

const bundle = addHandlerBundle(project);
addLayoutRules(project);
configurePackaging(project, bundle);
const { mutationCi } = addMutationTesting(project, bundle);
const typecheck = addTypeCheck(project);
addClientPackage(project, typecheck);
const { testTools } = addTestTasks(project, bundle, mutationCi, typecheck);
addIntegTasks(project);
addExampleTasks(project, bundle, testTools);

project.synth();
