import { dockerfileAnnotation, inputNamesOf, workflowFileOf } from '../../src/annotations.js'
import { ExplainedError, InputError, annotationFor } from '../../src/errors.js'

test.each<[string | undefined, string | undefined]>([
  ['octo-org/app/.github/workflows/ci.yml@refs/heads/main', '.github/workflows/ci.yml'],
  ['octo-org/app/.github/workflows/release.yaml@refs/tags/v1.2.0', '.github/workflows/release.yaml'],
  ['garbage', undefined],
  [undefined, undefined],
])('workflowFileOf(%s) → %s', (ref, expected) => expect(workflowFileOf(ref)).toBe(expected))

test('inputNamesOf: each problem\'s first named input, once', () => {
  expect(inputNamesOf(['Input `account-id` must be …', 'Input `platforms` has "x", use `platforms` …', 'Input `account-id` again', 'no input here']))
    .toEqual(['account-id', 'platforms'])
})

const buildOutput = `#7 ERROR: process did not complete successfully: exit code: 3
------
failing.Dockerfile:4
--------------------
   3 |     COPY busybox /bin/busybox
   4 | >>> RUN ["/bin/busybox", "sh", "-c", "exit 3"]
--------------------
ERROR: failed to solve: process did not complete successfully: exit code: 3`

test.each<[string, string, string, object]>([
  ['a Dockerfile in a folder, the line buildx named', 'docker/failing.Dockerfile', '/ws', { title: 'docker buildx build failed', file: 'docker/failing.Dockerfile', startLine: 4 }],
  ['an absolute path inside the workspace', '/ws/failing.Dockerfile', '/ws', { title: 'docker buildx build failed', file: 'failing.Dockerfile', startLine: 4 }],
  ['another file named in the output: no line', 'Dockerfile', '/ws', { title: 'docker buildx build failed', file: 'Dockerfile' }],
])('dockerfileAnnotation: %s', (_, dockerfile, workspace, expected) => expect(dockerfileAnnotation(buildOutput, dockerfile, workspace)).toEqual(expected))

test.each<[string, unknown, object | undefined]>([
  ['bad input: the workflow file and the inputs', new InputError(['Input `region` must be …', 'Input `push` must be …']), { title: 'Invalid input: region, push', file: '.github/workflows/ci.yml' }],
  ['an explained failure with a place', new ExplainedError('x', { file: 'Dockerfile', startLine: 2 }), { file: 'Dockerfile', startLine: 2 }],
  ['an explained failure without one', new ExplainedError('x'), undefined],
  ['a bug', new TypeError('x'), undefined],
])('annotationFor: %s', (_, error, expected) => expect(annotationFor(error, '.github/workflows/ci.yml')).toEqual(expected))
