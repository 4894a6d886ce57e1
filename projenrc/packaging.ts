import type { awscdk, Task } from 'projen';

/**
 * The packages: `package` builds the npm, Python, Java and Go packages, in CI
 * and locally alike (projen's default packs only npm when CI is set). .NET
 * needs a dotnet SDK, which our machines don't have: `npx projen
 * package:dotnet` where one is.
 */
export function configurePackaging(project: awscdk.AwsCdkConstructLibrary, bundle: Task): void {
  for (const pattern of ['/examples/', '/bench/', '/.ci/', '/scripts/', '/docs/', '/.tools/']) {
    project.npmignore?.exclude(pattern);
  }
  project.packageTask.reset();
  for (const target of ['js', 'python', 'java', 'go']) {
    const task = project.tasks.tryFind(`package:${target}`);
    if (task === undefined) throw new Error(`projen has no package:${target} task`);
    project.packageTask.spawn(task);
  }
  // pacmak's own Go build step runs `go mod tidy` against aws-cdk-go at our floor,
  // whose source the module proxy our CI reaches does not serve. Generate the
  // code only; scripts/test-go.sh builds, vets and tests it (and says what it
  // has to substitute).
  project.tasks.tryFind('package:go')?.reset('jsii-pacmak -v --target go --code-only');
  // `compile` makes the handler bundle itself, then runs jsii: the packages
  // ship assets/, so the README's `npx projen compile && npx projen package:js`
  // makes a tarball that synthesizes. (projen would run the bundle in
  // pre-compile, which `compile` alone skips.) jsii warnings are errors:
  // nothing in the public API may degrade in another language (reserved
  // words, unions, any-typed props...).
  project.preCompileTask.reset();
  project.compileTask.reset();
  project.compileTask.spawn(bundle);
  project.compileTask.exec('jsii --fail-on-warnings');
  // The optional platform binaries of unrs-resolver (eslint-import-resolver-typescript)
  // are not all served at their newest version by every registry mirror; pin the
  // version so `npm ci` reproduces the lock on a fresh clone.
  project.package.addField('overrides', { 'unrs-resolver': '1.11.1' });
}
