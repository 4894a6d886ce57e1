import type { awscdk, Task } from 'projen';

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
      // whose sources, outside it, tsc and jest read as the rest of the repository.
      { exec: 'cp client/package-manifest.json client/dist/package.json && cp client/README.md client/dist/README.md' },
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
  project.gitignore.addPatterns('/client/dist/');
  project.npmignore?.addPatterns('/client/');
  return pack;
}
