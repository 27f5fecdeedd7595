export interface Version { tag: string; major: number; minor: number; patch: number; prerelease: string }
export interface ReleasePlan { tag: string; createTag: boolean; majorTag: string | undefined; moveMajor: boolean }
export function parseVersion(tag: string): Version | undefined
export function compareVersions(a: Version, b: Version): number
export class Refusal extends Error {}
export function planRelease(tag: string, head: string, tags: Map<string, string>): ReleasePlan
export function changelogNotes(changelog: string, tag: string): string | undefined
