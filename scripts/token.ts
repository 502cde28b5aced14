/** `npm run token -- --role mediator --org ND-JC-JN-ROOM --sub u-1 [--name 林调解员] [--ttl 12h]`: prints a dev JWT. */
import { parseArgs } from 'node:util';
import { loadConfig } from '../config';
import { signToken } from '../api/auth';
import { readOrgUnitSeed } from '../db/org-units';
import { ROLES, type Role } from '../domain/case-types';

const { values } = parseArgs({
  options: {
    role: { type: 'string' },
    org: { type: 'string' },
    sub: { type: 'string' },
    name: { type: 'string' },
    ttl: { type: 'string', default: '12h' },
  },
});
if (!values.role || !ROLES.includes(values.role as Role) || !values.org || !values.sub) {
  process.stderr.write(
    `usage: npm run token -- --role <${ROLES.join('|')}> --org <orgUnitId> --sub <userId> [--name N] [--ttl 12h]\n`,
  );
  process.exit(2);
}
const config = loadConfig();
// The API refuses a token for a unit it does not know: say so now rather than at the first request.
const units = readOrgUnitSeed(config.ORG_UNITS_FILE);
if (!units.some((u) => u.id === values.org)) {
  const near = units.filter((u) => u.id.startsWith(values.org!.split('-').slice(0, 2).join('-'))).slice(0, 8);
  process.stderr.write(
    `no org unit ${values.org} in ${config.ORG_UNITS_FILE}${near.length > 0 ? `; some there: ${near.map((u) => `${u.id} (${u.name})`).join(', ')}` : ''}\n`,
  );
  process.exit(2);
}
if (values.sub.trim() === '') {
  process.stderr.write('--sub must name a user\n');
  process.exit(2);
}
signToken(
  config.AUTH_JWT_SECRET,
  { sub: values.sub, role: values.role as Role, org: values.org, ...(values.name ? { name: values.name } : {}) },
  values.ttl,
)
  .then((t) => process.stdout.write(`${t}\n`))
  .catch((err: unknown) => {
    process.stderr.write(`${(err as Error).message}\n`);
    process.exit(1);
  });
