// What an entry of dist/ loads before its first lazy import() runs: the file and, transitively, every chunk it
// imports statically. Push mode's figure is the main entry plus push's chunk (main imports it lazily, first
// thing): what loads before docker starts. Usage: node scripts/bundle-loads.mjs [dist]
import { readFileSync, statSync } from 'node:fs'
import * as path from 'node:path'

/** Bytes of `files` and of every chunk they import statically (`import … from "./…"`, `import "./…"`). */
export function staticLoadBytes(files) {
  const seen = new Set()
  const visit = (file) => {
    if (seen.has(file)) return
    seen.add(file)
    for (const match of readFileSync(file, 'utf8').matchAll(/(?:\bfrom|\bimport)\s*"(\.\.?\/[^"]+)"/g)) visit(path.resolve(path.dirname(file), match[1]))
  }
  files.forEach((file) => visit(path.resolve(file)))
  return [...seen].reduce((sum, file) => sum + statSync(file).size, 0)
}

/** The chunk main imports for a mode, read from the mode table in dist/index.js. */
export function modeChunk(dist, mode) {
  const chunk = readFileSync(path.join(dist, 'index.js'), 'utf8').match(new RegExp(`\\b${mode}:\\(\\)=>import\\("(\\./chunks/[^"]+)"\\)`))?.[1]
  if (!chunk) throw new Error(`dist/index.js imports no chunk for mode ${mode}: has the mode table in src/main.ts changed shape?`)
  return path.join(dist, chunk)
}

/** Push mode before docker starts, and the post step, in bytes. */
export function loads(dist = 'dist') {
  return {
    push: staticLoadBytes([path.join(dist, 'index.js'), modeChunk(dist, 'push')]),
    post: staticLoadBytes([path.join(dist, 'post.js')]),
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { push, post } = loads(process.argv[2] ?? 'dist')
  console.log(`loaded before docker starts, push mode: ${push} bytes (target ≤ 48577, issue 13); the post step: ${post} bytes (target ≤ 35904)`)
}
