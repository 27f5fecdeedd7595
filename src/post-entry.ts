import * as core from '@actions/core'
import { dockerCli } from './docker/docker.js'
import { runPost } from './post.js'

// The post step: undoes what main set up. Its own small entry, so it loads nothing else.
core.startGroup('ecr-oidc-push: cleanup')
runPost({
  getState: (name) => core.getState(name),
  docker: dockerCli(),
  info: (message) => core.info(message),
  warn: (message) => core.warning(message),
  timeoutMs: 30_000,
})
  .catch((error: unknown) => core.warning(`Cleanup failed: ${(error as Error).message}`))
  // a hung docker child must not keep the job waiting
  .finally(() => {
    core.endGroup()
    process.exit(0)
  })
