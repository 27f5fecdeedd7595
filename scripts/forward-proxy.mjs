// A forward proxy for tests (proxy-chain's Server): HTTP requests and CONNECT tunnels, each recorded, with names
// that resolve only inside it (as a corporate proxy resolves what the runner cannot), so a request that skips
// the proxy fails to resolve.
import { lookup } from 'node:dns'
import { Server } from 'proxy-chain'

/**
 * @param names host name → address, resolved inside the proxy only
 * @param options.credentials `user:password` the proxy asks for (407 Proxy Authentication Required without them)
 * @returns { url, seen, close }: `seen` holds `CONNECT host:port` or `GET host:port` for every request
 */
export async function startForwardProxy(names = {}, { credentials } = {}) {
  const seen = []
  const dnsLookup = (hostname, options, callback) => {
    const address = names[hostname]
    if (!address) return lookup(hostname, options, callback)
    return options?.all ? callback(null, [{ address, family: 4 }]) : callback(null, address, 4)
  }
  const server = new Server({
    port: 0,
    host: '127.0.0.1',
    verbose: false,
    prepareRequestFunction: ({ request, hostname, port, isHttp, username, password }) => {
      seen.push(`${isHttp ? request.method : 'CONNECT'} ${hostname}:${port}`)
      return { dnsLookup, requestAuthentication: credentials !== undefined && `${username}:${password}` !== credentials }
    },
  })
  await server.listen()
  return { url: `http://127.0.0.1:${server.port}`, port: server.port, seen, close: () => server.close(true) }
}
