/**
 * `npm run users -- <command>`: staff accounts from the command line, the same rules as the admin API
 * (api/schemas.ts) and logged with the operator and a reason. Talks to MONGODB_URI, or to the embedded
 * FerretDB of a running `npm run dev`.
 *
 *   list [--org <id>] [--role <role>]
 *   create --login <l> --name <n> --role <role> --org <id> --reason <why> [--password <p>]
 *   disable <login> --reason <why>          enable <login> --reason <why>
 *   reset-password <login> --reason <why> [--password <p>]
 *   set-role <login> <role> --reason <why>  set-org <login> <id> --reason <why>
 *
 * Without --password, a strong random password is made and printed once.
 */
import { randomBytes } from 'node:crypto';
import { userInfo } from 'node:os';
import { parseArgs } from 'node:util';
import { loadConfig } from '../config';
import { AccountStore, LoginTakenError, publicUser } from '../db/accounts';
import { connectDatabase } from '../db/connection';
import { loadOrgTree } from '../db/org-units';
import { ROLES, type Role } from '../domain/case-types';
import { hashPassword } from '../api/passwords';
import { createUserSchema, fieldErrors, patchUserSchema } from '../api/schemas';
import { userPatch } from '../api/routes/users';

const USAGE = `usage: npm run users -- list [--org <id>] [--role <${ROLES.join('|')}>]
       npm run users -- create --login <l> --name <n> --role <role> --org <id> --reason <why> [--password <p>]
       npm run users -- disable|enable <login> --reason <why>
       npm run users -- reset-password <login> --reason <why> [--password <p>]
       npm run users -- set-role <login> <role> --reason <why>
       npm run users -- set-org <login> <orgUnitId> --reason <why>
`;

class UsageError extends Error {}

const { values: opts, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    login: { type: 'string' },
    name: { type: 'string' },
    role: { type: 'string' },
    org: { type: 'string' },
    reason: { type: 'string' },
    password: { type: 'string' },
  },
});

/** A random password that meets the policy: 16 base64url characters plus a letter and a digit. */
const generated = (): string => `${randomBytes(12).toString('base64url')}a7`;

function valid<T>(r: { success: true; data: T } | { success: false; error: Parameters<typeof fieldErrors>[0] }): T {
  if (r.success) return r.data;
  throw new UsageError(
    fieldErrors(r.error)
      .map((e) => `${e.path || 'input'}: ${e.message}`)
      .join('\n'),
  );
}

async function main(): Promise<void> {
  const [command, target, value] = positionals;
  if (!command) throw new UsageError('');
  const config = loadConfig();
  const uri = config.MONGODB_URI ?? `mongodb://127.0.0.1:${config.MONGODB_PORT}/mediation`;
  const db = await connectDatabase(uri, { serverSelectionTimeoutMS: 3000 }).catch((err: unknown) => {
    throw new Error(
      `cannot reach MongoDB at ${uri} (start \`npm run dev\`, or set MONGODB_URI): ${(err as Error).message}`,
    );
  });
  try {
    const accounts = new AccountStore(db.models);
    const tree = await loadOrgTree(db.models);
    const actor = {
      sub: `cli:${userInfo().username}`,
      role: 'admin',
      org: tree.units.find((u) => !u.parentId)?.id ?? '',
    };
    const print = (o: unknown) => process.stdout.write(`${JSON.stringify(o)}\n`);

    if (command === 'list') {
      const users = await accounts.list({
        orgs: opts.org ? [opts.org] : undefined,
        role: opts.role as Role | undefined,
      });
      for (const u of users) print(publicUser(u));
      return;
    }
    if (command === 'create') {
      const password = opts.password ?? generated();
      const body = valid(createUserSchema.safeParse({ ...opts, password }));
      if (!tree.get(body.org)) throw new UsageError(`no org unit ${body.org}`);
      const { reason, password: _p, ...user } = body;
      const made = await accounts.create({ ...user, passwordHash: await hashPassword(password) }, actor, reason);
      print(publicUser(made));
      if (!opts.password) process.stdout.write(`password (shown once): ${password}\n`);
      return;
    }
    const changes: Record<string, Record<string, unknown>> = {
      disable: { disabled: true },
      enable: { disabled: false },
      'reset-password': { password: opts.password ?? generated() },
      'set-role': { role: value },
      'set-org': { org: value },
    };
    const change = changes[command];
    if (!change || !target) throw new UsageError(change ? `${command} needs a login` : `unknown command ${command}`);
    const body = valid(patchUserSchema.safeParse({ ...change, reason: opts.reason }));
    if (body.org !== undefined && !tree.get(body.org)) throw new UsageError(`no org unit ${body.org}`);
    const user = await accounts.byLogin(target.trim().toLowerCase());
    if (!user) throw new UsageError(`no account with login ${target}`);
    const updated = await accounts.update(user._id, await userPatch(body), actor, body.reason);
    print(publicUser(updated!));
    if (command === 'reset-password' && !opts.password)
      process.stdout.write(`password (shown once): ${String(change.password)}\n`);
  } finally {
    await db.close();
  }
}

main().catch((err: unknown) => {
  if (err instanceof UsageError) {
    process.stderr.write(`${err.message ? `${err.message}\n` : ''}${USAGE}`);
    process.exit(2);
  }
  process.stderr.write(`${err instanceof LoginTakenError ? err.message : (err as Error).message}\n`);
  process.exit(1);
});
