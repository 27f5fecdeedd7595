// The runner's contract for a JavaScript action, for tests and benchmarks: `node dist/…` with INPUT_*, the
// GITHUB_* files and the event file, main then post with STATE_*.
import { spawn } from 'node:child_process'
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import * as path from 'node:path'

const ROOT = path.resolve(import.meta.dirname, '..')
/** The files action.yml tells the runner to run, main and post. */
const runs = (key) => path.join(ROOT, readFileSync(path.join(ROOT, 'action.yml'), 'utf8').match(new RegExp(`^\\s+${key}:\\s*(\\S+)`, 'm'))[1])
export const ACTION_ENTRY = runs('main')
export const POST_ENTRY = runs('post')

/** Reads a GITHUB_OUTPUT / GITHUB_STATE file (`name<<delimiter` … `delimiter`). */
export function parseFileCommands(text) {
  const values = {}
  const lines = text.split('\n')
  for (let i = 0; i < lines.length; i++) {
    const match = lines[i].match(/^([^<=]+)<<(.+)$/)
    if (!match) continue
    const end = lines.indexOf(match[2], i + 1)
    values[match[1]] = lines.slice(i + 1, end).join('\n')
    i = end
  }
  return values
}

function spawnNode(args, cwd, env) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (chunk) => (stdout += chunk.toString()))
    child.stderr.on('data', (chunk) => (stderr += chunk.toString()))
    child.on('error', reject)
    child.on('close', (code) => resolve({ exitCode: code ?? -1, stdout, stderr }))
  })
}

/** The environment the runner gives a step: nothing of this test process leaks in but PATH and HOME. */
function runnerEnv(options, dir) {
  const ref = options.ref ?? 'refs/heads/main'
  const env = {
    PATH: process.env['PATH'] ?? '', HOME: process.env['HOME'] ?? '/root',
    GITHUB_ACTIONS: 'true', CI: 'true', RUNNER_TEMP: dir, GITHUB_WORKSPACE: options.workspace,
    GITHUB_REPOSITORY: options.repository, GITHUB_REPOSITORY_OWNER: options.repository.split('/')[0],
    GITHUB_SHA: options.sha ?? '0123456789abcdef0123456789abcdef01234567', GITHUB_REF: ref,
    GITHUB_REF_NAME: ref.replace(/^refs\/(heads|tags)\//, ''), GITHUB_EVENT_NAME: options.eventName ?? 'push',
    GITHUB_EVENT_PATH: path.join(dir, 'event.json'), GITHUB_SERVER_URL: 'https://github.com',
    GITHUB_API_URL: 'https://api.github.com', GITHUB_RUN_ID: '4242', GITHUB_RUN_ATTEMPT: '1',
    GITHUB_WORKFLOW_REF: `${options.repository}/.github/workflows/ci.yml@${ref}`,
    GITHUB_OUTPUT: path.join(dir, 'output'), GITHUB_STATE: path.join(dir, 'state'),
    GITHUB_STEP_SUMMARY: path.join(dir, 'summary'),
    // this machine trusts the local stack's registry CA, as a self-hosted runner trusts a private CA: Node
    // reads it from here, not from the system store
    NODE_EXTRA_CA_CERTS: path.join(process.env['STACK_DIR'] ?? '/tmp/ecr-oidc-push-stack', 'tls', 'ca.crt'),
  }
  for (const [name, value] of Object.entries(options.inputs)) env[`INPUT_${name.toUpperCase()}`] = value
  return { ...env, ...options.env }
}

/** Runs the main entry (`node dist/index.js`) exactly as the runner runs the action's main step. */
export async function runAction(options) {
  const dir = mkdtempSync(path.join(tmpdir(), 'ecr-oidc-push-run-'))
  const env = runnerEnv(options, dir)
  const event = options.event ?? {
    ref: env['GITHUB_REF'],
    repository: { full_name: options.repository, default_branch: 'main' },
    head_commit: { id: env['GITHUB_SHA'], timestamp: '2026-11-20T10:00:00Z' },
  }
  writeFileSync(env['GITHUB_EVENT_PATH'], JSON.stringify(event))
  for (const file of ['output', 'state', 'summary']) writeFileSync(path.join(dir, file), '')
  const run = await spawnNode([options.entry ?? ACTION_ENTRY], options.workspace, env)
  const files = {
    output: readFileSync(env['GITHUB_OUTPUT'], 'utf8'),
    state: readFileSync(env['GITHUB_STATE'], 'utf8'),
    summary: readFileSync(env['GITHUB_STEP_SUMMARY'], 'utf8'),
  }
  return { ...run, files, outputs: parseFileCommands(files.output), state: parseFileCommands(files.state), summary: files.summary }
}

/** Runs the post step as the runner does: main's saved state comes back as STATE_<name>. */
export async function runPostStep(workspace, state, entry = POST_ENTRY) {
  const env = { PATH: process.env['PATH'] ?? '', HOME: process.env['HOME'] ?? '/root', GITHUB_ACTIONS: 'true' }
  for (const [name, value] of Object.entries(state)) env[`STATE_${name}`] = value
  return spawnNode([entry], workspace, env)
}

