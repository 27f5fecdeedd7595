import { spawn } from 'node:child_process'
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import * as path from 'node:path'

const ROOT = path.resolve(import.meta.dirname, '../..')
export const ACTION_ENTRY = path.join(ROOT, 'dist/index.js')

export interface RunOptions {
  workspace: string
  inputs: Record<string, string>
  repository: string // owner/name
  ref?: string
  sha?: string
  eventName?: string
  event?: object
  env?: Record<string, string>
}

export interface RunResult {
  exitCode: number
  stdout: string
  stderr: string
  outputs: Record<string, string>
  state: Record<string, string>
  summary: string
  /** the raw file-command files, for scanning */
  files: { output: string; state: string; summary: string }
}

/** Reads a GITHUB_OUTPUT / GITHUB_STATE file (`name<<delimiter` … `delimiter`). */
export function parseFileCommands(text: string): Record<string, string> {
  const values: Record<string, string> = {}
  const lines = text.split('\n')
  for (let i = 0; i < lines.length; i++) {
    const match = lines[i]!.match(/^([^<=]+)<<(.+)$/)
    if (!match) continue
    const end = lines.indexOf(match[2]!, i + 1)
    values[match[1]!] = lines.slice(i + 1, end).join('\n')
    i = end
  }
  return values
}

function spawnNode(args: string[], cwd: string, env: Record<string, string>): Promise<{ exitCode: number; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()))
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
    child.on('error', reject)
    child.on('close', (code) => resolve({ exitCode: code ?? -1, stdout, stderr }))
  })
}

/** The environment the runner gives a step: nothing of this test process leaks in but PATH and HOME. */
function runnerEnv(options: RunOptions, dir: string): Record<string, string> {
  const ref = options.ref ?? 'refs/heads/main'
  const env: Record<string, string> = {
    PATH: process.env['PATH'] ?? '', HOME: process.env['HOME'] ?? '/root',
    GITHUB_ACTIONS: 'true', CI: 'true', RUNNER_TEMP: dir, GITHUB_WORKSPACE: options.workspace,
    GITHUB_REPOSITORY: options.repository, GITHUB_REPOSITORY_OWNER: options.repository.split('/')[0]!,
    GITHUB_SHA: options.sha ?? '0123456789abcdef0123456789abcdef01234567', GITHUB_REF: ref,
    GITHUB_REF_NAME: ref.replace(/^refs\/(heads|tags)\//, ''), GITHUB_EVENT_NAME: options.eventName ?? 'push',
    GITHUB_EVENT_PATH: path.join(dir, 'event.json'), GITHUB_SERVER_URL: 'https://github.com',
    GITHUB_API_URL: 'https://api.github.com', GITHUB_RUN_ID: '4242', GITHUB_RUN_ATTEMPT: '1',
    GITHUB_WORKFLOW_REF: `${options.repository}/.github/workflows/ci.yml@${ref}`,
    GITHUB_OUTPUT: path.join(dir, 'output'), GITHUB_STATE: path.join(dir, 'state'),
    GITHUB_STEP_SUMMARY: path.join(dir, 'summary'),
  }
  for (const [name, value] of Object.entries(options.inputs)) env[`INPUT_${name.toUpperCase()}`] = value
  return { ...env, ...options.env }
}

/** Runs `node dist/index.js` exactly as the runner runs the action's main step. */
export async function runAction(options: RunOptions): Promise<RunResult> {
  const dir = mkdtempSync(path.join(tmpdir(), 'ecr-oidc-push-run-'))
  const env = runnerEnv(options, dir)
  const event = options.event ?? {
    ref: env['GITHUB_REF'],
    repository: { full_name: options.repository, default_branch: 'main' },
    head_commit: { id: env['GITHUB_SHA'], timestamp: '2026-11-20T10:00:00Z' },
  }
  writeFileSync(env['GITHUB_EVENT_PATH']!, JSON.stringify(event))
  for (const file of ['output', 'state', 'summary']) writeFileSync(path.join(dir, file), '')
  const run = await spawnNode([ACTION_ENTRY], options.workspace, env)
  const files = {
    output: readFileSync(env['GITHUB_OUTPUT']!, 'utf8'),
    state: readFileSync(env['GITHUB_STATE']!, 'utf8'),
    summary: readFileSync(env['GITHUB_STEP_SUMMARY']!, 'utf8'),
  }
  return { ...run, files, outputs: parseFileCommands(files.output), state: parseFileCommands(files.state), summary: files.summary }
}

/** Runs the post step as the runner does: main's saved state comes back as STATE_<name>. */
export async function runPostStep(workspace: string, state: Record<string, string>) {
  const env: Record<string, string> = { PATH: process.env['PATH'] ?? '', HOME: process.env['HOME'] ?? '/root', GITHUB_ACTIONS: 'true' }
  for (const [name, value] of Object.entries(state)) env[`STATE_${name}`] = value
  return spawnNode([ACTION_ENTRY], workspace, env)
}

export interface Annotation {
  message: string
  properties: Record<string, string>
}
const decode = (text: string) => text.replace(/%0D/g, '\r').replace(/%0A/g, '\n').replace(/%3A/g, ':').replace(/%2C/g, ',').replace(/%25/g, '%')

/** The runner's annotation commands in a step's output (`::error title=…,file=…::message`), decoded. */
export function annotationsIn(stdout: string, kind: 'error' | 'warning' | 'notice' = 'error'): Annotation[] {
  return stdout.split('\n').flatMap((line) => {
    const match = line.match(new RegExp(`^::${kind}(?: ([^:]*))?::(.*)$`))
    if (!match) return []
    const properties = Object.fromEntries((match[1] ?? '').split(',').filter(Boolean).map((pair) => {
      const eq = pair.indexOf('=')
      return [pair.slice(0, eq), decode(pair.slice(eq + 1))]
    }))
    return [{ message: decode(match[2]!), properties }]
  })
}
