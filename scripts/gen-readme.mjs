// Writes README.md's input and output tables from action.yml, so the docs cannot drift from the
// contract. Run by `npm run build`; check-dist fails when the committed README differs.
import { readFileSync, writeFileSync } from 'node:fs'
import { parse } from 'yaml'

const action = parse(readFileSync('action.yml', 'utf8'))
const cell = (text) => String(text ?? '').trim().replace(/\s*\n\s*/g, ' ').replace(/\|/g, '\\|')

const inputs = [
  '| Input | Required | Default | Description |',
  '|---|---|---|---|',
  ...Object.entries(action.inputs).map(([name, spec]) =>
    `| \`${name}\` | ${spec.required ? 'yes' : 'no'} | ${spec.default !== undefined ? `\`${cell(spec.default)}\`` : ''} | ${cell(spec.description)} |`),
]
const outputs = [
  '| Output | Description |',
  '|---|---|',
  ...Object.entries(action.outputs).map(([name, spec]) => `| \`${name}\` | ${cell(spec.description)} |`),
]

function replaceBetween(text, marker, lines) {
  const start = `<!-- ${marker}:start (generated from action.yml by scripts/gen-readme.mjs) -->`
  const end = `<!-- ${marker}:end -->`
  const from = text.indexOf(start)
  const to = text.indexOf(end)
  if (from < 0 || to < from) throw new Error(`README.md lacks the ${marker} markers`)
  return text.slice(0, from + start.length) + '\n' + lines.join('\n') + '\n' + text.slice(to)
}

let readme = readFileSync('README.md', 'utf8')
readme = replaceBetween(readme, 'inputs', inputs)
readme = replaceBetween(readme, 'outputs', outputs)
writeFileSync('README.md', readme)
