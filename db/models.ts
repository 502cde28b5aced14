/**
 * MongoDB collections (mongoose). Portable to FerretDB 1.24: single-document atomicity, conditional
 * updates on `version`, unique indexes for idempotency; no transactions, $lookup, TTL, text or
 * partial indexes (architecture.md).
 */
import { mongo, Schema, type Connection, type Model } from 'mongoose';
import type { CaseView } from '../domain/case-view';
import type { CaseEvent } from '../domain/case-events';
import type { CaseTally } from '../domain/case-tally';
import { canonicalJson, eventHash } from '../domain/hash-chain';
import type { OrgKind, Role } from '../domain/case-types';

/** A case as stored: its view, and its tally for `/metrics` (domain/case-tally.ts, db/case-tally.ts), which
 * counts its events up to `tallyVersion`: the whole case when that is its version. */
export type CaseDoc = CaseView & { _id: string; tally?: CaseTally; tallyVersion?: number };

/** The tally of a case whose own is not whole (first stored before the tally, or written by a worker from
 * before it), counted from its events up to `version` by the worker (db/case-tally.ts). */
export interface CaseTallyDoc {
  _id: string;
  version: number;
  tally: CaseTally;
}
export type CaseEventDoc = CaseEvent & { _id: string };

export interface OrgUnitDoc {
  _id: string;
  name: string;
  kind: OrgKind;
  parentId: string | null;
  /** Closed by an administrator: no new cases or transfers to it; its cases and history stay. */
  closed?: boolean;
  /** Changed by an administrator: the seed file no longer overwrites it at start. */
  managed?: boolean;
}

/** One administrator's change to an org unit, with actor and reason (api.md "Org units"). */
export interface OrgUnitChangeDoc {
  _id: string;
  at: string;
  unitId: string;
  change: 'created' | 'renamed' | 'moved' | 'closed' | 'reopened';
  before: { name: string; parentId: string | null; closed: boolean } | null;
  after: { name: string; parentId: string | null; closed: boolean };
  actor: { sub: string; role: string; org: string };
  reason: string;
}

export interface IdempotencyDoc {
  _id: string; // scope:key
  fingerprint: string;
  status: number;
  /** The case view as answered, personal data still sealed: a replay presents it to its caller. */
  view: unknown;
  caseId: string;
  createdAt: Date;
}

export interface CounterDoc {
  _id: string;
  seq: number;
}

/** A staff account (api.md "Accounts and sessions"); the password only as its argon2id hash. */
export interface UserDoc {
  _id: string;
  login: string;
  name: string;
  role: Role;
  org: string;
  passwordHash: string;
  disabled: boolean;
  /** ISO instant until which logins are refused (lock-out after too many failures), or null. */
  lockedUntil: string | null;
  createdAt: string;
  updatedAt: string;
}

/** A browser session: `_id` is the SHA-256 of the cookie's token, never the token itself. The caller it
 * acts for is copied in, so a request costs one read; changing the user revokes their sessions. */
export interface SessionDoc {
  _id: string;
  userId: string;
  login: string;
  name: string;
  role: Role;
  org: string;
  csrfToken: string;
  createdAt: string;
  lastSeenAt: string;
}

/** One failed sign-in not yet forgiven (a success, a lock-out or an admin's reset removes them). One
 * document per failure, not a counter: FerretDB 1.24 applies `$inc` by read-modify-write, so parallel
 * guesses would count as one. */
export interface LoginFailureDoc {
  _id: string;
  userId: string;
  at: string;
}

/** One administrator's change to an account, with actor and reason (the password never). */
export interface AccountChangeDoc {
  _id: string;
  at: string;
  userId: string;
  change: 'created' | 'updated';
  fields: string[];
  actor: { sub: string; role: string; org: string };
  reason: string;
}

export interface CaseNumberDoc {
  _id: string; // caseId
  caseNo: string;
}

/** One person's copy of a notification (api.md "Notifications"): read state is per user. `_id` is
 * `<caseId>:<seq>:<userId>`, so a retried dispatch writes it once. */
