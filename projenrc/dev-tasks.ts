import type { awscdk, Task } from 'projen';

/**
 * The presign handler, bundled by projen (esbuild) into assets/ at build time,
 * so consumers in every jsii language need no esbuild or Docker. Its entry
 * point and pure core live in src/handler/. Only the bundle is generated:
 * the construct deploys it from PRESIGN_API_BUNDLE_DIR
 * (src/private/handler-bundle.ts) with the runtime the user chooses, which
 * projen's generated function class could not take. Minified (names kept,
 * for stack traces): every kilobyte is read at each cold start. Returns the
 * task that makes every bundle.
 */
export function addHandlerBundle(project: awscdk.AwsCdkConstructLibrary): Task {
  const options = { platform: 'node', target: 'node22', minify: true, keepNames: true, tsconfigPath: 'tsconfig.dev.json' };
  // One file, quotas included: node:https, their one cost at a cold start,
  // is loaded only when the quota port opens (CONTRIBUTING.md, Benchmark).
  project.bundler.addBundle('src/handler/presign-api.lambda.ts', { ...options, externals: ['@aws-sdk/*'] });
  return project.bundler.bundleTask;
}

/**
 * The integration test (test/integ.*.ts) with integ-runner. CI has no AWS
 * account: `integ` only verifies that the committed snapshot is unchanged (it
 * deploys nothing, and fails on any difference), as part of `test`;
 * `integ:update` rewrites the snapshot without deploying; `integ:deploy`
 * deploys, runs the assertions, and destroys. (projen's IntegRunner component
 * is not used: its `integ:update` deploys, and it pins integ-tests-alpha to
 * `@latest`, while the alpha must match the aws-cdk-lib floor.)
 */
export function addIntegTasks(project: awscdk.AwsCdkConstructLibrary): void {
  const runner = 'integ-runner --directory test --language typescript --app "ts-node --project tsconfig.dev.json {filePath}"';
  const integ = project.addTask('integ', {
    description: 'Verify the committed integ-runner snapshots (no deployment)',
    exec: runner,
  });
  project.addTask('integ:update', {
    description: 'Rewrite the integ-runner snapshots without deploying; review the diff',
    exec: `${runner} --dry-run --update-on-failed`,
  });
  project.addTask('integ:deploy', {
    description: 'Deploy the integration tests to the current AWS account, assert, and destroy (needs credentials)',
    exec: `${runner} --update-on-failed --force`,
  });
  project.testTask.spawn(integ);
  // integ-runner verifies templates; asset contents stay out of the committed
  // snapshot. (Added after the constructor: projen's own "!/test/" would drop it.)
  project.gitignore.addPatterns('/test/*.snapshot/asset.*', '/test/go/.generated/', '/test/java/target/');
}

/** The example app, its diagram, the demo page and the benchmark. */
export function addExampleTasks(project: awscdk.AwsCdkConstructLibrary, bundle: Task, testTools: Task): void {
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
  example.spawn(bundle);
  example.exec('ts-node --project tsconfig.dev.json examples/synth.ts');

  // The demo page (examples/web/) with everything behind it, locally: the
  // example app synthesized, versitygw, the shipped handler behind the local
  // HTTP API stand-in, the example's processor. Ctrl-C stops it.
  const demo = project.addTask('demo', {
    description: 'Serve the demo page (examples/web/) at http://localhost:5173 with a local S3 and the shipped handler; Ctrl-C stops it',
    receiveArgs: true,
  });
  demo.spawn(bundle);
  // Only what the demo runs: the local S3 server (the page opens in the user's own browser).
  demo.exec('bash scripts/install-test-tools.sh versitygw');
  demo.exec('ts-node --project tsconfig.dev.json examples/web/run-demo.ts', { receiveArgs: true });
  // The README's screenshot of the demo page, taken by its Chromium test
  // (which otherwise writes it to test-reports/). Look at it before committing.
  const demoScreenshot = project.addTask('demo:screenshot', {
    description: 'Drive the demo page in Chromium and write docs/demo-page.png (the README\'s screenshot)',
    env: { DEMO_SCREENSHOT: 'docs/demo-page.png' },
  });
  demoScreenshot.spawn(bundle);
  demoScreenshot.spawn(testTools);
  demoScreenshot.exec('jest --coverage=false test/e2e/demo-page.test.ts');

  // Benchmark: bundled handler vs. a reference built on the AWS SDK's presigner.
  const bench = project.addTask('bench', {
    description: 'Compare the bundled presign handler against @aws-sdk/s3-request-presigner (bytes, init, presigns/s)',
  });
  bench.spawn(bundle);
  bench.exec('ts-node --project tsconfig.dev.json bench/run.ts');

  // Upload goodput over emulated links: the client and Uppy in Chromium against @aws-sdk/lib-storage (about 40 minutes).
  const benchLink = project.addTask('bench:link', {
    description: 'Goodput of the browser client and of Uppy 6 over emulated links (100 Mbit/s 50 ms, 20 Mbit/s 200 ms), vs @aws-sdk/lib-storage',
  });
  benchLink.spawn(bundle);
  benchLink.spawn(testTools);
  benchLink.exec('ts-node --transpile-only --project tsconfig.dev.json bench/upload-throughput.ts');
}
