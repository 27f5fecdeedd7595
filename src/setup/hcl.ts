/**
 * HCL text as `terraform fmt` lays it out (pure): two-space indents, the `=` of consecutive one-line attributes
 * aligned, a multi-line value breaking the run. There is no maintained HCL writer for JavaScript; the tests
 * read what this writes back with HashiCorp's parsers. Source: HCL native syntax specification
 * (github.com/hashicorp/hcl, hclsyntax/spec.md): identifiers, template escapes `$${` and `%%{`.
 */

/** An expression written as is: a reference (`var.region`), or a string already quoted. */
export class Expr {
  constructor(readonly text: string) {}
}
/** A function call on one value: `jsonencode({ … })`. */
export class Call {
  constructor(
    readonly fn: string,
    readonly arg: HclValue,
  ) {}
}
export type HclValue = string | number | boolean | Expr | Call | HclValue[] | { [key: string]: HclValue }

export type BodyItem =
  | { attr: string; value: HclValue }
  | { block: string; labels: string[]; body: BodyItem[] }
  | { blank: true }
  | { comment: string }

const INDENT = '  '
/** A list of scalars stays on one line up to this many characters, as a person would write it. */
const INLINE_LIST = 80

/** A string literal: quotes, backslashes and control characters escaped, and `${`, `%{` kept literal. */
export function quote(value: string): string {
  const escaped = value
    .replace(/\\/g, '\\\\')
    .replace(/"/g, '\\"')
    .replace(/\n/g, '\\n')
    .replace(/\r/g, '\\r')
    .replace(/\t/g, '\\t')
    .replace(/\$\{/g, '$$$${') // `$$` is one `$` in a replacement
    .replace(/%\{/g, '%%{')
  return `"${escaped}"`
}

/** An object key: bare when it is an identifier, else quoted (`"token.actions.githubusercontent.com:sub"`). */
const key = (name: string) => (/^[A-Za-z_][A-Za-z0-9_-]*$/.test(name) ? name : quote(name))

const isScalar = (value: HclValue) => typeof value !== 'object' || value instanceof Expr

/** The value on one line, or undefined when it takes several. */
function inline(value: HclValue): string | undefined {
  if (typeof value === 'string') return quote(value)
  if (typeof value === 'number' || typeof value === 'boolean') return String(value)
  if (value instanceof Expr) return value.text
  if (value instanceof Call) {
    const arg = inline(value.arg)
    return arg === undefined ? undefined : `${value.fn}(${arg})`
  }
  if (Array.isArray(value)) {
    if (!value.every(isScalar)) return undefined
    const text = `[${value.map((v) => inline(v)).join(', ')}]`
    return text.length <= INLINE_LIST ? text : undefined
  }
  return Object.keys(value).length === 0 ? '{}' : undefined
}

/** The value at `indent` (the indent of the line it starts on); its later lines indented to match. */
function render(value: HclValue, indent: string): string {
  const one = inline(value)
  if (one !== undefined) return one
  const inner = indent + INDENT
  if (value instanceof Call) return `${value.fn}(${render(value.arg, indent)})`
  if (Array.isArray(value)) return `[\n${value.map((v) => `${inner}${render(v, inner)},\n`).join('')}${indent}]`
  const entries = Object.entries(value as Record<string, HclValue>).map(([k, v]) => ({ attr: key(k), value: v }))
  return `{\n${renderBody(entries, inner).join('\n')}\n${indent}}`
}

/** A body's lines at `indent`: attributes (aligned in runs of one-line values), blocks, blank lines, comments. */
export function renderBody(items: BodyItem[], indent: string): string[] {
  const lines: string[] = []
  let run: Array<{ name: string; text: string }> = []
  const flush = () => {
    const width = Math.max(0, ...run.map((a) => a.name.length))
    for (const a of run) lines.push(`${indent}${a.name.padEnd(width)} = ${a.text}`)
    run = []
  }
  for (const item of items) {
    if ('attr' in item) {
      const one = inline(item.value)
      if (one !== undefined) {
        run.push({ name: item.attr, text: one })
        continue
      }
      flush()
      lines.push(`${indent}${item.attr} = ${render(item.value, indent)}`)
      continue
    }
    flush()
    if ('blank' in item) lines.push('')
    else if ('comment' in item) lines.push(`${indent}# ${item.comment}`.trimEnd())
    else lines.push(...renderBlock(item, indent))
  }
  flush()
  return lines
}

/** `type "label" … {` the body `}`. */
export function renderBlock(block: { block: string; labels: string[]; body: BodyItem[] }, indent = ''): string[] {
  const head = [block.block, ...block.labels.map(quote)].join(' ')
  if (block.body.length === 0) return [`${indent}${head} {}`]
  return [`${indent}${head} {`, ...renderBody(block.body, indent + INDENT), `${indent}}`]
}
