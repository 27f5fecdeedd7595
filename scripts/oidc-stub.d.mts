export interface StubClaims { [claim: string]: string }
export interface ClaimOptions {
  repository: string
  ref?: string
  sha?: string
  eventName?: string
  ownerId?: string
  repositoryId?: string
  runId?: string
  immutableSubject?: boolean
  /** the `iss` claim (default github.com's) */
  issuer?: string
  /** the subject template's include_claim_keys (default repo, context) */
  subClaimKeys?: string[]
}
export interface IssuerKey { privateKey: import('node:crypto').KeyObject; kid: string; issuer: string }
export function githubClaims(options: ClaimOptions): StubClaims
export function issuerKey(issuer?: string, options?: { publish?: boolean }): IssuerKey
export function mintToken(claims: StubClaims, privateKey: import('node:crypto').KeyObject, audience: string, kid?: string): string
export function startOidcStub(claims: StubClaims, port?: number, key?: IssuerKey): Promise<{
  env: { ACTIONS_ID_TOKEN_REQUEST_URL: string; ACTIONS_ID_TOKEN_REQUEST_TOKEN: string }
  issued: string[]
  close(): Promise<void>
}>