export interface InboxItemDoc {
  _id: string;
  userId: string;
  notificationId: string;
  caseId: string;
  caseNo: string;
  kind: string;
  title: string;
  detail: string;
  at: string;
  readAt: string | null;
}

/** One user's log of the marks they made (api/inbox-index.ts): `_id` the user id, `seq` how many, `marks`
 * the last few, each the items it marked read by `_id`. */
export interface InboxMarksDoc {
  _id: string;
  seq: number;
  marks: Array<{ seq: number; ids: string[] }>;
}

/** An outbound channel of an org unit (api.md "Notifications"), configured by an administrator. */
export interface ChannelDoc {
  _id: string;
  orgUnitId: string;
  kind: 'webhook' | 'dingtalk' | 'wecom';
  url: string;
  secret: string | null;
  /** Routine notifications go at once too, not only in working hours. */
  immediate: boolean;
  /** The notification kinds it takes; null: all. */
  events: string[] | null;
  disabled: boolean;
  createdAt: string;
  updatedAt: string;
}

/** What a channel is sent for one notification: the webhook body of api.md. */
export interface DeliveryPayload {
  id: string;
  caseId: string;
  caseNo: string;
  kind: string;
  title: string;
  detail: string;
  at: string;
}

/** One notification to one channel (`_id` `<caseId>:<seq>:<channelId>`), sent by a Temporal workflow. */
export interface DeliveryDoc {
  _id: string;
  channelId: string;
  orgUnitId: string;
  payload: DeliveryPayload;
  status: 'pending' | 'sent' | 'failed';
  attempts: number;
  lastError: string | null;
  /** Not sent before this instant (a routine notification outside working hours). */
  notBefore: string;
  createdAt: string;
  sentAt: string | null;
  /** How many times an administrator asked to send it again (names the next workflow run). */
  resends: number;
}

/** The short-lived feed every API process polls for its event streams and its read models (`_id`
 * `<at>|<key>`, sortable by time; FerretDB has no change streams). Written by the workers only: its order
 * is their clocks'. A `case.changed` carries what visibility needs. */
export interface LiveEventDoc {
  _id: string;
  at: string;
  type: 'case.changed' | 'notification.created';
  caseId: string;
  version?: number;
  scope?: {
    ownerOrgUnitId: string;
    originOrgUnitId: string;
    transferTo: string | null;
    courtsInvolved: string[];
    /** Units the case has just left (owner or transfer target before the change); absent in older entries. */
    left?: string[];
  };
  userId?: string;
  item?: InboxItemDoc;
}

export interface NotificationDoc {
  _id: string; // caseId:seq:target
  caseId: string;
  seq: number;
  eventType: string;
  target: string;
  /** The case's owner when the event happened (before the batch that holds it). */
  orgUnitId: string;
  at: string;
  status: 'pending' | 'sent';
}

/** Schemas for documents the code shapes itself. `minimize: false`: mongoose would otherwise drop every
 * empty object on save (`{}`, a valid value of the domain: a `case.paused` event's data), so what is
 * read back would differ from what was written. */
const loose = { strict: false, versionKey: false, _id: false, minimize: false } as const;

/** The queries on `cases` and the index each uses on MongoDB 7. Listing and the queues filter no query:
 * each API process reads every case's listing fields once (a full projected read) and then single cases
 * by `_id` (api/case-index.ts); an action reads and writes its case by `_id`. */
const caseSchema = new Schema<CaseDoc>({ _id: String }, loose);
// No two cases share a number.
caseSchema.index({ caseNo: 1 }, { unique: true });
// A unit's open cases before it closes (api/routes/org-units.ts): { ownerOrgUnitId, stage: { $ne } }.
caseSchema.index({ ownerOrgUnitId: 1, createdAt: -1 });
// A unit's incoming transfers before it closes: { 'transfer.toOrgUnitId' }.
caseSchema.index({ 'transfer.toOrgUnitId': 1 });
// Statistics of a unit's subtree (db/case-stats.ts): { $or: [{ ownerPath }, { originPath }], createdAt range }.
caseSchema.index({ ownerPath: 1, createdAt: -1 });
caseSchema.index({ originPath: 1, createdAt: -1 });

