export function startForwardProxy(names?: Record<string, string>, options?: { credentials?: string }): Promise<{
  url: string
  port: number
  /** `CONNECT host:port` or `METHOD host:port` of every request the proxy took */
  seen: string[]
  close(): Promise<void>
}>
