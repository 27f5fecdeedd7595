// How STS checks a web identity token before it evaluates the role's trust policy, for the strict stack:
// the token's signature against its issuer's published keys, its expiry, the account's IAM OIDC provider
// for the issuer and the audience among its client IDs. Source: "AssumeRoleWithWebIdentity" (AWS STS API
// Reference, Errors) and "Create an OpenID Connect (OIDC) identity provider in IAM" (AWS IAM User Guide).
import { createPublicKey, verify } from 'node:crypto'
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import * as path from 'node:path'

/** Where the stack keeps the issuers' public keys: the OIDC stand-ins publish theirs here, by key ID. */
export const keysDir = (stackDir) => path.join(stackDir, 'oidc-keys')

/** An OIDC stand-in publishes its key (as GitHub does at `<issuer>/.well-known/jwks`). */
export function publishKey(stackDir, kid, issuer, publicKey) {
  mkdirSync(keysDir(stackDir), { recursive: true })
  writeFileSync(path.join(keysDir(stackDir), `${kid}.json`), JSON.stringify({ issuer, pem: publicKey.export({ type: 'spki', format: 'pem' }) }))
}

function publishedKey(stackDir, kid) {
  if (!/^[\w.-]+$/.test(String(kid))) return undefined
  try {
    return JSON.parse(readFileSync(path.join(keysDir(stackDir), `${kid}.json`), 'utf8'))
  } catch {
    return undefined
  }
}

/** STS's refusal: its error code, message and HTTP status. */
export const refusal = (code, message, status = 400) => ({ code, message, status })

const decode = (part) => JSON.parse(Buffer.from(part, 'base64url').toString('utf8'))

/**
 * The token's claims when its signature, issuer and expiry hold; otherwise STS's refusal. `now` is in
 * seconds since the epoch.
 */
export function verifyToken(token, stackDir, now = Math.floor(Date.now() / 1000)) {
  const parts = String(token ?? '').split('.')
  let header
  let claims
  try {
    [header, claims] = [decode(parts[0]), decode(parts[1])]
  } catch {
    return { refusal: refusal('InvalidIdentityToken', 'The ID Token provided is not a valid JWT. (You may see this error if you sent an Access Token)') }
  }
  const key = publishedKey(stackDir, header.kid)
  if (header.alg !== 'RS256' || !key || key.issuer !== claims.iss) {
    return { refusal: refusal('InvalidIdentityToken', "Couldn't retrieve verification key from your identity provider,  please reference AssumeRoleWithWebIdentity documentation for requirements") }
  }
  const signed = verify('RSA-SHA256', Buffer.from(`${parts[0]}.${parts[1]}`), createPublicKey(key.pem), Buffer.from(parts[2] ?? '', 'base64url'))
  if (!signed) {
    return { refusal: refusal('InvalidIdentityToken', 'The web identity token that was passed could not be validated by AWS. Get a new identity token from the identity provider and then retry the request.') }
  }
  if (typeof claims.exp !== 'number') {
    return { refusal: refusal('InvalidIdentityToken', 'The ID Token provided is not a valid JWT: it has no expiration (exp).') }
  }
  if (claims.exp <= now) {
    return { refusal: refusal('ExpiredTokenException', `Token expired: current date/time ${now} must be before the expiration date/time ${claims.exp}`) }
  }
  return { claims }
}

/** `https://token.actions.githubusercontent.com/acme` → `token.actions.githubusercontent.com/acme`: the provider's name and condition-key prefix. */
export const issuerKey = (issuer) => String(issuer).replace(/^https:\/\//, '').replace(/\/+$/, '')

/** The audience claim as a list (a JWT may carry one or several). */
export const audiences = (claims) => (Array.isArray(claims.aud) ? claims.aud : [claims.aud]).map(String)
