/**
 * zod schemas: the single source of the API's request shapes (and, later, of its OpenAPI document).
 * Objects are strict: unknown fields are refused, not ignored.
 */
import { z } from 'zod';
import { wellFormed } from '../domain/well-formed-text';
import {
  ORG_KINDS,
  STAGES,
  CATEGORIES,
  DEADLINE_KINDS,
  PARTY_ROLES,
  REFERRALS,
  RISK_LEVELS,
  ROLES,
  SOURCES,
  SUBTRACKS,
  SUBTRACKS_OF,
  TRACKS,
  type OrgKind,
} from '../domain/case-types';
import { parseIsoDate } from '../domain/civil-date';
import { STATS_GROUPINGS } from '../domain/case-statistics';
import { CHANNEL_KINDS, NOTIFICATION_KINDS, signedChannel } from '../domain/notifications';
import { isValidResidentId } from '../domain/resident-id';
import { PERIOD_UNITS } from '../domain/legal-period';
import type { ActionName } from '../domain/case-decider';
import { QUEUE_VIEWS, type QueueView } from './case-queries';
import { LOGIN_PATTERN, PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH, passwordProblem } from './account-policy';

/** A pattern of calendar dates YYYY-MM-DD whose year matches `years`, with 29 February only in `leapYears`.
 * `[0-9]` rather than `\d`, which means every Unicode digit to some regex engines. */
const datePattern = (years: string, leapYears: string): string =>
  `^(?:(?:${years})-(?:(?:0[13578]|1[02])-(?:0[1-9]|[12][0-9]|3[01])|(?:0[469]|11)-(?:0[1-9]|[12][0-9]|30)|02-(?:0[1-9]|1[0-9]|2[0-8]))|(?:${leapYears})-02-29)$`;
/** A date in `pattern`, refused with one message (one error entry for the field, whatever is wrong with it);
 * the OpenAPI document carries the pattern, so a client or fuzzer knows exactly which dates pass (or, where a
 * pattern cannot say it all, a `format` and words: see `documented`). */
const dateMatching = (pattern: string, message: string, documented: Record<string, unknown> = { pattern }) => {
  const re = new RegExp(pattern);
  return z
    .string()
    .refine((s) => re.test(s) && parseIsoDate(s) !== null, message)
    .meta(documented);
};
/**
 * A calendar date YYYY-MM-DD from 1900-01-01 to 2099-12-31, leap days included. Its calendar data
 * (official and provisional) covers 1900 to 2099, and a period counted from the last of them still ends
 * within it.
 */
export const ISO_DATE_PATTERN = datePattern('(?:19|20)[0-9]{2}', '(?:19|20)(?:0[48]|[2468][048]|[13579][26])|2000');
export const isoDate = dateMatching(ISO_DATE_PATTERN, 'must be a date YYYY-MM-DD from 1900-01-01 to 2099-12-31');
/** The first day of a deadline preview: the bundled calendar holds days from 2004 (official from 2004,
 * provisional to 2100), and a period counted from 2099-12-31 still ends within it (domain/calendar.ts). */
export const PREVIEW_DATE_PATTERN = datePattern('200[4-9]|20[1-9][0-9]', '20(?:0[48]|[2468][048]|[13579][26])');
export const previewStartDate = dateMatching(
  PREVIEW_DATE_PATTERN,
  'must be a date YYYY-MM-DD from 2004-01-01 to 2099-12-31 (the calendar holds no earlier days)',
);
export const instant = z.iso.datetime({ offset: true });
/** Whitespace as JavaScript's `trim` and `\s` know it, spelled out so that the OpenAPI pattern means the same
 * to every regex engine (Python's `\s`, say, differs at U+FEFF and U+001C–U+001F). */
