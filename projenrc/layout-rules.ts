import type { awscdk } from 'projen';

/**
 * The layout's boundaries, enforced by eslint (test/layout.test.ts proves the
 * rules fire): code that runs in Lambda (src/handler/) and code both sides
 * share (src/shared/) never import CDK or construct internals, construct
 * internals (src/private/) never import the handler, and the handler, whose
 * requests are typed per operation, needs no non-null assertion.
 */
export function addLayoutRules(project: awscdk.AwsCdkConstructLibrary): void {
  const cdkImports = {
    paths: [
      { name: 'aws-cdk-lib', message: 'src/handler and src/shared run in Lambda: they may not import aws-cdk-lib.' },
      { name: 'constructs', message: 'src/handler and src/shared run in Lambda: they may not import constructs.' },
    ],
    patterns: [{ group: ['aws-cdk-lib/*'], message: 'src/handler and src/shared run in Lambda: they may not import aws-cdk-lib.' }],
  };
  project.eslint?.addOverride({
    files: ['src/handler/**/*.ts', 'src/shared/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', cdkImports] },
  });
  project.eslint?.addOverride({
    files: ['src/handler/**/*.ts'],
    rules: { '@typescript-eslint/no-non-null-assertion': 'error' },
  });
  const layerZones = [
    { target: './src/handler', from: './src', except: ['./handler', './shared'], message: 'src/handler may import only src/handler and src/shared.' },
    { target: './src/shared', from: './src', except: ['./shared'], message: 'src/shared may import only src/shared.' },
    { target: './src/private', from: './src/handler', message: 'construct code may not import the handler: move what both sides need to src/shared.' },
    { target: './client', from: './src', except: ['./shared/presign-contract.ts'], message: 'the browser client may import only the endpoint\'s contract, src/shared/presign-contract.ts.' },
  ];
  project.eslint?.addRules({ 'import/no-restricted-paths': ['error', { zones: layerZones }] });
  // Inside the handler, each folder imports only the folders below it, so a
  // request's walk goes down through each once: the adapter, then
  // operations/, which uses request/, caller/, quota/ (the usage type) and
  // sigv4/; quota/ uses caller/ and sigv4/. Tests may reach further.
  const folderZones = Object.entries(HANDLER_FOLDERS).map(([folder, below]) => ({
    target: `./src/handler/${folder}`,
    from: './src/handler',
    except: [`./${folder}`, ...below.map((name) => `./${name}`)],
    message: `src/handler/${folder}/ may import only ${[...below].join(', ') || 'its own files'} in src/handler (see CONTRIBUTING.md, Source layout).`,
  }));
  project.eslint?.addOverride({
    files: ['src/handler/*/**/*.ts'],
    excludedFiles: ['*.test.ts'],
    rules: { 'import/no-restricted-paths': ['error', { zones: [...layerZones, ...folderZones] }] },
  });
  // Handler unit tests sit next to the handler in src/ and may use dev dependencies.
  project.eslint?.allowDevDeps('src/**/*.test.ts');
}

/** Each handler folder, and what else in src/handler it may import. */
const HANDLER_FOLDERS: Record<string, readonly string[]> = {
  request: ['request-error.ts'],
  caller: ['request-error.ts'],
  sigv4: [],
  quota: ['caller', 'sigv4', 'request-error.ts'],
  operations: ['request', 'caller', 'quota', 'sigv4', 'request-error.ts'],
};
