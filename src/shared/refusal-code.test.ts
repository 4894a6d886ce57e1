import { RefusalCode } from './refusal-code';

test('each code is its own name, so the enum and the wire agree in every language', () => {
  for (const [name, value] of Object.entries(RefusalCode)) expect(value).toBe(name);
});
