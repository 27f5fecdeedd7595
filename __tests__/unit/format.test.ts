import { withoutUserinfo } from '../../src/format.js'

describe('no credential in a URL that is shown', () => {
  test.each<[string, string]>([
    ['https://user:ghp_secret@github.com/octo-org/app.git', 'https://***@github.com/octo-org/app.git'],
    ['https://x-access-token:ghs_abc@github.example.com/api/v3', 'https://***@github.example.com/api/v3'],
    ['origin is https://ghp_only@github.com/o/r, which is not…', 'origin is https://***@github.com/o/r, which is not…'],
    ['https://github.com/octo-org/app.git', 'https://github.com/octo-org/app.git'],
    ['git@github.com:octo-org/app.git', 'git@github.com:octo-org/app.git'], // scp-like: the user is git, no secret
    ['ssh://git@host.example/o/r', 'ssh://***@host.example/o/r'],
  ])('%s → %s', (url, shown) => expect(withoutUserinfo(url)).toBe(shown))
})
