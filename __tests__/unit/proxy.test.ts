// Which proxy a request takes (src/proxy/env.ts, rules.ts): HTTPS_PROXY / HTTP_PROXY by scheme, NO_PROXY as
// curl reads it. env.ts reads process.env, as the action does; each case sets it and puts it back.
import { ExplainedError } from '../../src/errors.js'
import { proxyConfigured, proxyFor, shownProxy, viaProxy } from '../../src/proxy/env.js'
import { bypassesProxy, parseProxy } from '../../src/proxy/rules.js'

const NAMES = ['HTTPS_PROXY', 'https_proxy', 'HTTP_PROXY', 'http_proxy', 'NO_PROXY', 'no_proxy']
function withEnv<T>(env: Record<string, string>, work: () => T): T {
  const saved = Object.fromEntries(NAMES.map((name) => [name, process.env[name]]))
  for (const name of NAMES) delete process.env[name]
  Object.assign(process.env, env)
  try {
    return work()
  } finally {
    for (const name of NAMES) {
      if (saved[name] === undefined) delete process.env[name]
      else process.env[name] = saved[name]
    }
  }
}

const PROXY = 'http://proxy.corp:3128'
test.each<[string, Record<string, string>, string, string | undefined]>([
  ['no proxy set', {}, 'https://sts.us-east-1.amazonaws.com', undefined],
  ['HTTPS_PROXY for https', { HTTPS_PROXY: PROXY }, 'https://sts.us-east-1.amazonaws.com', PROXY],
  ['HTTPS_PROXY is not for http', { HTTPS_PROXY: PROXY }, 'http://token.example', undefined],
  ['HTTP_PROXY for http', { HTTP_PROXY: PROXY }, 'http://token.example:8080/token', PROXY],
  ['the lower-case form wins', { https_proxy: 'http://lower:1', HTTPS_PROXY: 'http://upper:2' }, 'https://a.example', 'http://lower:1'],
  ['NO_PROXY: the host itself', { HTTPS_PROXY: PROXY, NO_PROXY: 'sts.us-east-1.amazonaws.com' }, 'https://sts.us-east-1.amazonaws.com', undefined],
  ['NO_PROXY: a domain covers its subdomains (curl)', { HTTPS_PROXY: PROXY, NO_PROXY: 'amazonaws.com' }, 'https://123456789012.dkr.ecr.us-east-1.amazonaws.com', undefined],
  ['NO_PROXY: a leading dot, the same', { HTTPS_PROXY: PROXY, NO_PROXY: '.amazonaws.com' }, 'https://ecr.us-east-1.amazonaws.com', undefined],
  ['NO_PROXY: a leading dot covers the domain itself too (curl ignores the dot)', { HTTPS_PROXY: PROXY, NO_PROXY: '.corp.example' }, 'https://corp.example', undefined],
  ['NO_PROXY: *.domain, as a domain', { HTTPS_PROXY: PROXY, NO_PROXY: '*.corp.example' }, 'https://api.corp.example', undefined],
  ['NO_PROXY: a trailing dot', { HTTPS_PROXY: PROXY, NO_PROXY: 'corp.example.' }, 'https://api.corp.example', undefined],
  ['NO_PROXY: a CIDR range', { HTTP_PROXY: PROXY, NO_PROXY: '10.0.0.0/8' }, 'http://10.1.2.3:8080', undefined],
  ['NO_PROXY: outside the CIDR range', { HTTP_PROXY: PROXY, NO_PROXY: '10.0.0.0/8' }, 'http://11.1.2.3:8080', PROXY],
  ['a proxy without a scheme is http:// (curl)', { HTTPS_PROXY: 'proxy.corp:3128' }, 'https://sts.amazonaws.com', PROXY],
  ['NO_PROXY: a suffix is matched at a dot only', { HTTPS_PROXY: PROXY, NO_PROXY: 'zonaws.com' }, 'https://sts.amazonaws.com', PROXY],
  ['NO_PROXY: host:port matches that port', { HTTPS_PROXY: PROXY, NO_PROXY: 'registry.corp:5000' }, 'https://registry.corp:5000/v2/', undefined],
  ['NO_PROXY: host:port, another port', { HTTPS_PROXY: PROXY, NO_PROXY: 'registry.corp:5000' }, 'https://registry.corp/v2/', PROXY],
  ['NO_PROXY: several, with spaces, any case', { HTTPS_PROXY: PROXY, no_proxy: 'github.com, .Corp.Example' }, 'https://api.corp.example', undefined],
  ['NO_PROXY: *', { HTTPS_PROXY: PROXY, NO_PROXY: '*' }, 'https://sts.amazonaws.com', undefined],
  ['loopback is never proxied', { HTTP_PROXY: PROXY }, 'http://127.0.0.1:5000', undefined],
])('proxyFor: %s', (_, env, url, expected) => {
  expect(withEnv(env, () => proxyFor(url)?.href.replace(/\/$/, ''))).toBe(expected)
})

test.each<[string, string]>([
  ['SOCKS', 'socks5://127.0.0.1:1080'],
  ['garbage', 'http://'],
])('a proxy this action cannot use (%s) is said, naming the variable, never its password', (_, value) => {
  expect(() => parseProxy('HTTPS_PROXY', value)).toThrow(ExplainedError)
  expect(() => parseProxy('HTTPS_PROXY', value)).toThrow(/^HTTPS_PROXY is ".*", which is not a proxy this action can use: give an HTTP\(S\) proxy as http:\/\/HOST:PORT/)
  expect(() => parseProxy('HTTPS_PROXY', 'socks5://alice:s3cret@proxy:1080')).toThrow(/HTTPS_PROXY is "socks5:\/\/…@proxy:1080"/)
})

test('bypassesProxy: loopback always, [IPv6] and ports', () => {
  expect(bypassesProxy('localhost', 80, '')).toBe(true)
  expect(bypassesProxy('127.0.0.2', 443, '')).toBe(true)
  expect(bypassesProxy('[::1]', 443, '')).toBe(true)
  expect(bypassesProxy('[fd00::1]', 443, 'fd00::/8')).toBe(true)
  expect(bypassesProxy('registry.corp', 443, 'registry.corp:5000')).toBe(false)
})

test('proxyConfigured: any of the four variables, not NO_PROXY alone', () => {
  expect(withEnv({}, () => proxyConfigured())).toBe(false)
  expect(withEnv({ NO_PROXY: '*' }, () => proxyConfigured())).toBe(false)
  expect(withEnv({ http_proxy: PROXY }, () => proxyConfigured())).toBe(true)
})

test('a proxy is shown without its credentials, and says which variable named it', () => {
  expect(shownProxy(new URL('http://user:s3cret@proxy.corp:3128'))).toBe('http://proxy.corp:3128')
  expect(withEnv({ HTTPS_PROXY: 'http://user:s3cret@proxy.corp:3128' }, () => viaProxy('sts.amazonaws.com', 'https://sts.amazonaws.com')))
    .toBe('sts.amazonaws.com through the proxy http://proxy.corp:3128 (HTTPS_PROXY)')
  expect(withEnv({ https_proxy: 'alice:s3cret@proxy.corp:3128' }, () => viaProxy('sts.amazonaws.com', 'https://sts.amazonaws.com')))
    .toBe('sts.amazonaws.com through the proxy http://proxy.corp:3128 (https_proxy)')
  expect(withEnv({}, () => viaProxy('sts.amazonaws.com', 'https://sts.amazonaws.com'))).toBe('sts.amazonaws.com')
})
