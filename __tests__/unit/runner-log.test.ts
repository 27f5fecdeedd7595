// issue 18, row 17: the demo shows a step's log as the runner does, never a masked value
import { RunnerLog } from '../../scripts/runner-log.mjs'

test('a masked value is consumed, then shown as *** wherever it appears', () => {
  const log = new RunnerLog()
  expect(log.line('::add-mask::eyJhbGciOi.token.sig')).toBeUndefined()
  expect(log.line('::add-mask::ecr-password')).toBeUndefined()
  expect(log.line('token eyJhbGciOi.token.sig and ecr-password here')).toBe('token *** and *** here')
  expect(log.line('::error file=ci.yml::failed with ecr-password%0Asecond line')).toBe('Error: failed with ***\nsecond line')
})

test('a value inside a longer one: the longer is masked whole', () => {
  const log = new RunnerLog()
  log.line('::add-mask::abc')
  log.line('::add-mask::abcdef')
  expect(log.line('x abcdef y abc')).toBe('x *** y ***')
})

test.each<[string, string | undefined]>([
  ['::group::docker buildx build', '▸ docker buildx build'],
  ['::endgroup::', undefined],
  ['::debug::internals', undefined],
  ['::notice::Using the ambient credentials', 'Notice: Using the ambient credentials'],
  ['::warning title=cache::100%25 cold', 'Warning: 100% cold'],
  ['» build + push', '» build + push'],
  ['::add-mask::   ', undefined],
])('%j → %j', (text, shown) => expect(new RunnerLog().line(text)).toBe(shown))
