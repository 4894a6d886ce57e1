import { JsonFile, type typescript, type Task } from 'projen';

/**
 * The files that run in a browser page, or import what does (Uppy 6 is ES
 * modules only): type-checked as a bundler reads them, not as the CommonJS
 * of the library and its tests, so the dev config leaves them out.
 */
const BROWSER_ONLY = [
  'examples/frontend-setup.ts', 'examples/react-upload.tsx', 'examples/uppy-upload.ts', 'examples/web/demo-page.ts', 'bench/glue-calls.ts',
  // The client's Uppy adapter; client/tsconfig.json builds it, as the package's other sources.
  'client/src/uppy.ts',
];

/**
 * `typecheck`: tsc over everything jest transpiles without checking (the
 * tests, scripts, examples, projenrc; ts-jest runs with isolatedModules),
 * and over the browser sources with a bundler's module resolution and the
 * DOM's types (tsconfig.browser.json). `test` runs it, so CI does.
 */
export function addTypeCheck(project: typescript.TypeScriptProject): Task {
  for (const file of BROWSER_ONLY) project.tsconfigDev.addExclude(file);
  // Tests and benchmarks hand functions to browsers (page.evaluate), which use the DOM's globals.
  project.tsconfigDev.file.addOverride('compilerOptions.lib', ['es2022', 'dom', 'dom.iterable']);
  new JsonFile(project, 'tsconfig.browser.json', {
    obj: {
      extends: './tsconfig.dev.json',
      // The DOM's types and noEmit come from tsconfig.dev.json.
      compilerOptions: { module: 'preserve', moduleResolution: 'bundler' },
      include: BROWSER_ONLY,
      exclude: ['node_modules'],
    },
    marker: true,
    allowComments: true,
  });
  // Type-aware lint rules read the browser sources through the config that includes them.
  project.eslint?.addOverride({ files: BROWSER_ONLY, parserOptions: { project: './tsconfig.browser.json' } } as never);
  return project.addTask('typecheck', {
    description: 'Type-check the tests, scripts and examples (jest only transpiles them), and the browser sources as a bundler resolves them',
    steps: [
      { exec: 'tsc --noEmit -p tsconfig.dev.json' },
      { exec: 'tsc --noEmit -p tsconfig.browser.json' },
    ],
  });
}
