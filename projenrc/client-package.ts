import { JsonPatch, type awscdk, type Task } from 'projen';

/**
 * Where the release_npm job gets the client's tarball: after "Collect js
 * artifact" (which makes dist/ from the construct's package:js) and before
 * "Release" (publib-npm). test/workflows.test.ts holds it there.
 */
const CLIENT_RELEASE_STEP_INDEX = 12;

/**
 * The browser client, a second npm package in this repository
 * (`client/`, `cdk-presigned-upload-client`): ES modules with their types,
 * no runtime dependency, built by tsc from client/tsconfig.json into
 * client/dist/, with its manifest (client/package-manifest.json). Its
 * request and response types are the presign endpoint's contract in
 * src/shared/presign-contract.ts, compiled into the package beside it, so
 * a contract change breaks its build, not a user's page. The construct
 * stays the jsii package at the root; `build` builds and packs both.
 */
export function addClientPackage(project: awscdk.AwsCdkConstructLibrary, typecheck: Task): Task {
  const build = project.addTask('client:build', {
    description: 'Build the browser client package (client/) into client/dist/',
    steps: [
      { exec: 'rm -rf client/dist' },
      { exec: 'tsc -p client/tsconfig.json' },
      // The manifest goes with the build: an ES module package ("type": "module")
      // whose sources, outside it, tsc and jest read as the rest of the repository,
      // at the construct's version.
      { exec: 'node scripts/client-manifest.js client/dist && cp client/README.md client/dist/README.md' },
    ],
  });
  const pack = project.addTask('client:pack', {
    description: 'Pack the browser client package into dist/client/ (its own directory: dist/js is the construct\'s)',
    steps: [
      { spawn: build.name },
      { exec: 'mkdir -p dist/client && npm pack ./client/dist --pack-destination dist/client --silent' },
    ],
  });
  project.postCompileTask.spawn(pack);
  typecheck.exec('tsc --noEmit -p client/tsconfig.json');
  project.eslint?.addLintPattern('client');
  // The client's own tests run in jest's unit project, with dev dependencies.
  project.eslint?.allowDevDeps('client/test/**/*.ts');
  // Each adapter imports its one optional peer (client/package-manifest.json),
  // a dev dependency here; test/client-package.test.ts holds the imports to the peers.
  for (const adapter of ['uppy', 'react', 'iam', 'cognito']) project.eslint?.allowDevDeps(`client/src/${adapter}.ts`);
  // Published with the construct: the npm release job publishes every tarball
  // in dist/js, so the client's joins the construct's there, same version and tag.
  const releaseNpm = project.github?.tryFindWorkflow('release')?.file;
  releaseNpm?.patch(JsonPatch.add(`/jobs/release_npm/steps/${CLIENT_RELEASE_STEP_INDEX}`, {
    name: 'Add the browser client package',
    run: 'cp dist.old/client/*.tgz dist/js/',
  }));
  project.gitignore.addPatterns('/client/dist/');
  project.npmignore?.addPatterns('/client/');
  return pack;
}
