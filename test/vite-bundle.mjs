// Bundles the browser examples with Vite, as an app that imports them would
// (a production build, browser resolution), and prints what each chunk holds
// as JSON on stdout. Run by test/example-bundles.test.ts in a child process,
// since Vite's Node API is ES modules only and jest's runtime is CommonJS.
import * as path from 'node:path';
import { build } from 'vite';

// Each entry is a path from the repository's root; an app imports the client package by its name.
const entries = process.argv.slice(2);
const repository = path.resolve(import.meta.dirname, '..');
const root = path.join(repository, 'examples');
const clientSources = path.join(repository, 'client', 'src');
const warnings = [];
const output = await build({
  root,
  configFile: false,
  logLevel: 'silent',
  mode: 'production',
  customLogger: {
    info() {}, clearScreen() {}, hasErrorLogged: () => false, hasWarned: false,
    warn(message) { warnings.push(message); }, warnOnce(message) { warnings.push(message); }, error(message) { warnings.push(message); },
  },
  resolve: {
    alias: [
      { find: /^cdk-presigned-upload-client$/, replacement: path.join(clientSources, 'index.ts') },
      { find: /^cdk-presigned-upload-client\/(.*)$/, replacement: `${clientSources}/$1.ts` },
    ],
  },
  build: {
    write: false,
    minify: false,
    target: 'es2022',
    modulePreload: false,
    rollupOptions: {
      input: Object.fromEntries(entries.map((file) => [file, path.join(repository, file)])),
      preserveEntrySignatures: 'exports-only',
      onwarn(warning) { warnings.push(String(warning.message ?? warning)); },
    },
  },
});
const results = Array.isArray(output) ? output : [output];
const chunks = results.flatMap((result) => result.output)
  .filter((item) => item.type === 'chunk')
  .map((chunk) => ({
    name: chunk.name,
    isEntry: chunk.isEntry,
    facadeModuleId: chunk.facadeModuleId,
    exports: chunk.exports,
    modules: Object.keys(chunk.modules),
    imports: chunk.imports,
    code: chunk.code,
  }));
process.stdout.write(JSON.stringify({ warnings, chunks }));
