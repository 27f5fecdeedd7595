// The recording, fault-injecting proxy (fault-proxy.mjs) in front of the local stack's AWS endpoint, for
// tests and benchmarks: it records every AWS call (and the answer, so tests can learn which secrets were
// handed out), and can break the next calls of an action.
import { FaultProxy } from './fault-proxy.mjs'

/** STS's query-protocol error, as AWS sends it. */
export function stsError(code, message, status = 400) {
  return {
    status,
    contentType: 'text/xml',
    body: `<ErrorResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><Error><Type>Sender</Type><Code>${code}</Code><Message>${message}</Message></Error><RequestId>4c1f0d5e-test</RequestId></ErrorResponse>`,
  }
}

/** IAM's query-protocol error. */
export function iamError(code, message, status = 403) {
  return {
    status,
    contentType: 'text/xml',
    body: `<ErrorResponse xmlns="https://iam.amazonaws.com/doc/2010-05-08/"><Error><Type>Sender</Type><Code>${code}</Code><Message>${message}</Message></Error><RequestId>5d2e1f6a-test</RequestId></ErrorResponse>`,
  }
}

/** A JSON-protocol (ECR) error. */
export function jsonError(type, message, status = 400) {
  return { status, contentType: 'application/x-amz-json-1.1', body: JSON.stringify({ __type: type, message }) }
}

/** Reads are Get*, List*, Describe*, BatchGet* and BatchCheck*; everything else changes something. */
export const isWrite = (action) => !/^(Get|List|Describe|BatchGet|BatchCheck)/.test(action)

function actionOf(req, body) {
  const target = req.headers['x-amz-target']
  if (typeof target === 'string') return target.split('.').pop() ?? target
  return new URLSearchParams(body).get('Action') ?? `${req.method} ${req.url}`
}

/** The fault proxy in front of AWS (moto): calls and faults are named by the AWS action. */
export class AwsProxy extends FaultProxy {
  constructor(upstream) {
    super(upstream, { actionOf, contentType: 'application/x-amz-json-1.1' })
  }

  writes() {
    return this.actions().filter(isWrite)
  }
}
