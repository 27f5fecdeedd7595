import type { RecordedCall } from '../../scripts/fault-proxy.mjs'

/**
 * What a run was handed that must stay secret, read off the wire rather than off the action's own word:
 * the OIDC tokens the stand-in minted, STS's keys and session token, ECR's token and the password in it.
 */
export function secretsHandedOut(issuedTokens: string[], calls: RecordedCall[]): string[] {
  const secrets = [...issuedTokens]
  for (const call of calls.filter((c) => c.action === 'AssumeRoleWithWebIdentity' && c.status === 200)) {
    for (const element of ['AccessKeyId', 'SecretAccessKey', 'SessionToken']) {
      const value = call.responseBody.match(new RegExp(`<${element}>([^<]+)</${element}>`))?.[1]
      if (value) secrets.push(value)
    }
  }
  for (const call of calls.filter((c) => c.action === 'GetAuthorizationToken' && c.status === 200)) {
    try {
      const token = (JSON.parse(call.responseBody) as { authorizationData: Array<{ authorizationToken: string }> }).authorizationData[0]!.authorizationToken
      secrets.push(token, Buffer.from(token, 'base64').toString('utf8').split(':')[1]!)
    } catch {
      // a canned, broken answer hands out nothing
    }
  }
  return [...new Set(secrets)]
}

/** The registry passwords GetAuthorizationToken handed out, in order (ECR gives each caller its own). */
export function registryPasswordsHandedOut(calls: RecordedCall[]): string[] {
  return calls.filter((c) => c.action === 'GetAuthorizationToken' && c.status === 200).map((call) => {
    const token = (JSON.parse(call.responseBody) as { authorizationData: Array<{ authorizationToken: string }> }).authorizationData[0]!.authorizationToken
    return Buffer.from(token, 'base64').toString('utf8').split(':')[1]!
  })
}

/** Channels (name → text) that show a secret; `::add-mask::` lines are how the runner learns what to hide. */
export function leaks(channels: Record<string, string>, secrets: string[]): string[] {
  const found: string[] = []
  for (const [channel, text] of Object.entries(channels)) {
    const lines = text.split('\n').filter((line) => !line.startsWith('::add-mask::'))
    for (const secret of secrets) if (lines.some((line) => line.includes(secret))) found.push(`${channel} shows ${secret.slice(0, 6)}…`)
  }
  return found
}
