export const ACTION_ENTRY: string
export const POST_ENTRY: string
export interface RunOptions {
  workspace: string
  inputs: Record<string, string>
  repository: string // owner/name
  ref?: string
  sha?: string
  eventName?: string
  event?: object
  env?: Record<string, string>
  /** another main entry than action.yml's (a benchmark's baseline) */
  entry?: string
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
export function parseFileCommands(text: string): Record<string, string>
export function runAction(options: RunOptions): Promise<RunResult>
export function runPostStep(workspace: string, state: Record<string, string>, entry?: string): Promise<{ exitCode: number; stdout: string; stderr: string }>