const WHITESPACE = '\\t\\n\\v\\f\\r \\u00a0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000\\ufeff';
/** Some character that is not whitespace: what is left after trimming is not empty. */
export const NON_BLANK_PATTERN = `[^${WHITESPACE}]`;
const NON_BLANK = new RegExp(NON_BLANK_PATTERN);
/** Length in characters as JSON Schema counts them (code points), not in UTF-16 units as `.length` does. */
const codePoints = (s: string): number => {
  let n = 0;
  for (const _ of s) n++;
  return n;
};
const lengthBetween = <T extends z.ZodString>(schema: T, min: number, max: number): T =>
  schema.refine(
    (s) => {
      const n = codePoints(s);
      return n >= min && n <= max;
    },
    `must be ${min === max ? `${max}` : `${min} to ${max}`} characters long`,
  );
/**
 * Every free-text string the API accepts. JSON can carry a lone UTF-16 surrogate ("\ud800"); UTF-8, and
 * so MongoDB, cannot: it would be stored as U+FFFD, no longer what the case's event hash covers.
 */
const freeText = () => z.string().refine(wellFormed, 'must be well-formed Unicode text (no lone surrogates)');
/** Free text of `min` to `max` characters (code points). */
const chars = (min: number, max: number) =>
  lengthBetween(freeText(), min, max).meta({ ...(min > 0 ? { minLength: min } : {}), maxLength: max });
/** Trimmed text that is not blank, of at most `max` characters as sent. */
const text = (max: number) =>
  lengthBetween(freeText(), 1, max)
    .regex(NON_BLANK, 'must not be blank')
    .trim()
    .meta({ minLength: 1, maxLength: max, pattern: NON_BLANK_PATTERN });
const reason = text(2000);
/** An org unit id. The served document lists the units that exist and are open (api/openapi.ts), which
 * is what the server checks; the marker says where. */
const orgIdOf = (kind?: OrgKind) =>
  text(64).meta({
    minLength: 1,
    maxLength: 64,
    pattern: NON_BLANK_PATTERN,
    'x-org-unit-id': true,
    ...(kind ? { 'x-org-unit-kind': kind, description: `an open unit of kind ${kind}` } : {}),
  });
const orgId = orgIdOf();

const phone = z.string().regex(/^\+?[0-9][0-9 -]{4,19}$/, 'must be a phone number');
/** 17 digits and a check character: the shape the document's pattern says; the rest is the format. */
export const RESIDENT_ID_PATTERN = '^[0-9]{17}[0-9X]$';
/** The OpenAPI `format` of a resident ID: no pattern can say the check digit (scripts/fuzz-schemathesis-hooks.py
 * generates them for the fuzzer). */
export const RESIDENT_ID_FORMAT = 'cn-resident-id';
const residentId = z
  .string()
  .refine(isValidResidentId, 'must be a valid 18-character resident ID number (check digit verified)')
  .meta({
    // The format alone, not also the pattern: a fuzzer draws from a pattern where there is one, and no
    // pattern says the check character.
    format: RESIDENT_ID_FORMAT,
    description: `a resident ID number (GB 11643-1999), \`${RESIDENT_ID_PATTERN}\`: 17 digits (an area, a birth date YYYYMMDD from 1900 on, a sequence) and a check character (ISO 7064 MOD 11-2: 0-9 or X) that must hold`,
  });

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
  .refine((p) => !p.minor || p.guardian !== undefined, { message: 'a minor needs a guardian', path: ['guardian'] })
  .meta({
    description: 'a minor (`minor: true`) needs a guardian',
    if: { properties: { minor: { const: true } }, required: ['minor'] },
    then: { required: ['guardian'] },
  });

