// The benchmarks' build context: a two-platform Dockerfile whose RUN step is slow (a few seconds natively,
// much longer for arm64 under QEMU), with the per-arch busybox binaries scripts/stack/install.sh downloaded.
import { execFileSync } from 'node:child_process'
import { copyFileSync, mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import * as path from 'node:path'

export const SLOW_DOCKERFILE = `FROM scratch
ARG TARGETARCH
COPY busybox-\${TARGETARCH} /bin/busybox
# the slow part: a few seconds natively, much longer for arm64 under QEMU
RUN ["/bin/busybox", "sh", "-c", "/bin/busybox --install -s /bin && i=0; while [ $i -lt 2000000 ]; do i=$((i+1)); done; echo $i > /slow"]
`

/**
 * A new checkout (a git repository, as actions/checkout leaves one) with the busybox binaries, `dockerfile`
 * (the slow one by default) and `files`; its path.
 */
export function slowContext(name, dockerfile = SLOW_DOCKERFILE, files = {}) {
  const dir = mkdtempSync(path.join(tmpdir(), `ecr-oidc-push-bench-${name}-`))
  for (const arch of ['amd64', 'arm64']) copyFileSync(`/var/cache/ecr-oidc-push/busybox-${arch}`, path.join(dir, `busybox-${arch}`))
  writeFileSync(path.join(dir, 'Dockerfile'), dockerfile)
  for (const [file, text] of Object.entries(files)) writeFileSync(path.join(dir, file), text)
  const git = (...args) => execFileSync('git', ['-C', dir, '-c', 'user.name=bench', '-c', 'user.email=bench@example.com', ...args], { stdio: 'ignore' })
  git('init', '-q')
  git('add', '-A')
  git('commit', '-q', '-m', 'bench')
  return dir
}
