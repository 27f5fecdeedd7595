/**
 * What a push publishes, decided before any build from what ECR holds (pure). Source: "Preventing image tags
 * from being overwritten in Amazon ECR" (ECR User Guide): an immutable tag that exists is refused, the same
 * digest included; exclusion filters are wildcards matched against the whole tag.
 */

/** A repository's tag mutability as ECR describes it. */
export interface TagRules {
  /** MUTABLE, IMMUTABLE, IMMUTABLE_WITH_EXCLUSION or MUTABLE_WITH_EXCLUSION */
  mutability: string
  /** exclusion filters: `*` stands for any run of characters */
  filters: string[]
}

/** An exclusion filter matched against the whole tag. */
export function filterMatches(filter: string, tag: string): boolean {
  const pattern = filter
    .split('*')
    .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
    .join('.*')
  return new RegExp(`^${pattern}$`).test(tag)
}

/** Whether a tag, once it exists, may never be written again in a repository with these rules. */
export function isImmutableTag(rules: TagRules, tag: string): boolean {
  const excluded = rules.filters.some((filter) => filterMatches(filter, tag))
  if (rules.mutability === 'IMMUTABLE') return true
  if (rules.mutability === 'IMMUTABLE_WITH_EXCLUSION') return !excluded
  if (rules.mutability === 'MUTABLE_WITH_EXCLUSION') return excluded
  return false
}

/** What the push does about its tags. */
export type PublishPlan =
  /** build and push by digest, then set every tag */
  | { kind: 'build' }
  /**
   * this commit's image is published already (its commit tag is immutable and there): no build; `tagsToSet`
   * (missing, or mutable and elsewhere) are set to it
   */
  | { kind: 'published'; digest: string; tagsToSet: string[] }
  /** an immutable tag names another image: nothing is built, pushed or moved */
  | { kind: 'conflict'; tag: string; digest: string }

/**
 * The plan for `tags` (the run's, in order), given the digest each that exists names now, and `commitTag`
 * (`<sha7>`, when the run has one): the commit's image is the one its immutable commit tag names; every other
 * immutable tag that exists must name it too.
 */
export function planPublish(
  tags: readonly string[],
  existing: ReadonlyMap<string, string>,
  rules: TagRules,
  commitTag?: string,
): PublishPlan {
  const commitDigest = commitTag && isImmutableTag(rules, commitTag) ? existing.get(commitTag) : undefined
  for (const tag of tags) {
    const digest = existing.get(tag)
    if (digest && isImmutableTag(rules, tag) && digest !== commitDigest) return { kind: 'conflict', tag, digest }
  }
  if (!commitDigest) return { kind: 'build' }
  return {
    kind: 'published',
    digest: commitDigest,
    tagsToSet: tags.filter((tag) => existing.get(tag) !== commitDigest),
  }
}

/**
 * The plan when the tag rules cannot be read (a role set up before pre-flight, which may still read images):
 * the commit's image, when its `<sha7>` names one and no other tag of the run names another image, is reused
 * (a re-run, a second tag); anything else builds, as before pre-flight existed.
 */
export function planWithoutRules(
  tags: readonly string[],
  existing: ReadonlyMap<string, string>,
  commitTag?: string,
): PublishPlan {
  const commitDigest = commitTag ? existing.get(commitTag) : undefined
  if (!commitDigest || tags.some((tag) => existing.has(tag) && existing.get(tag) !== commitDigest))
    return { kind: 'build' }
  return {
    kind: 'published',
    digest: commitDigest,
    tagsToSet: tags.filter((tag) => existing.get(tag) !== commitDigest),
  }
}
