/**
 * zod schemas: the single source of the API's request shapes (and, later, of its OpenAPI document).
 * Objects are strict: unknown fields are refused, not ignored.
 */
import { z } from 'zod';
import { wellFormed } from '../domain/well-formed-text';
import {
  STAGES,
  CATEGORIES,
  DEADLINE_KINDS,
  PARTY_ROLES,
  REFERRALS,
  RISK_LEVELS,
  ROLES,
  SOURCES,
  SUBTRACKS,
  TRACKS,
} from '../domain/case-types';
import { parseIsoDate } from '../domain/civil-date';
import { isValidResidentId } from '../domain/resident-id';
import { PERIOD_UNITS } from '../domain/legal-period';
import type { ActionName } from '../domain/case-decider';
import { QUEUE_VIEWS, type QueueView } from './case-queries';
import { LOGIN_PATTERN, PASSWORD_MAX_LENGTH, passwordProblem } from './account-policy';

/** The dates a case can hold: its calendar data (official and provisional) covers 1900 to 2099, and a
 * period counted from the last of them still ends within it. */
export const isoDate = z
  .string()
  .refine((s) => parseIsoDate(s) !== null, 'must be a date YYYY-MM-DD')
  .refine((s) => s >= '1900-01-01' && s <= '2099-12-31', 'must be a date from 1900-01-01 to 2099-12-31');
export const instant = z.iso.datetime({ offset: true });
/**
 * Every free-text string the API accepts. JSON can carry a lone UTF-16 surrogate ("\ud800"); UTF-8, and
 * so MongoDB, cannot: it would be stored as U+FFFD, no longer what the case's event hash covers.
 */
const freeText = () => z.string().refine(wellFormed, 'must be well-formed Unicode text (no lone surrogates)');
const text = (max: number) => freeText().trim().min(1).max(max);
const reason = text(2000);
const orgId = text(64);

const phone = z.string().regex(/^\+?[0-9][0-9 -]{4,19}$/, 'must be a phone number');
const residentId = z
  .string()
  .refine(isValidResidentId, 'must be a valid 18-character resident ID number (check digit verified)');

export const partySchema = z
  .strictObject({
    role: z.enum(PARTY_ROLES),
    name: text(100),
    idNumber: residentId.optional(),
    phone: phone.optional(),
    address: text(300).optional(),
    minor: z.boolean().optional(),
    guardian: z.strictObject({ name: text(100), phone: phone.optional() }).optional(),
  })
  .refine((p) => !p.minor || p.guardian !== undefined, { message: 'a minor needs a guardian', path: ['guardian'] });

export const intakeSchema = z
  .strictObject({
    category: z.enum(CATEGORIES),
    summary: text(5000),
    source: z.enum(SOURCES),
    gridId: text(64).optional(),
    orgUnitId: orgId,
    occurredOn: isoDate.optional(),
    amountCny: z.number().nonnegative().max(1e12).optional(),
    riskLevel: z.enum(RISK_LEVELS).default('low'),
    parties: z.array(partySchema).min(2).max(50),
  })
  .superRefine((b, ctx) => {
    for (const role of ['applicant', 'respondent'] as const) {
      if (!b.parties.some((p) => p.role === role))
        ctx.addIssue({ code: 'custom', path: ['parties'], message: `at least one ${role} is required` });
    }
  });
export type IntakeBody = z.infer<typeof intakeSchema>;

const withReason = <T extends z.core.$ZodLooseShape>(shape: T) =>
  z.strictObject({ ...shape, reason: reason.optional() });
const withRequiredReason = <T extends z.core.$ZodLooseShape>(shape: T) => z.strictObject({ ...shape, reason });

/** The body of each action (api.md "Actions"). */
export const actionSchemas = {
  accept: withReason({
    track: z.enum(TRACKS),
    subtrack: z.enum(SUBTRACKS).nullable().optional(),
    assigneeId: text(64),
  }),
  reject: withRequiredReason({ referral: z.enum(REFERRALS) }),
  assign: withRequiredReason({ assigneeId: text(64) }),
  'record-session': withReason({
    heldAt: instant,
    mode: z.enum(['on_site', 'online']),
    attendees: z.array(text(100)).max(100).default([]),
    notes: freeText().max(10_000).default(''),
  }),
  pause: withRequiredReason({}),
  resume: withReason({}),
  extend: withRequiredReason({
    kind: z.enum(DEADLINE_KINDS),
    amount: z.number().int().min(1).max(365),
    unit: z.enum(PERIOD_UNITS),
    consent: z.boolean().default(false),
  }),
  'record-agreement': withReason({
    terms: text(20_000),
    signedOn: isoDate,
    performanceDueOn: isoDate.nullable().optional(),
    obligations: z
      .array(z.strictObject({ party: text(100), obligation: text(2000) }))
      .max(50)
      .default([]),
  }),
  'request-confirmation': withReason({ courtId: orgId }),
  'take-over': withReason({}),
  'record-confirmation': withReason({ decision: z.enum(['confirmed', 'rejected']), ruledOn: isoDate }),
  'record-failure': withRequiredReason({
    referral: z.enum(REFERRALS),
    courtId: orgId.optional(),
    agencyId: orgId.optional(),
  }),
  transfer: withRequiredReason({ toOrgUnitId: orgId }),
  escalate: withRequiredReason({}),
  'report-risk': withRequiredReason({ level: z.enum(RISK_LEVELS) }),
  'record-follow-up': withReason({
    visitedOn: isoDate,
    performed: z.boolean(),
    notes: freeText().max(10_000).default(''),
  }),
  withdraw: withRequiredReason({}),
} satisfies Record<ActionName, z.ZodType>;

