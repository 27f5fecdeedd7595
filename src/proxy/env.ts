/**
 * Which proxy a request goes through: `HTTPS_PROXY` / `HTTP_PROXY` (and their lower-case forms) by the URL's
 * scheme, unless `NO_PROXY` names its host. Node's fetch and the AWS SDK ignore these variables; every remote
 * call of ours asks here. The rules are GitHub's toolkit's (@actions/http-client, as every JavaScript action and
 * @actions/github's Octokit read them, and as curl has them): a NO_PROXY entry matches its host and the host's
 * subdomains (`example.com`, `.example.com`), `host:port` only that port, `*` everything; loopback addresses
 * are never proxied. Source: GitHub docs, "Using a proxy server with self-hosted runners".
 */
import { getProxyUrl } from '@actions/http-client/lib/proxy'
import type { ProxyAgents } from './agents.js'

const PROXY_VARIABLES = ['https_proxy', 'HTTPS_PROXY', 'http_proxy', 'HTTP_PROXY'] as const

/** Whether the environment names a proxy at all: only then is a proxy agent loaded. */
export function proxyConfigured(env: NodeJS.ProcessEnv = process.env): boolean {
  return PROXY_VARIABLES.some((name) => Boolean(env[name]?.trim()))
}

/** The proxy a request to `url` goes through, or undefined when it goes straight (reads process.env). */
export function proxyFor(url: string | URL): URL | undefined {
  try {
    return getProxyUrl(typeof url === 'string' ? new URL(url) : url)
  } catch {
    return undefined
  }
}

/** A proxy as it may be shown: scheme, host and port, never a user name or password it carries. */
export function shownProxy(proxy: URL): string {
  return `${proxy.protocol}//${proxy.host}`
}

/**
 * `where`, and the proxy a request to `url` goes through: `sts.us-east-1.amazonaws.com through the proxy
 * http://proxy:3128 (HTTPS_PROXY)`. For messages, so a failure to connect names what stood between.
 */
export function viaProxy(where: string, url: string | URL): string {
  const proxy = proxyFor(url)
  if (!proxy) return where
  const https = String(url).startsWith('https:')
  return `${where} through the proxy ${shownProxy(proxy)} (${https ? 'HTTPS_PROXY' : 'HTTP_PROXY'})`
}

export type { ProxyAgents } from './agents.js'

let agents: Promise<ProxyAgents> | undefined
/** Agents that send each request through its proxy, or straight; undefined (nothing loaded) without a proxy. */
export function proxyAgents(): Promise<ProxyAgents | undefined> {
  if (!proxyConfigured()) return Promise.resolve(undefined)
  agents ??= import('./agents.js').then((module) => module.environmentAgents(proxyFor))
  return agents
}

/**
 * `fetch` for a request to `url`: Node's own when it goes straight, undici's through the proxy otherwise
 * (Node's fetch takes no proxy; undici is what it is built on, loaded only then).
 */
export async function fetchFor(url: string | URL): Promise<typeof fetch> {
  const proxy = proxyFor(url)
  if (!proxy) return fetch
  return (await import('./agents.js')).proxiedFetch(proxy)
}
