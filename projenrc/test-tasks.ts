import * as path from 'node:path';
import type { awscdk, Task } from 'projen';
import { PRESIGN_API_BUNDLE } from '../src/private/handler-bundle';

/**
 * The `tools` project: suites that drive tools besides Node.js packages
 * (browsers, S3 servers, analyzers) or need the jsii assembly, each run by a
 * task of its own.
 */
const TOOL_SUITES = ['test/e2e/**/*.test.ts', 'test/static-analysis.test.ts', 'test/workflows.test.ts', 'test/jsii-assembly.test.ts'];
/**
 * The fast loop's suites: the handler's, shared code's and browser client's
 * unit tests, and the construct's validation tests, which synthesize no more
 * than they must.
 */
const FAST_SUITES = ['src/', 'client/', 'test/validation.test.ts', 'test/allowed-origins.test.ts', 'test/prop-spelling.test.ts', 'test/upload-quotas.test.ts'];
/** What jest never collects as tests (projen's jest config says the same). */
const NEVER_TESTS = ['/node_modules/', '/examples/', '/bench/'];

/**
 * The two packages' published names, as the examples and tests import them,
 * mapped to their sources: the construct (src/) and the client with its
 * subpath entries (client/src/).
 */
export const PACKAGE_SOURCES = {
  '^cdk-presigned-upload$': '<rootDir>/src/index.ts',
  '^cdk-presigned-upload-client$': '<rootDir>/client/src/index.ts',
  '^cdk-presigned-upload-client/(.*)$': '<rootDir>/client/src/$1.ts',
};

/**
 * Jest's projects: `unit` (the handler's and shared code's tests beside
 * them in src/), `construct` (test/, with nothing installed but the Node.js
 * packages) and `tools` (TOOL_SUITES). `npx jest --selectProjects unit
 * construct` is what `test` runs; the tools project needs `npx projen
 * test:tools` first.
 */
export function jestProjects(): Record<string, unknown>[] {
  const common = {
    // The client package's sources (client/src/) name the .js files they compile to in their relative imports.
    moduleNameMapper: { ...PACKAGE_SOURCES, '^(\\.{1,2}/.*)\\.js$': '$1' },
    // A mutation run's sandboxes hold a second copy of the package.
    modulePathIgnorePatterns: ['<rootDir>/.stryker-tmp/'],
    testPathIgnorePatterns: NEVER_TESTS,
    clearMocks: true,
    transform: { '^.+\\.[t]sx?$': ['ts-jest', { tsconfig: 'tsconfig.dev.json' }] },
  };
  return [
    { displayName: 'unit', testMatch: ['<rootDir>/src/**/*.test.ts', '<rootDir>/client/**/*.test.ts'], ...common },
    // (jest puts the root in only where a pattern starts with <rootDir>, so the negations start with **/.)
    { displayName: 'construct', testMatch: ['<rootDir>/test/**/*.test.ts', ...TOOL_SUITES.map((suite) => `!**/${suite}`)], ...common },
    { displayName: 'tools', testMatch: TOOL_SUITES.map((suite) => `<rootDir>/${suite}`), ...common },
  ];
}

/**
 * The test tasks, fastest first:
 *
 * - `test:fast`: the handler's unit and the construct's validation tests, in
 *   seconds, for the edit loop (not a CI step: `test` runs them too);
 * - `test`: the unit and construct tests, eslint, `typecheck` and the integ
 *   snapshot check, with nothing installed but the Node.js packages (the
 *   handler is bundled first: construct tests synthesize it);
 * - `test:assembly`: the jsii assembly, right after it is compiled (in `build`);
 * - `test:browser`: the browser end-to-end and demo page tests (Chromium, versitygw);
 * - `test:analyzers`: cdk-nag, cfn-lint, checkov and actionlint;
 * - `test:quotas`: the quota tests against moto, besides dynalite in `test`;
 * - `test:packages`, `test:from-source`, `test:compat`, `test:node24`: the built
 *   packages' consumers, the README's build block in fresh `cdk init` apps, a
 *   newer aws-cdk-lib, and the handler on Node.js 24;
 * - `ci`: `build`, then `ci:checks`: every suite above, mutation testing and a
 *   clean-tree check. The build workflow runs the same two tasks.
 *
 * Each jest run prints its own summary line (JEST_SUMMARY_LABEL), which
 * scripts/summarize-tests.js adds up.
 */
