import { realEdges } from './edges.js'
import { run } from './main.js'

// The main step (action.yml runs.main); the post step has an entry of its own, src/post-entry.ts.
// An attempt given up at its deadline may leave a socket behind: it must not keep the job waiting.
void run(realEdges()).finally(() => process.exit())
