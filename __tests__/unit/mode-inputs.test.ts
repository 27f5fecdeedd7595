import { readFileSync } from 'node:fs'
import { parse } from 'yaml'
import { MODES, type Mode } from '../../src/inputs.js'
import { INPUT_DEFAULTS, MODE_INPUTS, foreignInputProblems } from '../../src/mode-inputs.js'
import { readLoginSettings } from '../../src/login/settings.js'
import { readMergeSettings } from '../../src/merge/settings.js'
import { readPushSettings } from '../../src/push/settings.js'
import { readSetupSettings } from '../../src/setup/settings.js'

const declared = (parse(readFileSync('action.yml', 'utf8')) as { inputs: Record<string, { default?: unknown }> }).inputs
const actionInputs = Object.keys(declared)

test("INPUT_DEFAULTS are action.yml's defaults, every one", () => {
  const defaults = Object.fromEntries(Object.entries(declared).filter(([, spec]) => spec.default !== undefined).map(([name, spec]) => [name, String(spec.default)]))
  expect(INPUT_DEFAULTS).toEqual(defaults)
})

describe('foreignInputProblems', () => {
  // what the runner passes: every default, whatever the mode
  const runner = (given: Record<string, string>) => (name: string) => given[name] ?? INPUT_DEFAULTS[name] ?? ''
  test.each(MODES.map((mode) => [mode]))("%s: action.yml's defaults alone are never another mode's input", (mode) => {
    expect(foreignInputProblems(mode, runner({ mode }))).toEqual([])
  })
  test.each<[string, Mode, Record<string, string>, string[]]>([
    ['a setup input in push', 'push', { 'dry-run': 'true' }, ['Input `dry-run` is for `mode: setup`, and this step runs `mode: push`. Remove it, or set `mode: setup`.']],
    ['the same, mode given', 'push', { mode: 'push', tiers: 'main,dev' }, ['Input `tiers` is for `mode: setup`, and this step runs `mode: push`. Remove it, or set `mode: setup`.']],
    ['an input two other modes use', 'login', { 'ecs-service': 'api' }, ['Input `ecs-service` is for `mode: push` or `mode: merge` or `mode: setup`, and this step runs `mode: login`. Remove it, or set `mode: push`.']],
    ['a default given again is not an input', 'setup', { mode: 'setup', platforms: 'linux/amd64,linux/arm64', push: 'true' }, []],
    ['a value that differs from the default is', 'setup', { mode: 'setup', platforms: 'linux/amd64' }, ['Input `platforms` is for `mode: push` or `mode: merge`, and this step runs `mode: setup`. Remove it, or set `mode: push`.']],
    ['blank is not given', 'merge', { mode: 'merge', 'dry-run': '  ' }, []],
    ['merge takes the deploy inputs', 'merge', { mode: 'merge', 'ecs-cluster': 'prod', 'ecs-service': 'api' }, []],
    ['every foreign input, each named', 'push', { 'pull-only': 'true', 'expose-credentials': 'true' }, [
      'Input `expose-credentials` is for `mode: login`, and this step runs `mode: push`. Remove it, or set `mode: login`.',
      'Input `pull-only` is for `mode: setup`, and this step runs `mode: push`. Remove it, or set `mode: setup`.',
    ]],
  ])('%s', (_, mode, given, problems) => {
    expect(foreignInputProblems(mode, runner(given))).toEqual(problems)
  })
})

test('every input of action.yml belongs to a mode, and every mode\'s inputs are in action.yml', () => {
  const inTable = new Set(MODES.flatMap((mode) => MODE_INPUTS[mode]))
  expect(actionInputs.filter((name) => !inTable.has(name))).toEqual([])
  expect([...inTable].filter((name) => !actionInputs.includes(name))).toEqual([])
})

/** The names a settings reader asks for, whatever it then makes of them. */
function inputsRead(read: (get: (name: string) => string) => unknown): string[] {
  const asked = new Set<string>()
  try {
    read((name) => (asked.add(name), ''))
  } catch {
    // empty inputs are bad input: what matters here is what was read
  }
  return [...asked]
}

// the settings readers; `mode` is read by main, `github-token` and `repositories` by setup's front ends
const readers: Record<Mode, (get: (name: string) => string) => unknown> = {
  push: (get) => readPushSettings({ get, githubRepository: 'octo-org/octo-repo', fileExists: () => true }),
  login: (get) => readLoginSettings({ get, githubRepository: 'octo-org/octo-repo' }),
  merge: (get) => readMergeSettings({ get, githubRepository: 'octo-org/octo-repo' }),
  setup: (get) => readSetupSettings({ get, githubRepository: 'octo-org/octo-repo' }),
}

test.each([...MODES])('%s mode\'s settings read no input outside its row', (mode) => {
  const read = inputsRead(readers[mode])
  expect(read.length).toBeGreaterThan(3)
  expect(read.filter((name) => !MODE_INPUTS[mode].includes(name))).toEqual([])
})