const caseTallySchema = new Schema<CaseTallyDoc>({ _id: String }, loose);

const eventSchema = new Schema<CaseEventDoc>({ _id: String }, loose);
eventSchema.index({ caseId: 1, seq: 1 }, { unique: true });

const orgUnitSchema = new Schema<OrgUnitDoc>(
  {
    _id: String,
    name: String,
    kind: String,
    parentId: { type: String, default: null },
    closed: { type: Boolean, default: false },
    managed: { type: Boolean, default: false },
  },
  { versionKey: false, _id: false },
);
const orgUnitChangeSchema = new Schema<OrgUnitChangeDoc>({ _id: String }, loose);
orgUnitChangeSchema.index({ unitId: 1, at: 1 });

const idempotencySchema = new Schema<IdempotencyDoc>({ _id: String }, loose);
const counterSchema = new Schema<CounterDoc>({ _id: String, seq: Number }, { versionKey: false, _id: false });
const caseNumberSchema = new Schema<CaseNumberDoc>({ _id: String, caseNo: String }, { versionKey: false, _id: false });
caseNumberSchema.index({ caseNo: 1 }, { unique: true });
const notificationSchema = new Schema<NotificationDoc>({ _id: String }, loose);
notificationSchema.index({ status: 1, at: 1 });
const inboxSchema = new Schema<InboxItemDoc>({ _id: String }, loose);
inboxSchema.index({ userId: 1, at: -1 });
const inboxMarksSchema = new Schema<InboxMarksDoc>({ _id: String }, loose);
const channelSchema = new Schema<ChannelDoc>({ _id: String }, loose);
channelSchema.index({ orgUnitId: 1 });
const deliverySchema = new Schema<DeliveryDoc>({ _id: String }, loose);
deliverySchema.index({ status: 1, createdAt: -1 });
const liveEventSchema = new Schema<LiveEventDoc>({ _id: String }, loose);

const userSchema = new Schema<UserDoc>({ _id: String }, loose);
userSchema.index({ login: 1 }, { unique: true });
userSchema.index({ org: 1, role: 1 });
const sessionSchema = new Schema<SessionDoc>({ _id: String }, loose);
sessionSchema.index({ userId: 1 });
const loginFailureSchema = new Schema<LoginFailureDoc>({ _id: String }, loose);
loginFailureSchema.index({ userId: 1 });
const accountChangeSchema = new Schema<AccountChangeDoc>({ _id: String }, loose);
accountChangeSchema.index({ userId: 1, at: 1 });

export interface Models {
  Case: Model<CaseDoc>;
  CaseTally: Model<CaseTallyDoc>;
  CaseEvent: Model<CaseEventDoc>;
  OrgUnit: Model<OrgUnitDoc>;
  Idempotency: Model<IdempotencyDoc>;
  Counter: Model<CounterDoc>;
  CaseNumber: Model<CaseNumberDoc>;
  Notification: Model<NotificationDoc>;
  InboxItem: Model<InboxItemDoc>;
  InboxMarks: Model<InboxMarksDoc>;
  Channel: Model<ChannelDoc>;
  Delivery: Model<DeliveryDoc>;
  LiveEvent: Model<LiveEventDoc>;
  User: Model<UserDoc>;
  Session: Model<SessionDoc>;
  LoginFailure: Model<LoginFailureDoc>;
  AccountChange: Model<AccountChangeDoc>;
  OrgUnitChange: Model<OrgUnitChangeDoc>;
}

