// The benchmarks' build context: a two-platform Dockerfile whose RUN step is slow (a few seconds natively,
// much longer for arm64 under QEMU), with the per-arch busybox binaries scripts/stack/install.sh downloaded.
import { copyFileSync, mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import * as path from 'node:path'

export const SLOW_DOCKERFILE = `FROM scratch
ARG TARGETARCH
COPY busybox-\${TARGETARCH} /bin/busybox
# the slow part: a few seconds natively, much longer for arm64 under QEMU
RUN ["/bin/busybox", "sh", "-c", "/bin/busybox --install -s /bin && i=0; while [ $i -lt 2000000 ]; do i=$((i+1)); done; echo $i > /slow"]
`

/** A new directory with the busybox binaries and `dockerfile` (the slow one by default); its path. */
export function slowContext(name, dockerfile = SLOW_DOCKERFILE) {
  const dir = mkdtempSync(path.join(tmpdir(), `ecr-oidc-push-bench-${name}-`))
  for (const arch of ['amd64', 'arm64']) copyFileSync(`/var/cache/ecr-oidc-push/busybox-${arch}`, path.join(dir, `busybox-${arch}`))
  writeFileSync(path.join(dir, 'Dockerfile'), dockerfile)
  return dir
}
