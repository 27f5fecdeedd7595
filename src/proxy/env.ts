/**
 * Which proxy a request goes through, read from this process's environment (rules.ts decides: `HTTPS_PROXY` /
 * `HTTP_PROXY` and their lower-case forms by the URL's scheme, NO_PROXY as curl reads it). Node's fetch and
 * the AWS SDK ignore these variables; every remote call of ours asks here.
 */
import type { ProxyAgents } from './agents.js'
import { parseProxy, proxyForUrl, proxyVariable } from './rules.js'

/** Whether the environment names a proxy at all: only then is a proxy agent loaded. */
export function proxyConfigured(env: NodeJS.ProcessEnv = process.env): boolean {
  return Boolean(proxyVariable('https:', env) ?? proxyVariable('http:', env))
}

/**
 * The proxy a request to `url` goes through, or undefined when it goes straight. Throws ExplainedError when
 * the variable names a proxy that cannot be used (rules.ts `parseProxy`).
 */
export function proxyFor(url: string | URL): URL | undefined {
  return proxyForUrl(typeof url === 'string' ? new URL(url) : url, process.env)
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
  const scheme = String(url).startsWith('https:') ? 'https:' : 'http:'
  return `${where} through the proxy ${shownProxy(proxy)} (${proxyVariable(scheme, process.env)?.name})`
}

export type { ProxyAgents } from './agents.js'

let agents: Promise<ProxyAgents> | undefined
/** Agents that send each request through its proxy, or straight; undefined (nothing loaded) without a proxy. */
export function proxyAgents(): Promise<ProxyAgents | undefined> {
  if (!proxyConfigured()) return Promise.resolve(undefined)
  // a proxy that cannot be used is said now, before any client is made, not by the first request's agent
  for (const scheme of ['https:', 'http:'] as const) {
    const variable = proxyVariable(scheme, process.env)
    if (variable) parseProxy(variable.name, variable.value)
  }
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
