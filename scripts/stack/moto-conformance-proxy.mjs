// Sits in front of moto_server in the local stack and corrects the one answer moto 5.1 gets wrong for
// the current AWS SDK: ECR GetLifecyclePolicy's `lastEvaluatedAt` comes back as an ISO string, where
// the AWS JSON protocol (and so the SDK) expects epoch seconds ("Expected real number"). Everything else
// passes through untouched. This is test-stack plumbing: the product talks to AWS as it is.
import { createServer, request } from 'node:http'

const [listenPort = '5000', motoPort = '5001'] = process.argv.slice(2)

const readAll = (stream) => new Promise((resolve, reject) => {
  const chunks = []
  stream.on('data', (c) => chunks.push(c)).on('end', () => resolve(Buffer.concat(chunks))).on('error', reject)
})

export function conformLifecycleAnswer(body) {
  const answer = JSON.parse(body.toString('utf8'))
  if (typeof answer.lastEvaluatedAt === 'string') answer.lastEvaluatedAt = Date.parse(answer.lastEvaluatedAt) / 1000
  return Buffer.from(JSON.stringify(answer))
}

createServer(async (req, res) => {
  const body = await readAll(req)
  const upstream = request({ host: '127.0.0.1', port: Number(motoPort), method: req.method, path: req.url, headers: req.headers }, async (answer) => {
    let answerBody = await readAll(answer)
    const headers = { ...answer.headers }
    const target = String(req.headers['x-amz-target'] ?? '')
    if (target.endsWith('.GetLifecyclePolicy') && answer.statusCode === 200) {
      answerBody = conformLifecycleAnswer(answerBody)
      delete headers['transfer-encoding']
      headers['content-length'] = String(answerBody.length)
    }
    res.writeHead(answer.statusCode ?? 502, headers).end(answerBody)
  })
  upstream.on('error', (error) => res.writeHead(502).end(String(error)))
  upstream.end(body)
}).listen(Number(listenPort), '127.0.0.1')