export const intakeSchema = z
  .strictObject({
    category: z.enum(CATEGORIES),
    summary: text(5000),
    source: z.enum(SOURCES),
    gridId: text(64).optional(),
    orgUnitId: orgId,
    occurredOn: dateMatching(ISO_DATE_PATTERN, 'must be a date YYYY-MM-DD from 1900-01-01 to 2099-12-31', {
      // Only the format: schemathesis draws from a pattern where there is one, and no pattern can say "today".
      format: 'date-not-after-today',
      description:
        'a date YYYY-MM-DD from 1900-01-01, not after today in Asia/Shanghai (a later date is refused with 400)',
    }).optional(),
    amountCny: z.number().nonnegative().max(1e12).optional(),
    riskLevel: z.enum(RISK_LEVELS).default('low'),
    parties: z
      .array(partySchema)
      .min(2)
      .max(50)
      .meta({
        description: 'at least one applicant and one respondent',
        allOf: (['applicant', 'respondent'] as const).map((role) => ({
          contains: { type: 'object', properties: { role: { const: role } }, required: ['role'] },
        })),
      }),
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
  })
    .refine((b) => !b.subtrack || (SUBTRACKS_OF[b.track] as readonly string[]).includes(b.subtrack), {
      path: ['subtrack'],
      message: 'not a subtrack of this track',
    })
    .meta({
      description: 'a subtrack belongs to its track',
      // if/then rather than anyOf: the same rule, and a generated client keeps the body's type.
      allOf: TRACKS.map((track) => ({
        if: { properties: { track: { const: track } }, required: ['track'] },
        then: { properties: { subtrack: { enum: [...SUBTRACKS_OF[track], null] } } },
      })),
    }),
  reject: withRequiredReason({ referral: z.enum(REFERRALS) }),
  assign: withRequiredReason({ assigneeId: text(64) }),
  'record-session': withReason({
    heldAt: instant,
    mode: z.enum(['on_site', 'online']),
    attendees: z.array(text(100)).max(100).default([]),
    notes: chars(0, 10_000).default(''),
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
  'request-confirmation': withReason({ courtId: orgIdOf('court') }),
  'take-over': withReason({}),
  'record-confirmation': withReason({ decision: z.enum(['confirmed', 'rejected']), ruledOn: isoDate }),
  'record-failure': withRequiredReason({
    referral: z.enum(REFERRALS),
    courtId: orgIdOf('court').optional(),
    agencyId: orgIdOf('agency').optional(),
  })
    // The shape's own rule, answered 400 like any other (before the version or the stage is looked at).
    .refine((b) => !(b.referral === 'litigation' && b.agencyId !== undefined && b.courtId === undefined), {
      path: ['courtId'],
      message: 'a litigation referral goes to a court: give courtId',
    })
    .refine((b) => !(b.referral === 'administrative' && b.courtId !== undefined), {
      path: ['courtId'],
      message: 'an administrative referral goes to an agency: give agencyId, not courtId',
    })
    .meta({
      description:
        'The case goes to the unit named (`courtId` when present, else `agencyId`) for `litigation` (a court) and `administrative` (an agency) referrals; so `litigation` with a unit needs `courtId`, and `administrative` with a unit takes `agencyId` without `courtId`.',
      allOf: [
        {
          if: { properties: { referral: { const: 'litigation' } }, required: ['referral', 'agencyId'] },
          then: { required: ['courtId'] },
        },
        {
          if: { properties: { referral: { const: 'administrative' } }, required: ['referral'] },
          then: { not: { required: ['courtId'] } },
        },
      ],
    }),
  transfer: withRequiredReason({ toOrgUnitId: orgId }),
  escalate: withRequiredReason({}),
  'report-risk': withRequiredReason({ level: z.enum(RISK_LEVELS) }),
  'record-follow-up': withReason({
    visitedOn: isoDate,
    performed: z.boolean(),
    notes: chars(0, 10_000).default(''),
  }),
  withdraw: withRequiredReason({}),
} satisfies Record<ActionName, z.ZodType>;

/** Visible ASCII, spaces inside (an HTTP header keeps no space at its ends, and carries no other text reliably). */
export const idempotencyKeySchema = z
  .string()
  .regex(/^[!-~](?:[ -~]{0,253}[!-~])?$/, 'must be 1 to 255 visible ASCII characters (spaces only inside)');
export const ifMatchSchema = z.string().regex(/^(?:W\/)?"?[0-9]+"?$/, 'must be a version in quotes, e.g. "3"');

export const deadlinePreviewQuery = z
  .strictObject({
    kind: z.enum(DEADLINE_KINDS),
    track: z.enum(TRACKS).optional().meta({
      description: 'required when the policy counts this kind by track (mediation, for one); 400 at `track` otherwise',
    }),
    subtrack: z.enum(SUBTRACKS).optional().meta({
      description:
        'only with `track`, and one of its subtracks (labor: people; public_security, traffic: administrative; the rest: judicial)',
    }),
    start: previewStartDate.meta({
      description: 'from 2004-01-01 (the calendar holds no earlier days) to 2099-12-31',
    }),
  })
  .refine((q) => !q.subtrack || q.track !== undefined, { path: ['track'], message: 'a subtrack needs its track' })
  .refine((q) => !q.subtrack || !q.track || (SUBTRACKS_OF[q.track] as readonly string[]).includes(q.subtrack), {
    path: ['subtrack'],
    message: 'not a subtrack of this track',
  });

/** zod issues → problem+json `errors`. */
export function fieldErrors(error: z.ZodError): Array<{ path: string; message: string }> {
  return error.issues.map((i) => ({ path: i.path.map(String).join('.'), message: i.message }));
}

/** A page cursor as the server writes it: base64url without padding, at most 500 characters. */
export const CURSOR_PATTERN = '^[A-Za-z0-9_-]{1,500}$';
/** The OpenAPI `format` of a cursor: what it must decode to, no pattern can say. */
export const CURSOR_FORMAT = 'case-cursor';
const CURSOR = new RegExp(CURSOR_PATTERN);

/** The query's `limit`, a page size from 1 to `max`: one plain message whatever is wrong with it (a repeated
 * `limit=10&limit=20` arrives as two values, not one number). */
const pageLimit = (max: number, byDefault: number) => {
  const error = `must be one whole number from 1 to ${max}`;
  return z.coerce
    .number({ error })
    .int({ error, abort: true })
    .min(1, { error, abort: true })
    .max(max, { error })
    .default(byDefault);
};

/** `GET /api/v1/cases` (api.md "Listing"). */
export const listQuerySchema = z.strictObject({
  stage: z.enum(STAGES).optional(),
  track: z.enum(TRACKS).optional(),
  category: z.enum(CATEGORIES).optional(),
  ownerOrgUnitId: chars(1, 64).optional(),
  assigneeId: chars(1, 64).optional().meta({ description: 'a user id, or `me` for the caller' }),
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
  q: text(200).optional(),
  /** Exact match on a party's resident ID, through its keyed hash (the number itself is never stored). */
  partyIdNumber: residentId.optional(),
  limit: pageLimit(100, 20),
  cursor: z
    .string()
    .refine((c) => CURSOR.test(c), 'must be the nextCursor of a page')
    .optional()
    .meta({
      // The format alone (see residentId): what the cursor must decode to, no pattern can say.
      format: CURSOR_FORMAT,
      description: `the \`nextCursor\` of the page before, \`${CURSOR_PATTERN}\`: base64url (no padding) of the JSON object \`{"c": createdAt, "i": id}\`, or \`{"d": nextDueAt or null, "c": createdAt, "i": id}\` with \`sort=nextDueAt\` (strings); anything else is 400`,
    }),
});

/** A route that takes no query parameters (an unknown one is a 400, like everywhere else). */
export const emptyQuerySchema = z.strictObject({});

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
    .meta({
      description: `comma-separated, of ${QUEUE_VIEWS.join(', ')}; all when absent`,
      pattern: `^[${WHITESPACE}]*(?:${QUEUE_VIEWS.join('|')})[${WHITESPACE}]*(?:,[${WHITESPACE}]*(?:${QUEUE_VIEWS.join('|')})[${WHITESPACE}]*)*$`,
    }),
});

