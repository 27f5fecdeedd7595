import { execFile } from 'node:child_process'
import { createHash } from 'node:crypto'
import { promisify } from 'node:util'
import { readFileSync } from 'node:fs'
import * as path from 'node:path'
import { FaultProxy, type FaultProxyOptions } from '../../scripts/fault-proxy.mjs'
import { REGISTRY_HOST, REGISTRY_PASSWORD, STACK_DIR } from './stack.js'

const run = promisify(execFile)
const creds = ['--creds', `AWS:${REGISTRY_PASSWORD}`]

export interface IndexManifest {
  mediaType: string
  manifests: Array<{ digest: string; platform: { os: string; architecture: string; variant?: string } }>
}

/** skopeo, an independent client: the manifest exactly as the registry serves it, and its digest. */
export async function inspectRaw(repository: string, tag: string): Promise<{ digest: string; index: IndexManifest }> {
  const { stdout } = await run('skopeo', ['inspect', '--raw', ...creds, `docker://${REGISTRY_HOST}/${repository}:${tag}`], { encoding: 'buffer' })
  const raw = stdout as unknown as Buffer
  return { digest: `sha256:${createHash('sha256').update(raw).digest('hex')}`, index: JSON.parse(raw.toString('utf8')) as IndexManifest }
}

/** Image config of one platform: its labels and architecture. */
export async function inspectImage(repository: string, tag: string, arch: string): Promise<{ Architecture: string; Labels: Record<string, string> }> {
  const { stdout } = await run('skopeo', ['inspect', '--override-os', 'linux', '--override-arch', arch, ...creds, `docker://${REGISTRY_HOST}/${repository}:${tag}`])
  return JSON.parse(stdout) as { Architecture: string; Labels: Record<string, string> }
}

/** Tags in a repository; none when the repository was never pushed to. */
export async function listTags(repository: string): Promise<string[]> {
  try {
    const { stdout } = await run('skopeo', ['list-tags', ...creds, `docker://${REGISTRY_HOST}/${repository}`])
    return (JSON.parse(stdout) as { Tags: string[] | null }).Tags ?? []
  } catch (error) {
    if (/name unknown|repository name not known|NAME_UNKNOWN|404 \(Not Found\)/i.test(String((error as { stderr?: string }).stderr ?? error))) return []
    throw error
  }
}

/**
 * The stack's registry under another of its names (a certificate the stack issued as `certName`), through
 * a TLS proxy listening on that name's loopback address: pass-through unless faults are scripted.
 */
export function registryProxy(ip: string, certName: string, actionOf?: FaultProxyOptions['actionOf']): Promise<FaultProxy> {
  const tls = (file: string) => readFileSync(path.join(STACK_DIR, 'tls', file))
  return new FaultProxy(`https://${REGISTRY_HOST}`, {
    tls: { key: tls(`${certName}.key`), cert: tls(`${certName}.crt`), ca: tls('ca.crt') }, host: ip, port: 443, keepHost: true,
    ...(actionOf ? { actionOf } : {}),
  }).start()
}
