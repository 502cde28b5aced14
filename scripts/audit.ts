/**
 * Auditor CLI, against a running deployment's HTTP API:
 *   npm run audit -- verify <caseNo|id>
 *   npm run audit -- verify --all [--concurrency 4]
 *   npm run audit -- state <caseNo|id> --as-of <ISO instant>
 *   npm run audit -- timeline <caseNo|id>
 * Options: --url (default $API_URL, else http://127.0.0.1:$PORT, PORT defaulting to 3000), --token (default $AUDIT_TOKEN; for a
 * dev deployment, --org <unit> mints an auditor token with the configured secret).
 * Exit code: 0 when everything verified, 1 when a problem was found, 2 on bad usage or errors.
 */
import { parseArgs } from 'node:util';
import { loadConfig } from '../config';
import { signToken } from '../api/auth';

const USAGE = `usage: npm run audit -- <verify|state|timeline> <caseNo|id> [--as-of <instant>] | verify --all
  [--url <API address>] [--token <jwt> | --org <auditor's unit>] [--concurrency 4] [--json]
The API address: --url, else API_URL, else http://127.0.0.1:$PORT (PORT defaults to 3000).`;

class CliError extends Error {}

interface Ctx {
  url: string;
  token: string;
  json: boolean;
}

async function call<T>(ctx: Ctx, path: string): Promise<T> {
  let res: Response;
  try {
    res = await fetch(`${ctx.url}${path}`, { headers: { Authorization: `Bearer ${ctx.token}` } });
  } catch (err) {
    throw new CliError(`cannot reach ${ctx.url}: ${(err as Error).message}`);
  }
  const body = (await res.json().catch(() => null)) as (T & { detail?: string }) | null;
  if (!res.ok) throw new CliError(`${res.status} from ${path}: ${body?.detail ?? res.statusText}`);
  return body as T;
}

/** Accepts a case number (ND-2026-000123) or an id. */
async function resolveId(ctx: Ctx, ref: string): Promise<string> {
  if (!/^[A-Z]{1,8}-\d{4}-\d+$/.test(ref)) return ref;
  const page = await call<{ items: Array<{ id: string; caseNo: string }> }>(
    ctx,
    `/api/v1/cases?q=${encodeURIComponent(ref)}&limit=100`,
  );
  const hit = page.items.find((c) => c.caseNo === ref);
  if (!hit) throw new CliError(`no case ${ref} in your scope`);
  return hit.id;
}

interface Report {
  caseNo: string;
  ok: boolean;
  events: number;
  chainOk: boolean;
  headMatchesWorkflow: boolean;
  replayOk: boolean;
  firstBadSeq: number | null;
  problems: Array<{ seq: number | null; problem: string; detail: string }>;
}

function printReport(r: Report): void {
  const mark = r.ok ? 'OK  ' : 'FAIL';
  process.stdout.write(
    `${mark} ${r.caseNo}  events=${r.events} chain=${r.chainOk ? 'ok' : 'BROKEN'} head=${r.headMatchesWorkflow ? 'matches workflow' : 'DIFFERS'} replay=${r.replayOk ? 'ok' : 'FAILED'}${r.firstBadSeq !== null ? `  first bad seq ${r.firstBadSeq}` : ''}\n`,
  );
  for (const p of r.problems) process.stdout.write(`     seq ${p.seq ?? '-'}: ${p.problem}: ${p.detail}\n`);
}

function progress(done: number, total: number, failed: number): void {
  const width = 30;
  const filled = total === 0 ? width : Math.round((done / total) * width);
  const line = `[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${done}/${total} verified, ${failed} failed`;
  if (process.stderr.isTTY) process.stderr.write(`\r${line}${done === total ? '\n' : ''}`);
  else if (done === total || done % Math.max(1, Math.ceil(total / 20)) === 0) process.stderr.write(`${line}\n`);
}

