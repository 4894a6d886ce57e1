#!/usr/bin/env node
// The last step of `npx projen ci`: the build must leave every tracked file as
// committed and add no file that .gitignore does not cover.
const { execFileSync } = require('node:child_process');

const status = execFileSync('git', ['status', '--porcelain'], { encoding: 'utf8' });
if (status.trim() !== '') {
  console.error('The build changed tracked files (commit them or fix .projenrc.ts):');
  console.error(status);
  console.error(execFileSync('git', ['--no-pager', 'diff', '--stat'], { encoding: 'utf8' }));
  process.exit(1);
}
console.log('clean tree: the build changed no tracked file');
