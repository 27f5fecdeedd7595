#!/usr/bin/env node
import { realClients, runCli } from './cli.js'

runCli(process.argv.slice(2), {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  clients: realClients,
  env: process.env,
}).then(
  (code) => { process.exitCode = code },
  (error: unknown) => {
    process.stderr.write(`error: ${(error as Error).stack ?? String(error)}\n`)
    process.exitCode = 1
  },
)
