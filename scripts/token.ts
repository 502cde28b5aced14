/** `npm run token -- --role mediator --org ND-JC-JN-ROOM --sub u-1 [--name 林调解员] [--ttl 12h]`: prints a dev JWT. */
import { parseArgs } from 'node:util';
import { loadConfig } from '../config';
import { signToken } from '../api/auth';
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
