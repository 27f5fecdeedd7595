// ESLint (flat config): typescript-eslint's recommended rules, the layout the code follows (so `make fix`
// mends new code to it), and the shape ARCHITECTURE.md draws. Import cycles, type-only and lazy ones
// included, are madge's to find (`npm run lint`): ESLint's cycle rules skip type-only imports.
import js from '@eslint/js'
import stylistic from '@stylistic/eslint-plugin'
import tseslint from 'typescript-eslint'

/** The modes' folders (ARCHITECTURE.md): their flows import shared modules, never the other way round. */
const MODE_FOLDERS = ['push', 'login', 'merge', 'setup', 'init']
/** What may import a mode: the entries, which load each mode's flow. */
const ENTRIES = ['src/main.ts', 'src/cli.ts', 'src/index.ts', 'src/cli-entry.ts', 'src/post-entry.ts', 'src/post.ts']
/** Services: what touches the outside world, and the edges that hold it. */
const SERVICES = ['auth', 'aws', 'docker', 'deploy', 'github', 'proxy', 'registry', 'edges']
/** Modules that take data and return data (and remote.ts, the policy): they import nothing else. */
const PURE_MODULES = [
  'inputs',
  'mode-inputs',
  'naming',
  'oidc',
  'cli-usage',
  'tags',
  'errors',
  'annotations',
  'summary',
  'format',
  'diff',
  'post-state',
  'remote',
].map((name) => `src/${name}.ts`)

/**
 * Refuses importing any of `names` (folders, or modules such as edges) by any relative path, statically or with
 * import(): no-restricted-imports does not see import().
 */
function noImportsFrom(names, message) {
  const path = `(^|[/])(${names.join('|')})([/]|[.]js$)`
  return {
    'no-restricted-imports': ['error', { patterns: [{ regex: path, message }] }],
    'no-restricted-syntax': ['error', { selector: `ImportExpression[source.value=/${path}/]`, message }],
  }
}

export default tseslint.config(
  { ignores: ['dist/', 'coverage/', 'node_modules/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      globals: {
        process: 'readonly',
        console: 'readonly',
        Buffer: 'readonly',
        URL: 'readonly',
        URLSearchParams: 'readonly',
        setTimeout: 'readonly',
        clearTimeout: 'readonly',
        setInterval: 'readonly',
        clearInterval: 'readonly',
        performance: 'readonly',
        AbortController: 'readonly',
        fetch: 'readonly',
      },
    },
    plugins: { '@stylistic': stylistic },
    rules: {
      '@stylistic/semi': ['error', 'never'],
      '@stylistic/quotes': ['error', 'single', { avoidEscape: true }],
      '@stylistic/indent': ['error', 2, { SwitchCase: 1, ignoredNodes: ['TemplateLiteral *', 'ConditionalExpression'] }],
      '@stylistic/comma-dangle': ['error', 'always-multiline'],
      '@stylistic/no-trailing-spaces': 'error',
      '@stylistic/eol-last': 'error',
      '@stylistic/object-curly-spacing': ['error', 'always'],
      '@stylistic/arrow-parens': ['error', 'always'],
      '@stylistic/no-multiple-empty-lines': ['error', { max: 1 }],
      '@stylistic/space-before-blocks': 'error',
      '@stylistic/keyword-spacing': 'error',
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports', disallowTypeAnnotations: false }],
      // `_` names what is there only to be skipped (a test.each title, a field left out of a copy)
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', ignoreRestSiblings: true }],
    },
  },
  {
    // src/ is laid out by Prettier (120 columns): the width of what Prettier cannot break, and a file's length, are ESLint's
    files: ['src/**/*.ts'],
    rules: {
      '@stylistic/indent': 'off',
      '@stylistic/max-len': ['error', { code: 120 }],
      'max-lines': ['error', { max: 300 }],
    },
  },
  // the dependency rule (ARCHITECTURE.md): entries → modes → services → pure modules, lazy imports included
  {
    files: ['src/**/*.ts'],
    ignores: [...MODE_FOLDERS.map((mode) => `src/${mode}/**`), ...ENTRIES, ...PURE_MODULES],
    rules: noImportsFrom(MODE_FOLDERS, 'A service imports no mode folder: move what both need into a shared module.'),
  },
  {
    files: PURE_MODULES,
    rules: noImportsFrom([...MODE_FOLDERS, ...SERVICES], 'A pure module imports only pure modules: no mode, no service, no edge.'),
  },
  ...MODE_FOLDERS.map((mode) => ({
    files: [`src/${mode}/**/*.ts`],
    rules: noImportsFrom(
      MODE_FOLDERS.filter((other) => other !== mode && !(mode === 'init' && other === 'setup')),
      `A mode imports no other mode (init is built on setup alone): what ${mode} needs of another belongs in a shared module.`,
    ),
  })),
  {
    // test files reach into fakes and records
    files: ['__tests__/**/*.ts'],
    rules: { '@typescript-eslint/no-non-null-assertion': 'off' },
  },
)
