import { readFileSync } from 'node:fs'
import { parse } from 'yaml'
import { MODES, type Mode } from '../../src/inputs.js'
import { MODE_INPUTS } from '../../src/mode-inputs.js'
import { readLoginSettings } from '../../src/login/settings.js'
import { readMergeSettings } from '../../src/merge/settings.js'
import { readPushSettings } from '../../src/push/settings.js'
import { readSetupSettings } from '../../src/setup/settings.js'

const actionInputs = Object.keys((parse(readFileSync('action.yml', 'utf8')) as { inputs: Record<string, unknown> }).inputs)

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

test.each([...MODES])('%s mode\'s settings read no input outside its row (but expose-credentials, read only to refuse it)', (mode) => {
  const read = inputsRead(readers[mode])
  expect(read.length).toBeGreaterThan(3)
  expect(read.filter((name) => !MODE_INPUTS[mode].includes(name) && !(mode !== 'login' && name === 'expose-credentials'))).toEqual([])
})
