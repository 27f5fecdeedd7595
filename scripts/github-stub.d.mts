export interface StubRepository {
  fullName: string
  defaultBranch?: string
  id?: number
  ownerId?: number
  topics?: string[]
  /** the repository's OIDC subject customization as GitHub answers it (default: use_default true) */
  subjectTemplate?: { use_default: boolean; include_claim_keys?: string[] }
}
export function startGitHubStub(repositories: StubRepository[], options?: { token?: string; perPage?: number; orgTemplates?: Record<string, string[]> }): Promise<{
  url: string
  token: string
  /** `METHOD /path` of every request */
  requests: string[]
  /** answer `METHOD /path?page=N` with these statuses first, one per request */
  fail(request: string, ...statuses: number[]): void
  variables(fullName: string): Record<string, string>
  close(): Promise<void>
}>
