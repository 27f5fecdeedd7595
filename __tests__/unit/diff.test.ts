import { canonical, diffDocuments, parsePolicyDocument, sameDocument } from '../../src/diff.js'

test.each<[string, unknown, unknown, boolean]>([
  ['key order', { a: 1, b: 2 }, { b: 2, a: 1 }, true],
  ['one-item list and its item', { Action: ['x'] }, { Action: 'x' }, true],
  ['order of plain values', { Action: ['b', 'a'] }, { Action: ['a', 'b'] }, true],
  ['statement order matters', [{ a: 1 }, { b: 1 }], [{ b: 1 }, { a: 1 }], false],
  ['a different value', { a: 1 }, { a: 2 }, false],
])('sameDocument: %s → %s', (_, a, b, expected) => expect(sameDocument(a, b)).toBe(expected))

test('canonical sorts keys deeply', () => {
  expect(JSON.stringify(canonical({ z: { b: 1, a: [2, 1] }, a: null }))).toBe('{"a":null,"z":{"a":[1,2],"b":1}}')
})

test.each<[string, string | undefined, unknown]>([
  ['URL-encoded, as IAM returns it', encodeURIComponent('{"Version":"2012-10-17"}'), { Version: '2012-10-17' }],
  ['plain JSON', '{"a":1}', { a: 1 }],
  ['nothing', undefined, undefined],
])('parsePolicyDocument: %s', (_, text, expected) => expect(parsePolicyDocument(text)).toEqual(expected))

test('diffDocuments marks what changed, with context, and elides the rest', () => {
  const before = { a: 1, b: 2, c: 3, d: 4, e: 5, f: 6, g: 7 }
  const after = { ...before, d: 40 }
  expect(diffDocuments(before, after, 1)).toEqual(['  …', '    "c": 3,', '-   "d": 4,', '+   "d": 40,', '    "e": 5,', '  …'])
})