async function verifyAll(ctx: Ctx, concurrency: number): Promise<number> {
  const ids: string[] = [];
  let cursor: string | null = null;
  do {
    const page: { items: Array<{ id: string }>; nextCursor: string | null } = await call(
      ctx,
      `/api/v1/cases?limit=100${cursor ? `&cursor=${cursor}` : ''}`,
    );
    ids.push(...page.items.map((c) => c.id));
    cursor = page.nextCursor;
  } while (cursor);
  const failed: Report[] = [];
  let done = 0;
  progress(0, ids.length, 0);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < ids.length) {
      const id = ids[next++]!;
      const r = await call<Report>(ctx, `/api/v1/cases/${id}/verify`);
      if (!r.ok) failed.push(r);
      progress(++done, ids.length, failed.length);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, ids.length) }, worker));
  process.stdout.write(
    `\nsummary: ${ids.length} cases verified, ${ids.length - failed.length} ok, ${failed.length} failed\n`,
  );
  for (const r of failed) printReport(r);
  return failed.length === 0 ? 0 : 1;
}

async function main(): Promise<number> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      url: { type: 'string' },
      token: { type: 'string' },
      org: { type: 'string' },
      'as-of': { type: 'string' },
      all: { type: 'boolean', default: false },
      concurrency: { type: 'string', default: '4' },
      json: { type: 'boolean', default: false },
    },
  });
  const [command, ref] = positionals;
  if (!command || !['verify', 'state', 'timeline'].includes(command) || (!ref && !(command === 'verify' && values.all)))
    throw new CliError(USAGE);
  let token = values.token ?? process.env.AUDIT_TOKEN;
  if (!token && values.org)
    token = await signToken(loadConfig().AUTH_JWT_SECRET, { sub: 'audit-cli', role: 'auditor', org: values.org }, '1h');
  if (!token) throw new CliError(`no token: pass --token, set AUDIT_TOKEN, or (dev) --org <unit>\n${USAGE}`);
  const ctx: Ctx = {
    url: (values.url || process.env.API_URL || `http://127.0.0.1:${process.env.PORT || 3000}`).replace(/\/$/, ''),
    token,
    json: values.json,
  };

  if (command === 'verify' && values.all) return verifyAll(ctx, Math.max(1, Number(values.concurrency) || 4));
  const id = await resolveId(ctx, ref!);
  if (command === 'verify') {
    const r = await call<Report>(ctx, `/api/v1/cases/${id}/verify`);
    if (ctx.json) process.stdout.write(`${JSON.stringify(r, null, 2)}\n`);
    else printReport(r);
    return r.ok ? 0 : 1;
  }
  if (command === 'state') {
    const asOf = values['as-of'];
    if (!asOf || Number.isNaN(Date.parse(asOf))) throw new CliError(`state needs --as-of <ISO instant>\n${USAGE}`);
    const s = await call<unknown>(
      ctx,
      `/api/v1/cases/${id}/state?asOf=${encodeURIComponent(new Date(asOf).toISOString())}`,
    );
    process.stdout.write(`${JSON.stringify(s, null, 2)}\n`);
    return 0;
  }
  const t = await call<{
    caseNo: string;
    events: Array<{
      seq: number;
      at: string;
      type: string;
      actor: { id: string; role: string };
      reason: string | null;
    }>;
  }>(ctx, `/api/v1/cases/${id}/timeline`);
  if (ctx.json) process.stdout.write(`${JSON.stringify(t, null, 2)}\n`);
  else
    for (const e of t.events)
      process.stdout.write(
        `${String(e.seq).padStart(4)}  ${e.at}  ${e.type.padEnd(22)} ${e.actor.role}:${e.actor.id}${e.reason ? `  — ${e.reason}` : ''}\n`,
      );
  return 0;
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    process.stderr.write(`${err instanceof CliError ? err.message : ((err as Error).stack ?? String(err))}\n`);
    process.exit(2);
  },
);
