/** Comparing and showing policy documents the way a person reads them. */

type Json = null | boolean | number | string | Json[] | { [key: string]: Json }

/**
 * The form in which two policies that mean the same compare equal: keys sorted, a one-item list is
 * its item, lists of plain values sorted (IAM does not care about their order). Statement order is kept.
 */
export function canonical(value: unknown): Json {
  if (Array.isArray(value)) {
    const items = value.map(canonical)
    if (items.length === 1 && (typeof items[0] !== 'object' || items[0] === null)) return items[0]!
    return items.every((item) => typeof item !== 'object' || item === null)
      ? [...items].sort((a, b) => String(a).localeCompare(String(b)))
      : items
  }
  if (value && typeof value === 'object') {
    const out: { [key: string]: Json } = {}
    for (const key of Object.keys(value).sort()) out[key] = canonical((value as Record<string, unknown>)[key])
    return out
  }
  return value as Json
}

export function sameDocument(a: unknown, b: unknown): boolean {
  return JSON.stringify(canonical(a)) === JSON.stringify(canonical(b))
}

/** IAM hands policy documents back URL-encoded. */
export function parsePolicyDocument(text: string | undefined): unknown {
  if (!text) return undefined
  try {
    return JSON.parse(text.trimStart().startsWith('{') ? text : decodeURIComponent(text))
  } catch {
    return text
  }
}

/** A line diff (`- ` removed, `+ ` added, `  ` kept) of two documents, with `context` lines around changes. */
export function diffDocuments(before: unknown, after: unknown, context = 2): string[] {
  const a = JSON.stringify(canonical(before), null, 2).split('\n')
  const b = JSON.stringify(canonical(after), null, 2).split('\n')
  // longest common subsequence table, from the end
  const lcs = Array.from({ length: a.length + 1 }, () => new Array<number>(b.length + 1).fill(0))
  for (let i = a.length - 1; i >= 0; i--) {
    for (let j = b.length - 1; j >= 0; j--) {
      lcs[i]![j] = a[i] === b[j] ? lcs[i + 1]![j + 1]! + 1 : Math.max(lcs[i + 1]![j]!, lcs[i]![j + 1]!)
    }
  }
  const lines: string[] = []
  let i = 0
  let j = 0
  while (i < a.length || j < b.length) {
    if (i < a.length && j < b.length && a[i] === b[j]) {
      lines.push(`  ${a[i++]}`)
      j++
    } else if (j < b.length && (i >= a.length || lcs[i]![j + 1]! > lcs[i + 1]![j]!)) {
      lines.push(`+ ${b[j++]}`)
    } else {
      lines.push(`- ${a[i++]}`)
    }
  }
  const changed = lines.map((line) => !line.startsWith('  '))
  const near = (index: number) => changed.slice(Math.max(0, index - context), index + context + 1).some(Boolean)
  const shown: string[] = []
  lines.forEach((line, index) => {
    if (near(index)) shown.push(line)
    else if (shown[shown.length - 1] !== '  …') shown.push('  …')
  })
  return shown
}

/** A new document, shown as all added lines. */
export function addedLines(document: unknown): string[] {
  return JSON.stringify(canonical(document), null, 2)
    .split('\n')
    .map((line) => `+ ${line}`)
}
