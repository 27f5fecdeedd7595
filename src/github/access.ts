/** The token a user gives (flag or input), else GITHUB_TOKEN, else GH_TOKEN; and where the API is. */
export function githubAccess(env: NodeJS.ProcessEnv, given?: string): { token: string; url: string } | undefined {
  const token = given || env['GITHUB_TOKEN'] || env['GH_TOKEN']
  return token ? { token, url: (env['GITHUB_API_URL'] || 'https://api.github.com').replace(/\/+$/, '') } : undefined
}
