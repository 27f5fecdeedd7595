// Writes README.md's input and output tables from action.yml, and its tier access table from setup's own
// code, so the docs cannot drift from the contract. Run by `npm run build`; check-dist fails when the
// committed README differs.
import { build } from 'esbuild'
import { readFileSync, writeFileSync } from 'node:fs'
import { parse } from 'yaml'

const action = parse(readFileSync('action.yml', 'utf8'))
const cell = (text) => String(text ?? '').trim().replace(/\s*\n\s*/g, ' ').replace(/\|/g, '\\|')

/** A source module, bundled on the fly and loaded: the docs take setup's and the modes' facts from the code. */
async function load(entry) {
  const bundled = await build({ entryPoints: [entry], bundle: true, write: false, format: 'esm', platform: 'node', logLevel: 'warning' })
  return import(`data:text/javascript;base64,${Buffer.from(bundled.outputFiles[0].text).toString('base64')}`)
}

// which modes take each input: src/mode-inputs.ts (an input of another mode is refused)
const { MODE_INPUTS } = await load('src/mode-inputs.ts')
const modesOf = (name) => Object.keys(MODE_INPUTS).filter((mode) => MODE_INPUTS[mode].includes(name)).join(', ')
const inputs = [
  '| Input | Modes | Required | Default | Description |',
  '|---|---|---|---|---|',
  ...Object.entries(action.inputs).map(([name, spec]) =>
    `| \`${name}\` | ${modesOf(name)} | ${spec.required ? 'yes' : 'no'} | ${spec.default !== undefined ? `\`${cell(spec.default)}\`` : ''} | ${cell(spec.description)} |`),
]
const outputs = [
  '| Output | Description |',
  '|---|---|',
  ...Object.entries(action.outputs).map(([name, spec]) => `| \`${name}\` | ${cell(spec.description)} |`),
]

// the matrix setup prints, for three tiers with developers and consumers: src/setup/readers.ts, bundled on the fly
const readers = await load('src/setup/readers.ts')
const tiers = ['main', 'dev', 'release']
const units = tiers.map((tier) => ({
  tier, roleName: `github-actions-<repo>${tier === 'main' ? '' : `-${tier}`}`, repository: `<repo>${tier === 'main' ? '' : `-${tier}`}`,
  ...(tier === 'release' ? { promoteFrom: '<repo>' } : {}),
}))
const access = readers.accessMatrix({ tiers, developers: ['`--developers`'], consumers: ['`--consumers`'] }, units)

function replaceBetween(text, marker, lines, source = 'action.yml') {
  const start = `<!-- ${marker}:start (generated from ${source} by scripts/gen-readme.mjs) -->`
  const end = `<!-- ${marker}:end -->`
  const from = text.indexOf(start)
  const to = text.indexOf(end)
  if (from < 0 || to < from) throw new Error(`README.md lacks the ${marker} markers`)
  return text.slice(0, from + start.length) + '\n' + lines.join('\n') + '\n' + text.slice(to)
}

let readme = readFileSync('README.md', 'utf8')
readme = replaceBetween(readme, 'inputs', inputs)
readme = replaceBetween(readme, 'outputs', outputs)
readme = replaceBetween(readme, 'access', access, 'src/setup/readers.ts')
writeFileSync('README.md', readme)
