/** Names of what main hands to the post step (GITHUB_STATE); never a secret. */
export const STATE = {
  /** registry hosts docker logged into, one per line: login mode's, in the job's docker config */
  registry: 'registry',
  /** a builder this step created (or began to): the post step removes it, with BUILDX_CONFIG as main had it */
  builder: 'builder',
  buildxConfig: 'buildx-config',
  /** push's and merge's private docker config (docker/config.ts), removed by main unless main died first */
  dockerConfig: 'docker-config',
} as const
