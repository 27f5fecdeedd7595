#!/usr/bin/env node
import { readFileSync, realpathSync } from 'node:fs'
import * as path from 'node:path'
import { ecrClient, ecsClient, iamClient, stsClient } from './aws/clients.js'
import { runCli } from './cli.js'

/** Where this action is published, from the installed package's repository field: `owner/name@v<major>`. */
function packageActionRef(): string | undefined {
  try {
    const pkg = JSON.parse(
      readFileSync(path.join(path.dirname(realpathSync(process.argv[1]!)), '..', 'package.json'), 'utf8'),
    ) as { version?: string; repository?: string | { url?: string } }
    const url = typeof pkg.repository === 'string' ? pkg.repository : pkg.repository?.url
    const repository = url?.match(/github\.com[/:]([^/]+\/[^/]+?)(?:\.git)?$/)?.[1]
    return repository && pkg.version ? `${repository}@v${pkg.version.split('.')[0]}` : undefined
  } catch {
    return undefined
  }
}

// the CLI's edges: the terminal, the environment and working directory, and AWS through the SDK's default chain
runCli(
  process.argv.slice(2),
  {
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
    env: process.env,
    cwd: process.cwd(),
    sts: stsClient,
    ecr: ecrClient,
    iam: iamClient,
    ecs: ecsClient,
  },
  packageActionRef(),
).then(
  (code) => {
    process.exitCode = code
  },
  (error: unknown) => {
    process.stderr.write(`error: ${(error as Error).stack ?? String(error)}\n`)
    process.exitCode = 1
  },
)
