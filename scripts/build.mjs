// One build for the three entries runners and users run: the action's main step (dist/index.js), its post
// step (dist/post.js: cleanup only, so it loads little), and the CLI (dist/cli.js). Code they share, the
// AWS SDK above all, lives once in dist/chunks/. Minified: the bundle is what runners download and load.
// dist/licenses.txt lists the license of every package bundled.
import { build } from 'esbuild'
import { existsSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs'
import * as path from 'node:path'

// some bundled CommonJS code calls require(): give ES modules one
const banner = "import { createRequire as __ecrOidcPushRequire } from 'node:module'; const require = __ecrOidcPushRequire(import.meta.url);"

// The @actions packages' modules do nothing when imported; saying so lets the bundler leave out what an
// entry never calls: the post step uses @actions/core's logging, not its OIDC client (and undici behind it).
const actionsToolkitIsPure = {
  name: 'actions-toolkit-is-pure',
  setup(build) {
    const toolkit = /^@actions\/(core|exec|io|http-client)(\/|$)/
    const inToolkit = /node_modules\/@actions\/(core|exec|io|http-client)\//
    build.onResolve({ filter: /.*/ }, async (args) => {
      if (args.pluginData?.pure || !(toolkit.test(args.path) || (args.path.startsWith('.') && inToolkit.test(args.importer)))) return undefined
      const resolved = await build.resolve(args.path, { kind: args.kind, resolveDir: args.resolveDir, importer: args.importer, pluginData: { pure: true } })
      return resolved.errors.length > 0 ? resolved : { ...resolved, sideEffects: false }
    })
  },
}

rmSync('dist', { recursive: true, force: true })
const result = await build({
  entryPoints: { index: 'src/index.ts', post: 'src/post-entry.ts', cli: 'src/cli-entry.ts' },
  outdir: 'dist', chunkNames: 'chunks/[name]-[hash]', bundle: true, splitting: true, format: 'esm', platform: 'node',
  target: 'node20', minify: true,
  // the packages' ES module builds: the bundler keeps only what is used, and the AWS SDK's credential
  // providers stay behind their dynamic imports (their CommonJS builds load every one of them up front)
  mainFields: ['module', 'main'], legalComments: 'none', metafile: true, banner: { js: banner }, logLevel: 'warning',
  plugins: [actionsToolkitIsPure],
})
writeFileSync('dist/package.json', '{ "type": "module" }\n')
// the banner only where a file calls require(): every other chunk is smaller by it, and loads no node:module
for (const file of Object.keys(result.metafile.outputs).filter((f) => f.endsWith('.js'))) {
  const text = readFileSync(file, 'utf8')
  const body = text.startsWith(banner) ? text.slice(banner.length) : undefined
  if (body !== undefined && !/\brequire\b/.test(body)) writeFileSync(file, body.replace(/^\n/, ''))
}

/** The package a bundled file came from, and its license text. */
const packages = new Map()
for (const input of Object.keys(result.metafile.inputs)) {
  const match = input.match(/^(.*node_modules\/((?:@[^/]+\/)?[^/]+))\//)
  if (!match || packages.has(match[2])) continue
  const [dir, name] = [match[1], match[2]]
  const pkg = JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8'))
  const file = readdirSync(dir).find((f) => /^(licen[sc]e|copying)/i.test(f))
  packages.set(name, { version: pkg.version, license: pkg.license ?? 'see the text', text: file && existsSync(path.join(dir, file)) ? readFileSync(path.join(dir, file), 'utf8').trim() : '' })
}
const licenses = [...packages].sort(([a], [b]) => a.localeCompare(b))
  .map(([name, p]) => `${name}@${p.version}\n${p.license}\n${p.text}`).join('\n\n')
writeFileSync('dist/licenses.txt', `${licenses}\n`)

for (const [file, output] of Object.entries(result.metafile.outputs)) {
  if (output.entryPoint) console.log(`${file}: ${output.bytes} bytes, entry ${output.entryPoint}`)
}
console.log(`${Object.keys(result.metafile.outputs).length} files, ${Object.values(result.metafile.outputs).reduce((s, o) => s + o.bytes, 0)} bytes in all; ${packages.size} packages bundled`)
