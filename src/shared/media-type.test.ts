import { describeMediaTypeProblem, isBrowserExecutable } from './media-type';

describe('isBrowserExecutable', () => {
  test.each([
    'text/html', 'application/xhtml+xml', 'image/svg+xml', 'text/xml', 'application/xml', 'application/rss+xml',
    'text/javascript', 'application/javascript', 'application/x-javascript', 'text/ecmascript', 'application/ecmascript',
    'text/javascript1.5', 'text/javascript1', 'text/jscript', 'text/livescript', 'text/xsl', 'application/x-shockwave-flash', 'multipart/x-mixed-replace',
  ])('%s is executable', (type) => {
    // A JavaScript type with any version suffix counts: refusing a type a browser might run costs less than allowing it.
    expect(isBrowserExecutable(type)).toBe(true);
  });

  test.each(['image/png', 'image/jpeg', 'application/pdf', 'text/plain', 'video/mp4', 'application/json', 'text/csv', 'application/octet-stream'])(
    '%s is not executable', (type) => {
      expect(isBrowserExecutable(type)).toBe(false);
    });

  // The list names whole subtypes: one that merely starts or ends with an
  // executable name is another type, which browsers download, not run.
  test.each(['application/vnd.example-html', 'text/x-javascript-config', 'application/prs.xml-notes', 'text/htmlx'])(
    '%s only contains an executable name, so it is not executable', (type) => {
      expect(isBrowserExecutable(type)).toBe(false);
    });
});

describe('describeMediaTypeProblem', () => {
  test.each([
    ['', 'is empty'],
    ['image/png; charset=utf-8', 'has parameters'],
    ['image/png\r\nX-Evil: 1', 'contains a line break'],
    ['image /png', 'contains whitespace'],
    ['imagepng', 'is not of the form type/subtype'],
    ['image/png/x', 'is not of the form type/subtype'],
    ['ima"ge/png', 'has an invalid type'],
    ['image/p<ng', 'has an invalid subtype'],
    ['image/*', 'has an invalid subtype'],
    ['a/' + 'b'.repeat(300), 'is longer than 255 characters'],
    ['image/\u212Aelvin', 'contains a non-ASCII character'],
    ['text/mar\u212Adown', 'contains a non-ASCII character'],
    ['\u0130mage/png', 'contains a non-ASCII character'],
    ['image/png\u00a0', 'contains whitespace'],
    ['image/png\u0000', 'contains a non-ASCII character'],
  ])('%j %s', (value, problem) => {
    expect(describeMediaTypeProblem(value)).toContain(problem);
  });

  test('accepts well-formed types and, when asked, type wildcards', () => {
    expect(describeMediaTypeProblem('image/png')).toBeUndefined();
    expect(describeMediaTypeProblem('Application/VND.ms-excel')).toBeUndefined();
    expect(describeMediaTypeProblem('application/vnd.openxmlformats-officedocument.wordprocessingml.document')).toBeUndefined();
    expect(describeMediaTypeProblem('image/*', true)).toBeUndefined();
  });

  test('allowing type wildcards still checks every other subtype', () => {
    expect(describeMediaTypeProblem('image/p<ng', true)).toBe('has an invalid subtype');
    expect(describeMediaTypeProblem('image/**', true)).toBe('has an invalid subtype');
    expect(describeMediaTypeProblem('*/*', true)).toBe('has an invalid type');
  });
});

describe('a type with parameters: the refusal suggests the bare type the client wrote', () => {
  test.each([
    ['image/png; charset=x', 'has parameters (";"); send the bare type, "image/png"'],
    ['text/plain ;format=flowed', 'has parameters (";"); send the bare type, "text/plain"'],
    ['  ; charset=utf-8', 'has parameters (";"); send the bare type/subtype'],
  ])('%j', (value, problem) => {
    expect(describeMediaTypeProblem(value)).toBe(problem);
  });
});