export function createModels(conn: Connection): Models {
  return {
    Case: conn.model<CaseDoc>('Case', caseSchema, 'cases'),
    CaseTally: conn.model<CaseTallyDoc>('CaseTally', caseTallySchema, 'case_tallies'),
    CaseEvent: conn.model<CaseEventDoc>('CaseEvent', eventSchema, 'case_events'),
    OrgUnit: conn.model<OrgUnitDoc>('OrgUnit', orgUnitSchema, 'org_units'),
    Idempotency: conn.model<IdempotencyDoc>('Idempotency', idempotencySchema, 'idempotency_records'),
    Counter: conn.model<CounterDoc>('Counter', counterSchema, 'counters'),
    CaseNumber: conn.model<CaseNumberDoc>('CaseNumber', caseNumberSchema, 'case_numbers'),
    Notification: conn.model<NotificationDoc>('Notification', notificationSchema, 'notifications'),
    InboxItem: conn.model<InboxItemDoc>('InboxItem', inboxSchema, 'inbox'),
    InboxMarks: conn.model<InboxMarksDoc>('InboxMarks', inboxMarksSchema, 'inbox_marks'),
    Channel: conn.model<ChannelDoc>('Channel', channelSchema, 'notification_channels'),
    Delivery: conn.model<DeliveryDoc>('Delivery', deliverySchema, 'deliveries'),
    LiveEvent: conn.model<LiveEventDoc>('LiveEvent', liveEventSchema, 'live_events'),
    User: conn.model<UserDoc>('User', userSchema, 'users'),
    Session: conn.model<SessionDoc>('Session', sessionSchema, 'sessions'),
    LoginFailure: conn.model<LoginFailureDoc>('LoginFailure', loginFailureSchema, 'login_failures'),
    AccountChange: conn.model<AccountChangeDoc>('AccountChange', accountChangeSchema, 'account_changes'),
    OrgUnitChange: conn.model<OrgUnitChangeDoc>('OrgUnitChange', orgUnitChangeSchema, 'org_unit_changes'),
  };
}

/** Builds the indexes explicitly (autoIndex is off so start-up never races index builds). */
export async function ensureIndexes(models: Models): Promise<void> {
  for (const m of Object.values(models) as Array<Model<unknown>>) await m.createIndexes();
}

/**
 * An event as `case_events` stores it: exactly the JSON its hash covers (canonical JSON: `undefined`
 * members absent, not null; -0 as 0; no Date or other class), and its `_id`. Written through the native
 * driver, so no mongoose casting or minimizing comes between (see recordEvents).
 */
export function eventDocument(e: CaseEvent): CaseEventDoc {
  return { ...(JSON.parse(canonicalJson(e)) as CaseEvent), _id: `${e.caseId}:${e.seq}` };
}

/** A model's collection through the native driver, typed with its documents' string `_id`: for writes of
 * plain JSON, where mongoose's casting has nothing to change and costs CPU. */
export function driverCollection<T extends { _id: string }>(model: Model<T>): mongo.Collection<T> {
  return model.collection as unknown as mongo.Collection<T>;
}

/** `case_events` through the native driver (see eventDocument). */
export function eventCollection(models: Models): mongo.Collection<CaseEventDoc> {
  return driverCollection(models.CaseEvent);
}

/**
 * Whether a document, once through BSON, still hashes to its event's hash. What BSON cannot carry is
 * changed silently by the driver (a lone UTF-16 surrogate becomes U+FFFD), and a stored event that no
 * longer matches its hash breaks the case's chain for good.
 */
export function survivesStorage(doc: CaseEventDoc): boolean {
  const back = mongo.BSON.deserialize(mongo.BSON.serialize(doc)) as CaseEventDoc;
  return eventHash(back.prevHash, back) === doc.hash;
}

export function isDuplicateKey(err: unknown): boolean {
  return typeof err === 'object' && err !== null && (err as { code?: number }).code === 11000;
}

/** For an unordered insert whose documents may be stored already (a retried write): throws unless every
 * write that failed did so because its document is already there. */
export function ignoringDuplicates(err: unknown): void {
  // A bulk write's `writeErrors`: one error or several (the driver's `OneOrMore`), or none at all when it
  // failed otherwise (a write concern); an error of the first write alone carries the code 11000.
  const writeErrors = (err as { writeErrors?: unknown }).writeErrors;
  const failed = writeErrors === undefined ? [err] : [writeErrors].flat();
  const duplicates = failed.length > 0 && failed.every(isDuplicateKey);
  if (!duplicates) throw err;
}
