// What the runner loads, read from the built dist/ (make e2e builds it first): bytes, not time, so a test.
import { loads } from '../../scripts/bundle-loads.mjs'

test('push mode loads at most 48,577 bytes before docker starts, and the post step at most 35,904 (issue 13)', () => {
  const { push, post } = loads('dist')
  console.log(`push mode before docker starts: ${push} bytes; the post step: ${post} bytes`)
  expect(push).toBeLessThanOrEqual(48_577)
  expect(post).toBeLessThanOrEqual(35_904)
})
