// ESLint (flat config): typescript-eslint's recommended rules, the layout the code follows (so `make fix`
// mends new code to it), and the shape ARCHITECTURE.md draws. Import cycles, type-only and lazy ones
// included, are madge's to find (`npm run lint`): ESLint's cycle rules skip type-only imports.
import js from '@eslint/js'
import stylistic from '@stylistic/eslint-plugin'
import tseslint from 'typescript-eslint'

/** The modes' folders (ARCHITECTURE.md): their flows import shared modules, never the other way round. */
const MODE_FOLDERS = ['push', 'login', 'merge', 'setup', 'init']

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
    // src/ is laid out by Prettier (120 columns): only the width of what Prettier cannot break is ESLint's
    files: ['src/**/*.ts'],
    rules: {
      '@stylistic/indent': 'off',
      '@stylistic/max-len': ['error', { code: 120, ignoreUrls: true, ignoreRegExpLiterals: true }],
    },
  },
  {
    // shared modules and services never reach into a mode's folder; only the entries (main, cli) do
    files: ['src/**/*.ts'],
    ignores: [...MODE_FOLDERS.map((mode) => `src/${mode}/**`), 'src/main.ts', 'src/cli.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: MODE_FOLDERS.flatMap((mode) => [`./${mode}/*`, `../${mode}/*`]),
              message: 'A shared module imports no mode folder: move what both need into a shared module.',
            },
          ],
        },
      ],
    },
  },
  {
    // test files reach into fakes and records
    files: ['__tests__/**/*.ts'],
    rules: { '@typescript-eslint/no-non-null-assertion': 'off' },
  },
)
