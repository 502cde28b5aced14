/**
 * What `npm run dev` shows of FerretDB's own log (the full log stays in its file). FerretDB 1.24 logs at
 * WARN every error answer it sends a client (`Response header` / `Response message`: the driver's
 * `endSessions`, which it does not implement, an index or collection that already exists) and every
 * client that hangs up (`Connection stopped`): expected traffic that reads like failures. Those are
 * dropped; anything else keeps its level, and a line that is not FerretDB's JSON (a panic, a Go runtime
 * message) is shown as it is, as a warning.
 */
export interface ShownLine {
  level: 'info' | 'warn' | 'error';
  msg: string;
  fields: Record<string, unknown>;
}

const NOISE = [/^Response header:/, /^Response message:/, /^Connection stopped$/];
const LEVELS: Record<string, ShownLine['level']> = {
  ERROR: 'error',
  DPANIC: 'error',
  PANIC: 'error',
  FATAL: 'error',
  WARN: 'warn',
};

export function ferretdbLine(line: string): ShownLine | null {
  let record: unknown;
  try {
    record = JSON.parse(line);
  } catch {
    return { level: 'warn', msg: line.slice(0, 2000), fields: {} };
  }
  if (!record || typeof record !== 'object' || typeof (record as { msg?: unknown }).msg !== 'string')
    return { level: 'warn', msg: line.slice(0, 2000), fields: {} };
  const { msg, level, time: _time, ...fields } = record as { msg: string; level?: unknown; time?: unknown };
  const shown = LEVELS[String(level)] ?? 'info';
  if (shown === 'warn' && NOISE.some((n) => n.test(msg))) return null;
  return { level: shown, msg: msg.slice(0, 2000), fields };
}
