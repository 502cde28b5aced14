/** What npm run dev echoes of FerretDB: its answers to clients and hang-ups are not failures; errors still show. */
import { ferretdbLine } from '../../scripts/services/ferretdb-lines';

const line = (level: string, msg: string, extra: Record<string, unknown> = {}) =>
  JSON.stringify({ time: '2026-11-27T10:06:12.244Z', level, msg, ...extra });

test('when FerretDB logs an error answer it sent or a client hanging up, then it is not shown', () => {
  expect(
    ferretdbLine(line('WARN', 'Response header: length:   121, id:    3, response_to:    4, opcode: OP_MSG')),
  ).toBeNull();
  expect(
    ferretdbLine(line('WARN', 'Response message:\n{\n  "errmsg": "no such command: \'endSessions\'"\n}')),
  ).toBeNull();
  expect(ferretdbLine(line('WARN', 'Connection stopped', { conn: '127.0.0.1:1 -> 127.0.0.1:2' }))).toBeNull();
});

test('when FerretDB logs a real problem, then it is shown at its level with its fields', () => {
  expect(ferretdbLine(line('ERROR', 'failed to open database', { name: 'sqlite' }))).toEqual({
    level: 'error',
    msg: 'failed to open database',
    fields: { name: 'sqlite' },
  });
  expect(ferretdbLine(line('WARN', 'disk almost full'))?.level).toBe('warn');
  expect(ferretdbLine(line('INFO', 'Listening on 127.0.0.1:27017'))?.level).toBe('info');
});

test('when a line is not FerretDB JSON (a panic trace), then it is shown as it is, as a warning', () => {
  expect(ferretdbLine('panic: runtime error: index out of range')).toEqual({
    level: 'warn',
    msg: 'panic: runtime error: index out of range',
    fields: {},
  });
});
