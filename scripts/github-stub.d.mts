export interface StubRepository {
  fullName: string
  defaultBranch?: string
  id?: number
  ownerId?: number
  topics?: string[]
}
export function startGitHubStub(repositories: StubRepository[], options?: { token?: string; perPage?: number }): Promise<{
  url: string
  token: string
  /** `METHOD /path` of every request */
  requests: string[]
  /** answer `METHOD /path?page=N` with these statuses first, one per request */
  fail(request: string, ...statuses: number[]): void
  variables(fullName: string): Record<string, string>
  close(): Promise<void>
}>
