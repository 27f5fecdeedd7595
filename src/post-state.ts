/** Names of what main hands to the post step (GITHUB_STATE); never a secret. */
export const STATE = {
  /** registry hosts docker logged into, one per line */
  registry: 'registry',
  builder: 'builder',
} as const
