#!/usr/bin/env node
// Tags a release: vX.Y.Z at HEAD and the major tag vX moved to it (release-plan.mjs decides, and refuses a
// release tag that would move or a major tag that would go backwards or across majors). The release
// workflow runs it too.
//   node scripts/release.mjs vX.Y.Z [--push] [--remote origin] [--notes-file FILE]
import { execFileSync } from 'node:child_process'
import { readFileSync, writeFileSync } from 'node:fs'
import { parseArgs } from 'node:util'
import { Refusal, changelogNotes, planRelease } from './release-plan.mjs'

const git = (...args) => execFileSync('git', args, { encoding: 'utf8' }).trim()

function main() {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: { push: { type: 'boolean' }, remote: { type: 'string', default: 'origin' }, 'notes-file': { type: 'string' } },
  })
  const tag = positionals[0] ?? ''
  if (git('status', '--porcelain')) throw new Refusal('The working tree has uncommitted changes: commit or stash them; a release is what is committed.')
  const version = tag.replace(/^v/, '')
  const pkg = JSON.parse(readFileSync('package.json', 'utf8')).version
  if (pkg !== version) throw new Refusal(`package.json says version ${pkg}, not ${version}: run \`npm version ${version} --no-git-tag-version\`, add its CHANGELOG.md section, and commit.`)
  const notes = changelogNotes(readFileSync('CHANGELOG.md', 'utf8'), tag)
  if (!notes) throw new Refusal(`CHANGELOG.md has no "## [${version}]" section: move the Unreleased entries under it and commit.`)

  const head = git('rev-parse', 'HEAD')
  const tags = new Map(git('tag', '--list', 'v*', '--format=%(refname:short) %(*objectname) %(objectname)').split('\n').filter(Boolean)
    .map((line) => line.split(' ')).map(([name, peeled, object]) => [name, peeled || object]))
  const plan = planRelease(tag, head, tags)

  if (plan.createTag) git('tag', '--annotate', tag, '--message', `${tag}\n\n${notes}`)
  if (plan.moveMajor) git('tag', '--force', plan.majorTag, head)
  if (values['notes-file']) writeFileSync(values['notes-file'], `${notes}\n`)
  if (values.push) {
    git('push', values.remote, `refs/tags/${tag}`)
    if (plan.majorTag) git('push', '--force', values.remote, `refs/tags/${plan.majorTag}`)
  }
  const moved = plan.majorTag ? (plan.moveMajor ? `; ${plan.majorTag} moved to it` : `; ${plan.majorTag} already there`) : ' (a prerelease: no major tag moves)'
  console.log(`${tag} at ${head.slice(0, 12)}${plan.createTag ? '' : ' (already tagged)'}${moved}${values.push ? `; pushed to ${values.remote}` : ''}.`)
}

try {
  main()
} catch (error) {
  console.error(`release: ${error instanceof Refusal ? error.message : error.stack}`)
  process.exitCode = 1
}