export const STATS_FORMATS = ['json', 'csv'] as const;

/** `GET /api/v1/stats`. Dates are Asia/Shanghai calendar days, `to` inclusive; without them, the current
 * year to date (api.md "Statistics and documents"). */
export const statsQuerySchema = z.strictObject({
  from: isoDate
    .optional()
    .meta({ description: 'First day counted (Asia/Shanghai). Default: 1 January of the year of `to`.' }),
  to: isoDate.optional().meta({
    description:
      'Last day counted, inclusive (Asia/Shanghai); not before `from` (else 400). Default: today in Asia/Shanghai.',
  }),
  orgUnitId: chars(1, 64).optional().meta({ 'x-org-unit-id': true, description: "the caller's unit by default" }),
  groupBy: z
    .enum(STATS_GROUPINGS)
    .optional()
    .meta({
      description:
        'Split the cases into buckets, each with every metric: `month` (registration month in Asia/Shanghai, every ' +
        'month of the period, empty ones too), `childUnit` (the direct child of `orgUnitId` the case lies under; ' +
        'cases of `orgUnitId` itself under its own id), `category`, `track` (`none` where the case has none). ' +
        'The answer is then `{ total, buckets }`; without it, the period totals as before.',
    }),
  format: z
    .enum(STATS_FORMATS)
    .optional()
    .meta({
      description:
        'json (the default) or csv: UTF-8 with a BOM, a row per bucket and a 合计 row. `Accept: text/csv` also ' +
        'selects csv; `format` wins over `Accept`.',
    }),
});