export const idempotencyKeySchema = freeText().min(1).max(255);
export const ifMatchSchema = z.string().regex(/^(W\/)?"?\d+"?$/, 'must be a version in quotes, e.g. "3"');

export const deadlinePreviewQuery = z.strictObject({
  kind: z.enum(DEADLINE_KINDS),
  track: z.enum(TRACKS).optional(),
  subtrack: z.enum(SUBTRACKS).optional(),
  start: isoDate,
});

/** zod issues → problem+json `errors`. */
export function fieldErrors(error: z.ZodError): Array<{ path: string; message: string }> {
  return error.issues.map((i) => ({ path: i.path.map(String).join('.'), message: i.message }));
}

/** `GET /api/v1/cases` (api.md "Listing"). */
export const listQuerySchema = z.strictObject({
  stage: z.enum(STAGES).optional(),
  track: z.enum(TRACKS).optional(),
  category: z.enum(CATEGORIES).optional(),
  ownerOrgUnitId: freeText().min(1).max(64).optional(),
  assigneeId: freeText().min(1).max(64).optional().meta({ description: 'a user id, or `me` for the caller' }),
  riskLevel: z.enum(RISK_LEVELS).optional(),
  view: z
    .enum(QUEUE_VIEWS)
    .optional()
    .meta({ description: 'the cases of one queue tab, by the rule `GET /cases/counts` counts with' }),
  overdue: z.enum(['true', 'false']).optional(),
  /** api.md "Queues". */
  sort: z
    .enum(['nextDueAt', '-createdAt'])
    .default('-createdAt')
    .meta({ description: '`nextDueAt`: the next running deadline first, cases without one last' }),
  transferTo: z.enum(['me']).optional().meta({ description: "cases on their way to the caller's unit" }),
  warned: z
    .enum(['true', 'false'])
    .optional()
    .meta({ description: 'some running deadline is past its warning point (or none is)' }),
  paused: z.enum(['true', 'false']).optional(),
  dueBefore: instant.optional().meta({ description: 'the next running deadline falls due before this instant' }),
  q: freeText().trim().min(1).max(200).optional(),
  /** Exact match on a party's resident ID, through its keyed hash (the number itself is never stored). */
  partyIdNumber: z.string().refine(isValidResidentId, 'must be a valid resident ID number').optional(),
  limit: z.coerce.number().int().min(1).max(100).default(20),
  cursor: freeText().max(500).optional(),
});

/** `GET /api/v1/cases/counts` (api.md "Queues"): a comma-separated list of views, all of them by default. */
export const countsQuerySchema = z.strictObject({
  views: z
    .string()
    .optional()
    .transform((v, ctx) => {
      const views = v === undefined ? [...QUEUE_VIEWS] : v.split(',').map((x) => x.trim());
      const unknown = views.filter((x) => !(QUEUE_VIEWS as readonly string[]).includes(x));
      if (unknown.length > 0 || views.length === 0) {
        ctx.addIssue({ code: 'custom', message: `views are a comma-separated list of ${QUEUE_VIEWS.join(', ')}` });
        return z.NEVER;
      }
      return [...new Set(views)] as QueueView[];
    })
    .meta({ description: `comma-separated, of ${QUEUE_VIEWS.join(', ')}; all when absent` }),
});

/** `GET /api/v1/stats`. Dates are Asia/Shanghai calendar days, `to` inclusive; without them, the current
 * year to date (api.md "Statistics and documents"). */
export const statsQuerySchema = z.strictObject({
  from: isoDate
    .optional()
    .meta({ description: 'First day counted (Asia/Shanghai). Default: 1 January of the year of `to`.' }),
  to: isoDate
    .optional()
    .meta({ description: 'Last day counted, inclusive (Asia/Shanghai). Default: today in Asia/Shanghai.' }),
  orgUnitId: freeText().min(1).max(64).optional(),
});

/** `POST /api/v1/session`. The login is matched as typed (lower case, trimmed); any password length is
 * checked against the hash up to a bound, so the policy of the day never locks out an older password. */
export const loginSchema = z.strictObject({
  login: z.string().trim().toLowerCase().min(1).max(64),
  password: z.string().min(1).max(PASSWORD_MAX_LENGTH),
});

const loginName = z
  .string()
  .trim()
  .toLowerCase()
  .regex(LOGIN_PATTERN, 'must be 3–32 characters: lower-case letters, digits, ".", "_" or "-"');
const newPassword = z.string().superRefine((p, ctx) => {
  const problem = passwordProblem(p);
  if (problem) ctx.addIssue({ code: 'custom', message: problem });
});

/** `POST /api/v1/users` (admin). */
export const createUserSchema = z.strictObject({
  login: loginName,
  name: text(100),
  role: z.enum(ROLES),
  org: orgId,
  password: newPassword,
  reason,
});

/** `PATCH /api/v1/users/:id` (admin): at least one change, and why. */
export const patchUserSchema = z
  .strictObject({
    name: text(100).optional(),
    role: z.enum(ROLES).optional(),
    org: orgId.optional(),
    disabled: z.boolean().optional(),
    password: newPassword.optional(),
    reason,
  })
  .refine((b) => Object.keys(b).some((k) => k !== 'reason'), {
    message: 'name at least one of name, role, org, disabled, password',
    path: [],
  });

/** `GET /api/v1/users`. */
export const usersQuerySchema = z.strictObject({
  orgUnitId: freeText().min(1).max(64).optional(),
  role: z.enum(ROLES).optional(),
});
