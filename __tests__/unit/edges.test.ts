import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import * as path from 'node:path'
import { gitFactsOf } from '../../src/edges.js'

const dir = mkdtempSync(path.join(tmpdir(), 'edges-'))
const eventFile = (name: string, text: string) => {
  const file = path.join(dir, name)
  writeFileSync(file, text)
  return file
}
const base = { GITHUB_REPOSITORY: 'octo-org/octo-repo', GITHUB_SHA: 'abc', GITHUB_REF: 'refs/heads/main', GITHUB_RUN_ID: '7', GITHUB_RUN_ATTEMPT: '2' }

test.each([
  ['a push event', { GITHUB_EVENT_PATH: eventFile('push.json', JSON.stringify({ repository: { default_branch: 'trunk' }, head_commit: { timestamp: '2026-01-02T03:04:05Z' } })) },
    { defaultBranch: 'trunk', commitTime: '2026-01-02T03:04:05Z', serverUrl: 'https://github.com' }],
  ['no event file (act without one)', {}, { defaultBranch: undefined, commitTime: undefined }],
  ['an event file that is not there', { GITHUB_EVENT_PATH: path.join(dir, 'missing.json') }, { defaultBranch: undefined }],
  ['an event file that is not JSON', { GITHUB_EVENT_PATH: eventFile('bad.json', '{ not json') }, { defaultBranch: undefined, commitTime: undefined }],
  ['GitHub Enterprise', { GITHUB_SERVER_URL: 'https://ghe.example.com' }, { serverUrl: 'https://ghe.example.com' }],
  // issue 18, row 5: a schedule's payload names no repository; it runs on the default branch
  ['a nightly schedule', { GITHUB_EVENT_NAME: 'schedule', GITHUB_REF: 'refs/heads/master', GITHUB_EVENT_PATH: eventFile('schedule.json', JSON.stringify({ schedule: '0 3 * * *' })) },
    { ref: 'refs/heads/master', defaultBranch: 'master', eventName: 'schedule' }],
  ['workflow_dispatch: the payload says it', { GITHUB_EVENT_NAME: 'workflow_dispatch', GITHUB_REF: 'refs/heads/feature', GITHUB_EVENT_PATH: eventFile('dispatch.json', JSON.stringify({ repository: { default_branch: 'trunk' } })) },
    { ref: 'refs/heads/feature', defaultBranch: 'trunk' }],
  ['a pull request from a fork', { GITHUB_EVENT_PATH: eventFile('fork.json', JSON.stringify({ pull_request: { head: { repo: { fork: true } } } })) }, { fromFork: true }],
])('git facts from %s', (_, env, expected) => {
  expect(gitFactsOf({ ...base, ...env })).toMatchObject({ repository: 'octo-org/octo-repo', sha: 'abc', ref: 'refs/heads/main', runId: '7', runAttempt: '2', ...expected })
})

test('a pull request from a branch of the same repository is not from a fork', () => {
  expect(gitFactsOf({ ...base, GITHUB_EVENT_PATH: eventFile('branch.json', JSON.stringify({ pull_request: { head: { repo: { fork: false } } } })) }).fromFork).toBeUndefined()
})
