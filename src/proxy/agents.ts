/**
 * The proxy agents, loaded only when the environment names a proxy: https-proxy-agent and http-proxy-agent
 * (TooTallNate's proxy-agents) for the AWS SDK, undici's ProxyAgent for fetch. Which proxy a request takes is
 * decided per request by rules.ts, the one place that reads NO_PROXY.
 */
import * as http from 'node:http'
import * as https from 'node:https'
import { HttpProxyAgent } from 'http-proxy-agent'
import { HttpsProxyAgent } from 'https-proxy-agent'
import { ProxyAgent, fetch as undiciFetch } from 'undici'

/** The agents the AWS SDK's request handler takes (NodeHttpHandler's httpAgent and httpsAgent). */
export interface ProxyAgents {
  httpAgent: http.Agent
  httpsAgent: https.Agent
}
/** Which proxy a request to a URL takes, or undefined for none (env.ts's `proxyFor`). */
type ProxyChoice = (url: string) => URL | undefined

/** What Node's HTTP client asks of an agent for each request (http.Agent's, not in its public types). */
interface RequestTaking {
  addRequest(request: http.ClientRequest, options: http.RequestOptions): void
}

/**
 * An agent that hands each request to the agent of its proxy, or to a direct one when NO_PROXY says so. The
 * chosen agent takes the request whole, sockets and their reuse included: a proxy agent rewrites every request
 * it takes (an absolute URL, a tunnel), so a socket is never reused by another agent.
 */
class EnvironmentProxyAgent extends http.Agent {
  private readonly throughProxy = new Map<string, http.Agent>()
  constructor(
    private readonly direct: http.Agent,
    private readonly secure: boolean,
    private readonly proxyFor: ProxyChoice,
  ) {
    super()
    // Node's client checks the agent's protocol against the URL's, and takes its default port
    Object.assign(this, secure ? { protocol: 'https:', defaultPort: 443 } : { protocol: 'http:', defaultPort: 80 })
  }
  addRequest(request: http.ClientRequest, options: http.RequestOptions): void {
    const url = `${this.secure ? 'https' : 'http'}://${options.host ?? options.hostname}:${options.port ?? ''}`
    const proxy = this.proxyFor(url.replace(/:$/, ''))
    let agent = proxy ? this.throughProxy.get(proxy.href) : this.direct
    if (proxy && !agent) {
      agent = this.secure
        ? new HttpsProxyAgent(proxy, { keepAlive: true })
        : new HttpProxyAgent(proxy, { keepAlive: true })
      this.throughProxy.set(proxy.href, agent)
    }
    ;(agent as unknown as RequestTaking).addRequest(request, options)
  }
}

/** The SDK's agents: every request through the proxy its URL takes. */
export function environmentAgents(proxyFor: ProxyChoice): ProxyAgents {
  return {
    httpAgent: new EnvironmentProxyAgent(new http.Agent({ keepAlive: true }), false, proxyFor),
    httpsAgent: new EnvironmentProxyAgent(
      new https.Agent({ keepAlive: true }),
      true,
      proxyFor,
    ) as unknown as https.Agent,
  }
}

const dispatchers = new Map<string, ProxyAgent>()
/** fetch through `proxy` (undici's, which Node's fetch is built on: the same requests and errors). */
export function proxiedFetch(proxy: URL): typeof fetch {
  let dispatcher = dispatchers.get(proxy.href)
  if (!dispatcher) {
    dispatcher = new ProxyAgent(proxy.href)
    dispatchers.set(proxy.href, dispatcher)
  }
  const through = dispatcher
  return ((input: Parameters<typeof fetch>[0], init?: RequestInit) =>
    undiciFetch(input as string, { ...(init as object), dispatcher: through })) as unknown as typeof fetch
}
