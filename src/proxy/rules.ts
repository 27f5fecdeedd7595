/**
 * Which proxy a request takes (pure): the variables by the URL's scheme, NO_PROXY as curl reads it. Sources:
 * curl's manual, "ENVIRONMENT" (`https_proxy`, `http_proxy`, `NO_PROXY`: `*` alone matches every host; an
 * entry matches the host itself and any host in its domain, a leading dot ignored; IP addresses and CIDR
 * ranges); GitHub docs, "Using a proxy server with self-hosted runners". Beyond curl, as GitHub's toolkit: an
 * entry `host:port` matches that port only, and loopback addresses always go direct.
 */
import { BlockList, isIP } from 'node:net'
import { ExplainedError } from '../errors.js'

/** The variable that names the proxy for a scheme, as it is written; the lower-case form wins (curl). */
export function proxyVariable(
  scheme: 'http:' | 'https:',
  env: NodeJS.ProcessEnv,
): { name: string; value: string } | undefined {
  const base = scheme === 'https:' ? 'https_proxy' : 'http_proxy'
  for (const name of [base, base.toUpperCase()]) {
    const value = env[name]?.trim()
    if (value) return { name, value }
  }
  return undefined
}

/**
 * The proxy named by `value` (of the variable `name`): `http://` when it names no scheme, as curl takes
 * `proxy.corp:3128`. Throws ExplainedError for a proxy this action cannot speak to (SOCKS, a typo).
 */
export function parseProxy(name: string, value: string): URL {
  const url = tryUrl(/^[a-z][a-z0-9+.-]*:\/\//i.test(value) ? value : `http://${value}`)
  if (url && (url.protocol === 'http:' || url.protocol === 'https:') && url.hostname) return url
  throw new ExplainedError(
    `${name} is "${shown(value)}", which is not a proxy this action can use: give an HTTP(S) proxy as ` +
      'http://HOST:PORT or https://HOST:PORT (a user name and password may come before the host: ' +
      'http://USER:PASSWORD@HOST:PORT). SOCKS proxies are not supported.',
  )
}

/** Whether NO_PROXY sends a request to `hostname` (and `port`) directly. */
export function bypassesProxy(hostname: string, port: number, noProxy: string): boolean {
  const host = hostname
    .toLowerCase()
    .replace(/^\[|\]$/g, '')
    .replace(/\.$/, '')
  if (host === 'localhost' || host.startsWith('127.') || host === '::1') return true
  for (const raw of noProxy.split(/[\s,]+/)) {
    const entry = raw.toLowerCase()
    if (entry === '*') return true
    const [, name = entry, entryPort] = entry.match(/^(.*?)(?::(\d+))?$/) ?? []
    if (entryPort && Number(entryPort) !== port) continue
    const domain = name.replace(/^\*?\./, '').replace(/\.$/, '')
    if (!domain) continue
    if (host === domain || host.endsWith(`.${domain}`)) return true
    if (isIP(host) && inRange(host, domain)) return true
  }
  return false
}

/** The proxy a request to `url` goes through, or undefined when it goes straight. */
export function proxyForUrl(url: URL, env: NodeJS.ProcessEnv): URL | undefined {
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return undefined
  const variable = proxyVariable(url.protocol, env)
  if (!variable) return undefined
  const port = Number(url.port) || (url.protocol === 'https:' ? 443 : 80)
  if (bypassesProxy(url.hostname, port, env['no_proxy'] ?? env['NO_PROXY'] ?? '')) return undefined
  return parseProxy(variable.name, variable.value)
}

/** An address in a CIDR range (`10.0.0.0/8`, `fd00::/8`). */
function inRange(address: string, range: string): boolean {
  const [network = '', bits] = range.split('/')
  const family = isIP(network)
  if (!family || bits === undefined || family !== isIP(address)) return false
  const list = new BlockList()
  try {
    list.addSubnet(network, Number(bits), family === 6 ? 'ipv6' : 'ipv4')
  } catch {
    return false
  }
  return list.check(address, family === 6 ? 'ipv6' : 'ipv4')
}

const tryUrl = (value: string): URL | undefined => {
  try {
    return new URL(value)
  } catch {
    return undefined
  }
}
/** A proxy setting as it may be shown: without a password. */
const shown = (value: string) => value.replace(/\/\/[^@/]*@/, '//…@').replace(/^[^/@]*@/, '…@')
