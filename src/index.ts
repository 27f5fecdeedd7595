import * as core from '@actions/core'
import { dockerCli } from './docker/docker.js'
import { realEdges } from './edges.js'
import { run } from './main.js'
import { runPost } from './post.js'
import { STATE } from './state.js'

// One bundle serves both `main` and `post` in action.yml: main leaves a state flag the post step sees.
if (core.getState(STATE.isPost)) {
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
} else {
  core.saveState(STATE.isPost, 'true')
  // an attempt given up at its deadline may leave a socket behind: it must not keep the job waiting
  void run(realEdges()).finally(() => process.exit())
}