/** `POST /api/v1/session`. The login is matched as typed (lower case, trimmed); any password length is
 * checked against the hash up to a bound, so the policy of the day never locks out an older password. */
export const loginSchema = z.strictObject({
  login: lengthBetween(z.string(), 1, 64)
    .regex(NON_BLANK, 'must not be blank')
    .trim()
    .toLowerCase()
    .meta({ minLength: 1, maxLength: 64, pattern: NON_BLANK_PATTERN }),
  password: lengthBetween(z.string(), 1, PASSWORD_MAX_LENGTH).meta({ minLength: 1, maxLength: PASSWORD_MAX_LENGTH }),
});

/** A login as typed: letters of either case (stored lower case), with any whitespace around it trimmed. */
const loginName = z
  .string()
  .regex(
    new RegExp(`^[${WHITESPACE}]*[A-Za-z0-9._-]{3,32}[${WHITESPACE}]*$`),
    'must be 3–32 characters: letters, digits, ".", "_" or "-"',
  )
  .trim()
  .toLowerCase()
  .refine((s) => LOGIN_PATTERN.test(s), 'must be 3–32 characters: lower-case letters, digits, ".", "_" or "-"');
const newPassword = lengthBetween(z.string(), PASSWORD_MIN_LENGTH, PASSWORD_MAX_LENGTH)
  .superRefine((p, ctx) => {
    const problem = passwordProblem(p);
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  })
  .meta({
    minLength: PASSWORD_MIN_LENGTH,
    maxLength: PASSWORD_MAX_LENGTH,
    description: 'at least one letter and one digit',
    allOf: [{ pattern: '\\p{L}' }, { pattern: '\\p{N}' }],
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
  })
  // `reason` and at least one change: with no other field allowed, exactly two properties or more.
  .meta({ minProperties: 2 });

/** `GET /api/v1/users`. */
export const usersQuerySchema = z.strictObject({
  orgUnitId: chars(1, 64).optional(),
  role: z.enum(ROLES).optional(),
});

/** `POST /api/v1/org-units` (admin). */
export const createOrgUnitSchema = z.strictObject({
  id: z.string().regex(/^[A-Z0-9][A-Z0-9-]{0,63}$/, 'must be upper-case letters, digits and "-", e.g. ND-JC-JN-V03'),
  name: text(100),
  kind: z.enum(ORG_KINDS),
  parentId: orgId.nullable().meta({ description: 'an open unit, or null for a new root' }),
  reason,
});

