/** What the request log must never carry (api.md "Accounts and sessions": the session and its CSRF token are secrets). */
import { Writable } from 'node:stream';
import pino from 'pino';
import { REDACT_PATHS } from '../../config/logger';

test('when a request is logged, then its bearer token, session cookie and CSRF token are redacted', () => {
  const lines: string[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _enc, done) {
      lines.push(chunk.toString());
      done();
    },
  });
  const log = pino({ redact: { paths: REDACT_PATHS, censor: '[redacted]' } }, sink);
  log.info(
    {
      req: {
        headers: {
          authorization: 'Bearer secret-token',
          cookie: '__Host-mediation_session=secret-session',
          'x-csrf-token': 'secret-csrf',
        },
      },
    },
    'request completed',
  );
  expect(lines.join('')).not.toMatch(/secret-/);
  expect(lines.join('')).toContain('[redacted]');
});
