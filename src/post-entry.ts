import * as core from '@actions/core'
import { dockerCli } from './docker/docker.js'
import { runPost } from './post.js'

// The post step (action.yml runs.post): its own small entry, so it loads nothing cleaning up does not need.
core.startGroup('ecr-oidc-push: cleanup')
runPost(
  {
    getState: (name) => core.getState(name),
    docker: dockerCli(),
    out: { info: (message) => core.info(message), warning: (message) => core.warning(message) },
  },
  30_000,
)
  .catch((error: unknown) => core.warning(`Cleanup failed: ${(error as Error).message}`))
  // a hung docker child must not keep the job waiting
  .finally(() => {
    core.endGroup()
    process.exit(0)
  })
