/** A real local webhook receiver for tests: it checks `X-Signature` by the api.md rule ("sha256=" + hex
 * HMAC-SHA256 of "<X-Timestamp>.<body>" with the secret it was given) and answers 401 when it is wrong,
 * else `answer(n)` for its n-th request. */
import { createHmac } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Received {
  headers: http.IncomingHttpHeaders;
  body: string;
  answered: number;
}

export async function receiver(secret: string, answer: (n: number) => number = () => 200) {
  const got: Received[] = [];
  const server = http.createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (c: string) => (body += c));
    req.on('end', () => {
      const ts = String(req.headers['x-timestamp'] ?? '');
      const expected = `sha256=${createHmac('sha256', secret).update(`${ts}.${body}`).digest('hex')}`;
      const status = req.headers['x-signature'] === expected ? answer(got.length + 1) : 401;
      got.push({ headers: req.headers, body, answered: status });
      res.writeHead(status, { 'content-type': 'text/plain' }).end(status === 401 ? 'bad signature' : 'ok');
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
  return { url, got, close: () => new Promise<void>((r) => server.close(() => r())) };
}