export function addTestTasks(project: awscdk.AwsCdkConstructLibrary, bundle: Task, mutationCi: Task, typecheck: Task): { readonly testTools: Task } {
  // The tools the slower suites drive (checkov, cfn-lint, versitygw, moto,
  // actionlint, Chromium), installed idempotently into .tools/; a tool that
  // can't be installed fails at once, naming the tool and how to install it by
  // hand. Every task finds them on PATH.
  const testTools = project.addTask('test:tools', {
    description: 'Install the test tools (checkov, cfn-lint, versitygw, moto, actionlint, and Chromium, Firefox and WebKit from Debian) if missing',
    exec: 'bash scripts/install-test-tools.sh',
  });
  project.tasks.addEnvironment('PATH', '$(echo "$PWD/.tools/bin:$(npx -c \'node --print process.env.PATH\')")');

  project.testTask.reset();
  project.testTask.spawn(bundle);
  // (--selectProjects takes every name after it: it comes first, so paths given to the task stay paths.)
  project.testTask.exec('jest --selectProjects unit construct --passWithNoTests --ci', { receiveArgs: true });
  const eslint = project.tasks.tryFind('eslint');
  if (eslint !== undefined) project.testTask.spawn(eslint);
  project.testTask.spawn(typecheck);

  // The loop to run while editing: no coverage, no eslint, no integ check, and the
  // handler bundled only when a fresh clone has none (the construct tests need its
  // directory, not its freshness; the suites that run the bundle are in `test`).
  project.addTask('test:fast', {
    description: 'The handler\'s unit tests and the construct\'s validation tests, without coverage, eslint or integ (seconds)',
    env: { JEST_SUMMARY_LABEL: 'jest-fast' },
    steps: [
      { exec: `[ -f ${path.relative(project.outdir, PRESIGN_API_BUNDLE)} ] || npx projen ${bundle.name}`, name: 'bundle if missing' },
      { exec: `jest --ci --coverage=false ${FAST_SUITES.join(' ')}`, receiveArgs: true },
    ],
  });

  const jestSuite = (name: string, description: string, label: string, paths: string[], tools: boolean, env: Record<string, string> = {}): Task => {
    const task = project.addTask(name, { description, env: { JEST_SUMMARY_LABEL: label, ...env } });
    if (tools) task.spawn(testTools);
    task.spawn(bundle);
    task.exec(`jest --ci --coverage=false ${paths.join(' ')}`);
    return task;
  };
  const assembly = project.addTask('test:assembly', {
    description: 'Check the jsii assembly (run by build, after compile)',
    env: { JEST_SUMMARY_LABEL: 'jest-assembly' },
    exec: 'jest --ci --coverage=false test/jsii-assembly.test.ts',
  });
  project.postCompileTask.spawn(assembly);
  const browser = jestSuite('test:browser', 'The browser end-to-end tests in Chromium, Firefox and WebKit, and the demo page test (installs the browsers and versitygw if missing)',
    'jest-browser', ['test/e2e/'], true);
  const analyzers = jestSuite('test:analyzers', 'cdk-nag, cfn-lint, checkov and actionlint on the synthesized templates and workflows',
    'jest-analyzers', ['test/static-analysis.test.ts', 'test/workflows.test.ts'], true);
  // The quota tests run against dynalite in `test`; here against a second
  // DynamoDB-compatible server by another team, moto in server mode.
  const quotas = jestSuite('test:quotas', 'The quota tests against moto, a second DynamoDB-compatible server (installed into .tools/ if missing)',
    'jest-quotas-moto', ['test/quota-enforcement.test.ts'], true, { QUOTA_TEST_SERVER: 'moto' });

  // Consumer tests of the built packages, in a fresh environment each: Python
  // (virtualenv + pytest), Java (Maven + JUnit) and Go (go build/vet/test).
  const packages = project.addTask('test:packages', {
    description: 'Install the built Python, Java and Go packages like a user would and run their consumer tests',
  });
  for (const language of ['python', 'java', 'go']) {
    packages.exec(`bash scripts/test-${language}.sh`);
  }
  // The jest suite against a newer, pinned aws-cdk-lib (see the script).
  const compat = project.addTask('test:compat', {
    description: 'Run the jest suite against a newer aws-cdk-lib than the floor (pinned in scripts/test-compat.sh)',
    exec: 'bash scripts/test-compat.sh',
  });
  // The handler's suites (unit, bundle, browser end to end) again on Node.js 24,
  // the other Lambda runtime the construct offers; .ci/run runs all else on 22.
  const node24 = project.addTask('test:node24', {
    description: 'Run the handler\'s unit, bundle and browser end-to-end suites on Node.js 24 (installed into .tools/)',
    exec: 'bash scripts/test-node24.sh',
  });

  // The README's build-from-source block, run as written in a clone of HEAD;
  // the packages it makes must synthesize in fresh `cdk init` apps.
  const fromSource = project.addTask('test:from-source', {
    description: 'Run the README\'s build-from-source block in a clone of HEAD and synthesize its stacks in fresh cdk init TypeScript and Python apps',
    exec: 'bash scripts/test-from-source.sh',
  });
  const checks = project.addTask('ci:checks', {
    description: 'What CI runs after build: the browser, analyzer, package, compat and Node.js 24 suites, mutation testing, a clean-tree check',
  });
  for (const task of [browser, analyzers, quotas, packages, fromSource, compat, node24, mutationCi]) {
    checks.spawn(task);
  }
  // Last: nothing CI ran may have changed a tracked file.
  checks.exec('node scripts/check-clean-tree.js', { name: 'clean-tree' });
  const ci = project.addTask('ci', { description: 'Everything CI checks: build, then ci:checks' });
  ci.spawn(project.buildTask);
  ci.spawn(checks);
  // The build workflow runs what .ci/run runs: projen's build step, then the
  // checks (test/workflows.test.ts compares both, and actionlint checks it).
  project.buildWorkflow?.addPostBuildSteps({ name: 'ci:checks', run: 'npx projen ci:checks' });
  return { testTools };
}
