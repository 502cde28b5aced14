/**
 * A county's deadline policy file (DEADLINE_POLICY_FILE), read and validated once at start: the changes
 * a county makes to the customary ("practice") rows of a bundled policy, under a version of its own.
 * zod checks the shape here, outside workflow code; the domain checks the rules (no statutory period
 * lengthened past the statute, see `derivePolicy`). README "Deadline policy file" documents the format.
 */
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { DEADLINE_KINDS, SUBTRACKS, TRACKS } from '../domain/case-types';
import { parseIsoDate } from '../domain/civil-date';
import {
  BREACH_EFFECTS,
  NOTIFY_TARGETS,
  derivePolicy,
  type DeadlinePolicy,
  type PolicyFile,
} from '../domain/deadline-policy';
import { ConfigError } from './index';

const extension = z.union([
  z.strictObject({ allowed: z.literal(false) }),
  z.strictObject({
    allowed: z.literal(true),
    requires: z.enum(['consent_or_approval', 'approval']),
    maxTotal: z.number().int().positive().nullable(),
  }),
]);

const change = z.strictObject({
  kind: z.enum(DEADLINE_KINDS),
  track: z.enum(TRACKS).nullable().default(null),
  subtrack: z.enum(SUBTRACKS).nullable().default(null),
  amount: z.number().int().positive().max(3650).optional(),
  // Test-only clock units (minutes, seconds) are not for a county's policy.
  unit: z.enum(['days', 'months', 'working_days', 'hours']).optional(),
  warnFraction: z.number().gt(0).lt(1).optional(),
  basis: z.string().trim().min(2).max(500).optional(),
  onBreach: z.enum(BREACH_EFFECTS).optional(),
  notify: z.array(z.enum(NOTIFY_TARGETS)).max(NOTIFY_TARGETS.length).optional(),
  extension: extension.optional(),
  note: z.string().max(500).optional(),
});

export const policyFileSchema = z.strictObject({
  version: z.string().regex(/^[\w.@-]{1,64}$/, 'a version is 1–64 of [A-Za-z0-9_.@-]'),
  effectiveFrom: z.string().refine((s) => parseIsoDate(s) !== null, 'must be a date YYYY-MM-DD'),
  basedOn: z.string().min(1),
  changes: z.array(change).min(1),
}) satisfies z.ZodType<PolicyFile, unknown>;

/**
 * The policy a policy file describes. Throws `config_invalid` (ConfigError) listing every problem of
 * shape or rule, and `unknown_policy_version` when `basedOn` is not a bundled policy.
 */
export function loadPolicyFile(file: string): DeadlinePolicy {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    throw new ConfigError(`cannot read DEADLINE_POLICY_FILE ${file}: ${(err as Error).message}`, { cause: err });
  }
  const parsed = policyFileSchema.safeParse(raw);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `${i.path.join('.') || '(file)'}: ${i.message}`);
    throw new ConfigError(`invalid DEADLINE_POLICY_FILE ${file}:\n  ${lines.join('\n  ')}`);
  }
  const derived = derivePolicy(parsed.data);
  if (!derived.ok) throw new ConfigError(`invalid DEADLINE_POLICY_FILE ${file}:\n  ${derived.problems.join('\n  ')}`);
  return derived.policy;
}
