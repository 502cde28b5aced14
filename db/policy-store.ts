/**
 * Deadline policy versions in force (`policy_versions`): each policy new cases were given, recorded the
 * first time an API process starts with it. A version is immutable: a process that starts with other
 * rows under a recorded version (a county edited its policy file but not its version) is refused, so
 * one version always means one set of rows for every case that pinned it.
 */
import { createHash } from 'node:crypto';
import { Schema, type Connection, type Model } from 'mongoose';
import { POLICIES, type DeadlinePolicy } from '../domain/deadline-policy';
import { canonicalJson } from '../domain/hash-chain';
import { VersionError } from '../domain/version-errors';
import { isDuplicateKey } from './models';

export interface PolicyVersionDoc {
  _id: string; // the version
  policy: DeadlinePolicy;
  fingerprint: string;
  origin: 'bundled' | 'file';
  firstUsedAt: Date;
}

export interface PolicyVersionSummary {
  version: string;
  effectiveFrom: string;
  basedOn: string | null;
  /** `bundled`: shipped with the code; `file`: a county's policy file (DEADLINE_POLICY_FILE). */
  origin: 'bundled' | 'file';
  /** When an API process first gave it to new cases; null for a bundled version never used. */
  firstUsedAt: string | null;
}

export class PolicyVersionConflict extends Error {
  readonly code = 'policy_version_conflict';
}

const schema = new Schema<PolicyVersionDoc>(
  { _id: String },
  { strict: false, versionKey: false, _id: false, minimize: false },
);

const fingerprint = (policy: DeadlinePolicy): string =>
  createHash('sha256').update(canonicalJson(policy)).digest('hex');

export class PolicyStore {
  private readonly model: Model<PolicyVersionDoc>;

  constructor(conn: Connection) {
    this.model =
      (conn.models.PolicyVersion as Model<PolicyVersionDoc> | undefined) ??
      conn.model<PolicyVersionDoc>('PolicyVersion', schema, 'policy_versions');
  }

  /** Records the policy new cases get. Throws `policy_version_conflict` when its version holds other rows. */
  async register(policy: DeadlinePolicy): Promise<void> {
    const doc: PolicyVersionDoc = {
      _id: policy.version,
      policy,
      fingerprint: fingerprint(policy),
      origin: POLICIES[policy.version] ? 'bundled' : 'file',
      firstUsedAt: new Date(),
    };
    try {
      await this.model.collection.insertOne(doc as never);
    } catch (err) {
      if (!isDuplicateKey(err)) throw err;
      const existing = await this.model.findById(policy.version).lean<PolicyVersionDoc>();
      if (existing?.fingerprint !== doc.fingerprint)
        throw new PolicyVersionConflict(
          `deadline policy ${policy.version} is already in force with other rows; give the changed policy a new version`,
        );
    }
  }

  /** A policy by version, as cases pinned it: bundled, or recorded here. Throws `unknown_policy_version`. */
  async get(version: string): Promise<DeadlinePolicy> {
    if (POLICIES[version]) return POLICIES[version];
    const doc = await this.model.findById(version).lean<PolicyVersionDoc>();
    if (!doc) throw new VersionError('unknown_policy_version', `no deadline policy ${version} is bundled or recorded`);
    return doc.policy;
  }

  /** Every bundled version and every version ever given to new cases, oldest first. */
  async list(): Promise<PolicyVersionSummary[]> {
    const docs = await this.model.find().sort({ firstUsedAt: 1 }).lean<PolicyVersionDoc[]>();
    const used = new Map(docs.map((d) => [d._id, d]));
    const summary = (p: DeadlinePolicy, origin: 'bundled' | 'file'): PolicyVersionSummary => ({
      version: p.version,
      effectiveFrom: p.effectiveFrom,
      basedOn: p.basedOn ?? null,
      origin,
      firstUsedAt: used.has(p.version) ? new Date(used.get(p.version)!.firstUsedAt).toISOString() : null,
    });
    return [
      ...Object.values(POLICIES).map((p) => summary(p, 'bundled')),
      ...docs.filter((d) => !POLICIES[d._id]).map((d) => summary(d.policy, d.origin)),
    ];
  }
}
