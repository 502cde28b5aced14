/**
 * pino, everywhere. Parties' resident ID numbers and phones are redacted by path (and are never put
 * in messages). Pretty output only when writing to a terminal.
 */
import pino, { type Logger } from 'pino';

export const REDACT_PATHS = [
  '*.idNumber',
  '*.phone',
  '*.parties[*].idNumber',
  '*.parties[*].phone',
  'parties[*].idNumber',
  'parties[*].phone',
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["x-csrf-token"]',
  'req.query.partyIdNumber',
  'req.query.idNumber',
  'req.query.phone',
  '*.authorization',
  'body.parties',
  'command.parties',
];

/** Query parameters that carry personal data (`GET /cases?partyIdNumber=`): their values never reach a log. */
const SENSITIVE_QUERY = /([?&](?:partyIdNumber|idNumber|phone)=)[^&#]*/gi;

export function redactUrl(url: string | undefined): string | undefined {
  return url?.replace(SENSITIVE_QUERY, '$1[redacted]');
}

export function createLogger(opts: { level: string; name?: string }): Logger {
  const pretty = process.stdout.isTTY && process.env.NODE_ENV !== 'test';
  return pino({
    level: opts.level,
    name: opts.name,
    redact: { paths: REDACT_PATHS, censor: '[redacted]' },
    ...(pretty
      ? { transport: { target: 'pino-pretty', options: { translateTime: 'SYS:HH:MM:ss.l', ignore: 'pid,hostname' } } }
      : {}),
  });
}