/** `PATCH /api/v1/org-units/:id` (admin): at least one change, and why. */
export const patchOrgUnitSchema = z
  .strictObject({
    name: text(100).optional(),
    parentId: orgId.nullable().optional().meta({ description: 'an open unit, not this one or below it (else 409)' }),
    closed: z.boolean().optional(),
    reason,
  })
  .refine((b) => b.name !== undefined || b.parentId !== undefined || b.closed !== undefined, {
    message: 'name at least one of name, parentId, closed',
    path: [],
  })
  // `reason` and at least one change: with no other field allowed, two properties or more.
  .meta({ minProperties: 2 });

/** `GET /api/v1/notifications` (api.md "Notifications and live events"). */
export const notificationsQuerySchema = z.strictObject({
  unread: z.enum(['true', 'false']).optional(),
  limit: pageLimit(100, 20),
  cursor: markCursor('at'),
});

/** The cursor of a newest-first page by an instant field (`at`, `createdAt`). */
function markCursor(field: string) {
  return z
    .string()
    .refine((c) => CURSOR.test(c), 'must be the nextCursor of a page')
    .optional()
    .meta({
      format: CURSOR_FORMAT,
      description: `the \`nextCursor\` of the page before, \`${CURSOR_PATTERN}\`: base64url (no padding) of the JSON object \`{"c": ${field}, "i": id}\` (strings); anything else is 400`,
    });
}

const channelUrl = z
  .url({ protocol: /^https?$/, error: 'must be an http or https URL' })
  .max(2000)
  .meta({ description: 'where to POST; for DingTalk and WeCom the robot webhook URL with its access token or key' });
const channelEvents = z
  .array(z.enum(NOTIFICATION_KINDS))
  .min(1)
  .nullable()
  .meta({ description: 'the notification kinds it takes; null or absent: all' });

/** `POST /api/v1/notification-channels` (admin): a signed kind (webhook, DingTalk) must have its secret. */
const channelFields = {
  orgUnitId: orgId,
  url: channelUrl,
  immediate: z
    .boolean()
    .default(false)
    .meta({ description: 'routine notifications too go at once, not in working hours only' }),
  events: channelEvents.optional(),
};
const channelSecret = chars(1, 200);
export const createChannelSchema = z.discriminatedUnion('kind', [
  z.strictObject({
    ...channelFields,
    kind: z.enum(CHANNEL_KINDS.filter(signedChannel) as ['webhook', 'dingtalk']),
    secret: channelSecret.meta({
      description: "webhook: the HMAC key of X-Signature; DingTalk: the robot's 加签 secret (SEC…)",
    }),
  }),
  z.strictObject({
    ...channelFields,
    kind: z.literal('wecom'),
    secret: channelSecret.nullable().optional().meta({ description: "unused: a WeCom robot's key is in its URL" }),
  }),
]);

/** `PATCH /api/v1/notification-channels/:id` (admin): at least one change. */
export const patchChannelSchema = z
  .strictObject({
    url: channelUrl.optional(),
    secret: channelSecret
      .nullable()
      .optional()
      .meta({ description: 'a new secret; null removes it, which only a WeCom channel may (else 400)' }),
    immediate: z.boolean().optional(),
    events: channelEvents.optional(),
    disabled: z.boolean().optional(),
  })
  .refine((p) => Object.keys(p).length > 0, 'change at least one field')
  .meta({ minProperties: 1 });

export const channelsQuerySchema = z.strictObject({ orgUnitId: orgId.optional() });

/** `GET /api/v1/deliveries` (admin). */
export const deliveriesQuerySchema = z.strictObject({
  status: z.enum(['pending', 'sent', 'failed']).optional(),
  orgUnitId: orgId.optional(),
  limit: pageLimit(100, 50),
  cursor: markCursor('createdAt'),
});
