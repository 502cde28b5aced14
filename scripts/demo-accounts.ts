/**
 * Demo accounts for the bundled county, one per role, made by `npm run dev` outside production so the
 * console can be tried at once. Development only: their passwords are printed and known to everyone.
 */
import type { Logger } from 'pino';
import { AccountStore } from '../db/accounts';
import type { Models } from '../db/models';
import type { OrgTree } from '../db/org-units';
import type { Role } from '../domain/case-types';
import { hashPassword } from '../api/passwords';

export const DEMO_ACCOUNTS: Array<{ login: Role; name: string; org: string }> = [
  { login: 'mediator', name: '林调解（演示）', org: 'ND-JC-JN-ROOM' },
  { login: 'supervisor', name: '陈主任（演示）', org: 'ND-JC-JN' },
  { login: 'liaison', name: '王联络（演示）', org: 'ND-JC-COURT' },
  { login: 'auditor', name: '郑审计（演示）', org: 'ND-JC' },
  { login: 'admin', name: '系统管理员（演示）', org: 'ND' },
];

export const demoPassword = (login: string): string => `${login}-demo-2026`;

/** Creates the demo accounts that are missing (an existing one is left as it is, password and all). */
export async function ensureDemoAccounts(models: Models, tree: OrgTree, log: Logger): Promise<void> {
  const accounts = new AccountStore(models);
  const made: string[] = [];
  for (const d of DEMO_ACCOUNTS) {
    if (!tree.get(d.org)) continue; // another county's org file: no demo account there
    if (await accounts.byLogin(d.login)) continue;
    await accounts.create(
      {
        login: d.login,
        name: d.name,
        role: d.login,
        org: d.org,
        passwordHash: await hashPassword(demoPassword(d.login)),
      },
      { sub: 'system', role: 'admin', org: d.org },
      'development demo account (npm run dev)',
    );
    made.push(d.login);
  }
  const present = DEMO_ACCOUNTS.filter((d) => tree.get(d.org));
  if (present.length === 0) return;
  log.warn(
    {
      created: made,
      accounts: present.map((d) => `${d.login} / ${demoPassword(d.login)} (${d.login} @ ${d.org})`),
    },
    'DEVELOPMENT ONLY: demo accounts with published passwords; never with NODE_ENV=production (where none are made)',
  );
}
