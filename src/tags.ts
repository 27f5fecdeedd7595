/** What tags and labels are derived from: the run's git facts, read once from the GitHub context. */
export interface GitFacts {
  repository: string // owner/name
  sha: string
  ref: string // refs/heads/main, refs/tags/v1, refs/pull/7/merge
  serverUrl: string
  /** the event payload's, or a schedule run's own branch (defaultBranchOf); absent when no event says it */
  defaultBranch?: string
  /** GITHUB_EVENT_NAME: `push`, `schedule`, `pull_request`, … */
  eventName?: string
  commitTime?: string // ISO 8601, from the event payload's head commit
  /** a pull request from a fork (the payload's `pull_request.head.repo.fork`): GitHub gives it no OIDC token */
  fromFork?: boolean
}

/**
 * The repository's default branch on any event: the payload's `repository.default_branch` (push, pull
 * request, workflow_dispatch, release, …); on `schedule`, whose payload names no repository, the run's own
 * branch, as a scheduled workflow runs on the default branch's latest commit (GitHub docs, "Events that
 * trigger workflows": schedule). Undefined when neither says it.
 */
export function defaultBranchOf(eventName: string, ref: string, payloadDefault?: string): string | undefined {
  if (payloadDefault) return payloadDefault
  if (eventName === 'schedule') return ref.match(/^refs\/heads\/(.+)$/)?.[1]
  return undefined
}

/** For the log, when a run cannot know its default branch: what that changes. Undefined when it knows. */
export function unknownDefaultBranchNotice(git: Pick<GitFacts, 'defaultBranch' | 'eventName'>): string | undefined {
  if (git.defaultBranch) return undefined
  return (
    `The default branch is not known on this ${git.eventName ? `\`${git.eventName}\` ` : ''}event (its payload ` +
    "names no repository): no `latest` tag, no default branch's cache, and `tier: auto` takes it for `main`."
  )
}

export const MAX_TAG_LENGTH = 128
const VALID_TAG = /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/

/**
 * Makes any text a valid image tag: runs of characters outside `[A-Za-z0-9_.-]` become `-`, leading
 * `.` and `-` go, and it is cut to 128 characters. Returns '' when nothing is left.
 */
export function sanitizeTag(text: string, maxLength = MAX_TAG_LENGTH): string {
  return text
    .replace(/[^A-Za-z0-9_.-]+/g, '-')
    .replace(/^[.-]+/, '')
    .slice(0, maxLength)
}

export function isValidTag(tag: string): boolean {
  return VALID_TAG.test(tag)
}

export function shortSha(sha: string): string {
  return sha.slice(0, 7)
}

/**
 * Tags for one run: on a branch the short sha, the branch and `<branch>-<sha7>` (plus `latest` on the
 * default branch); on a git tag the tag and the short sha; on a pull request `pr-<n>` and
 * `pr-<n>-<sha7>`. Extra tags come last; duplicates are dropped, order kept.
 */
export function tagsFor(git: GitFacts, extraTags: readonly string[] = []): string[] {
  const sha7 = shortSha(git.sha)
  const tags: string[] = []
  const withSha = (name: string) => {
    const base = sanitizeTag(name, MAX_TAG_LENGTH - sha7.length - 1)
    return base ? `${base}-${sha7}` : ''
  }
  const branch = git.ref.match(/^refs\/heads\/(.+)$/)?.[1]
  const gitTag = git.ref.match(/^refs\/tags\/(.+)$/)?.[1]
  const pull = git.ref.match(/^refs\/pull\/(\d+)\//)?.[1]
  if (sha7) tags.push(sha7)
  if (branch) {
    tags.push(sanitizeTag(branch), sha7 ? withSha(branch) : '')
    if (git.defaultBranch && branch === git.defaultBranch) tags.push('latest')
  } else if (gitTag) {
    tags.push(sanitizeTag(gitTag))
  } else if (pull) {
    tags.push(`pr-${pull}`, sha7 ? withSha(`pr-${pull}`) : '')
  }
  tags.push(...extraTags)
  return [...new Set(tags.filter((tag) => tag !== ''))]
}

/** `linux/arm64` → `arm64`, `linux/arm/v7` → `arm-v7`: a platform as a tag suffix. */
export function archOf(platform: string): string {
  return platform.split('/').slice(1).join('-')
}

/** `<sha7>-<arch>`: one platform's image of a commit, as a native runner pushes it for a later merge. */
export function platformTagFor(sha: string, platform: string): string {
  return `${shortSha(sha)}-${archOf(platform)}`
}

/** OCI labels. `created` is the commit's time, not the build's, so rebuilding a commit gives the same image. */
export function labelsFor(git: GitFacts): Record<string, string> {
  const url = `${git.serverUrl}/${git.repository}`
  const labels: Record<string, string> = {
    'org.opencontainers.image.source': url,
    'org.opencontainers.image.url': url,
    'org.opencontainers.image.revision': git.sha,
    'org.opencontainers.image.title': git.repository.split('/').pop() ?? git.repository,
  }
  if (git.commitTime) labels['org.opencontainers.image.created'] = new Date(git.commitTime).toISOString()
  return labels
}
