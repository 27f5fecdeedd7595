// What a release does to the tags, decided from the tags alone (pure): create vX.Y.Z at HEAD and move the
// major tag vX to it, or refuse: a release tag never moves, a major tag never goes backwards or across majors.

const SEMVER = /^v(\d+)\.(\d+)\.(\d+)(?:-([0-9A-Za-z.-]+))?$/

export function parseVersion(tag) {
  const m = tag.match(SEMVER)
  return m ? { tag, major: Number(m[1]), minor: Number(m[2]), patch: Number(m[3]), prerelease: m[4] ?? '' } : undefined
}

/** Semver order; a prerelease sorts before its release. */
export function compareVersions(a, b) {
  for (const key of ['major', 'minor', 'patch']) if (a[key] !== b[key]) return a[key] - b[key]
  if (a.prerelease === b.prerelease) return 0
  if (!a.prerelease) return 1
  if (!b.prerelease) return -1
  return a.prerelease < b.prerelease ? -1 : 1
}

export class Refusal extends Error {}

/**
 * @param tag the release, vX.Y.Z or vX.Y.Z-pre
 * @param head the commit to release
 * @param tags every tag of the repository → the commit it points at
 */
export function planRelease(tag, head, tags) {
  const version = parseVersion(tag)
  if (!version) throw new Refusal(`"${tag}" is not a release version: use vMAJOR.MINOR.PATCH, for example v1.4.2 (or v1.5.0-rc.1).`)
  const existing = tags.get(tag)
  if (existing && existing !== head) throw new Refusal(`${tag} already points at ${existing.slice(0, 12)}, not ${head.slice(0, 12)}: a release tag never moves. Release a new version.`)
  const plan = { tag, createTag: !existing, majorTag: undefined, moveMajor: false }
  if (version.prerelease) return plan // a prerelease never moves the major tag
  const majorTag = `v${version.major}`
  plan.majorTag = majorTag
  const majorAt = tags.get(majorTag)
  if (majorAt) {
    const there = [...tags].filter(([name, commit]) => commit === majorAt && parseVersion(name)).map(([name]) => parseVersion(name))
    const otherMajor = there.find((v) => v.major !== version.major)
    if (otherMajor) throw new Refusal(`${majorTag} points at ${otherMajor.tag}, another major version: refusing to move ${majorTag} across major versions. Fix ${majorTag} by hand first.`)
    const newest = there.filter((v) => !v.prerelease).sort(compareVersions).at(-1)
    if (newest && compareVersions(version, newest) < 0) {
      throw new Refusal(`${majorTag} points at ${newest.tag}, which is newer than ${tag}: refusing to move ${majorTag} backwards.`)
    }
  }
  plan.moveMajor = majorAt !== head
  return plan
}

/** The notes of one version from a Keep a Changelog file: the text under `## [X.Y.Z]`. */
export function changelogNotes(changelog, tag) {
  const version = tag.replace(/^v/, '')
  const lines = changelog.split('\n')
  const start = lines.findIndex((line) => line.startsWith(`## [${version}]`))
  if (start < 0) return undefined
  const end = lines.findIndex((line, i) => i > start && /^## \[/.test(line))
  return lines.slice(start + 1, end < 0 ? undefined : end).join('\n').trim()
}
