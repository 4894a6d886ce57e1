import * as fs from 'node:fs';
import * as path from 'node:path';
import { RefusalCode } from './refusal-code';

test('each code is its own name, so the enum and the wire agree in every language', () => {
  for (const [name, value] of Object.entries(RefusalCode)) expect(value).toBe(name);
});

test('docs/errors.md lists exactly these codes, in this order', () => {
  const doc = fs.readFileSync(path.join(__dirname, '..', '..', 'docs', 'errors.md'), 'utf8');
  const listed = [...doc.matchAll(/^\| \d{3} \| `([A-Z_]+)` \|/gm)].map((m) => m[1]);
  expect(listed).toEqual(Object.values(RefusalCode));
});
