/**
 * MongoDB collections (mongoose). Portable to FerretDB 1.24: single-document atomicity, conditional
 * updates on `version`, unique indexes for idempotency; no transactions, $lookup, TTL, text or
 * partial indexes (architecture.md).
 */
import { Schema, type Connection, type Model } from 'mongoose';
import type { CaseView } from '../domain/case-view';
import type { CaseEvent } from '../domain/case-events';
import type { OrgKind } from '../domain/case-types';

export type CaseDoc = CaseView & { _id: string };
export type CaseEventDoc = CaseEvent & { _id: string };

export interface OrgUnitDoc {
  _id: string;
  name: string;
  kind: OrgKind;
  parentId: string | null;
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

export interface CaseNumberDoc {
  _id: string; // caseId
  caseNo: string;
}

export interface NotificationDoc {
  _id: string; // caseId:seq:target
  caseId: string;
  seq: number;
  eventType: string;
  target: string;
  orgUnitId: string;
  at: string;
  status: 'pending' | 'sent';
}

const loose = { strict: false, versionKey: false, _id: false } as const;

const caseSchema = new Schema<CaseDoc>({ _id: String }, loose);
caseSchema.index({ caseNo: 1 }, { unique: true });
caseSchema.index({ ownerOrgUnitId: 1, createdAt: -1 });
caseSchema.index({ stage: 1, createdAt: -1 });
caseSchema.index({ createdAt: -1, _id: -1 });
caseSchema.index({ ownerPath: 1, createdAt: -1 });
caseSchema.index({ originPath: 1, createdAt: -1 });
caseSchema.index({ courtsInvolved: 1, createdAt: -1 });

const eventSchema = new Schema<CaseEventDoc>({ _id: String }, loose);
eventSchema.index({ caseId: 1, seq: 1 }, { unique: true });

const orgUnitSchema = new Schema<OrgUnitDoc>(
  { _id: String, name: String, kind: String, parentId: { type: String, default: null } },
  { versionKey: false, _id: false },
);

const idempotencySchema = new Schema<IdempotencyDoc>({ _id: String }, loose);
const counterSchema = new Schema<CounterDoc>({ _id: String, seq: Number }, { versionKey: false, _id: false });
const caseNumberSchema = new Schema<CaseNumberDoc>({ _id: String, caseNo: String }, { versionKey: false, _id: false });
caseNumberSchema.index({ caseNo: 1 }, { unique: true });
const notificationSchema = new Schema<NotificationDoc>({ _id: String }, loose);
notificationSchema.index({ status: 1, at: 1 });

export interface Models {
  Case: Model<CaseDoc>;
  CaseEvent: Model<CaseEventDoc>;
  OrgUnit: Model<OrgUnitDoc>;
  Idempotency: Model<IdempotencyDoc>;
  Counter: Model<CounterDoc>;
  CaseNumber: Model<CaseNumberDoc>;
  Notification: Model<NotificationDoc>;
}

export function createModels(conn: Connection): Models {
  return {
    Case: conn.model<CaseDoc>('Case', caseSchema, 'cases'),
    CaseEvent: conn.model<CaseEventDoc>('CaseEvent', eventSchema, 'case_events'),
    OrgUnit: conn.model<OrgUnitDoc>('OrgUnit', orgUnitSchema, 'org_units'),
    Idempotency: conn.model<IdempotencyDoc>('Idempotency', idempotencySchema, 'idempotency_records'),
    Counter: conn.model<CounterDoc>('Counter', counterSchema, 'counters'),
    CaseNumber: conn.model<CaseNumberDoc>('CaseNumber', caseNumberSchema, 'case_numbers'),
    Notification: conn.model<NotificationDoc>('Notification', notificationSchema, 'notifications'),
  };
}

/** Builds the indexes explicitly (autoIndex is off so start-up never races index builds). */
export async function ensureIndexes(models: Models): Promise<void> {
  for (const m of Object.values(models) as Array<Model<unknown>>) await m.createIndexes();
}

export function isDuplicateKey(err: unknown): boolean {
  return typeof err === 'object' && err !== null && (err as { code?: number }).code === 11000;
}
