import * as fs from 'node:fs';
import * as path from 'node:path';
import { RefusalCode } from '../src';

// In test/, not beside the enum: the handler's mutation sandbox holds no docs/.
test('docs/errors.md lists exactly the RefusalCode values, in their order', () => {
  const doc = fs.readFileSync(path.join(__dirname, '..', 'docs', 'errors.md'), 'utf8');
  const listed = [...doc.matchAll(/^\| \d{3} \| `([A-Z_]+)` \|/gm)].map((m) => m[1]);
  expect(listed).toEqual(Object.values(RefusalCode));
});
