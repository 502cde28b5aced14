/**
 * An administrator's changes to the org tree (api.md "Org units"): create, rename, move, close or
 * reopen a unit, each logged with actor and reason, and a version every process polls so that all of
 * them see a change within seconds, without a restart (FerretDB has no change streams).
 */
import { randomUUID } from 'node:crypto';
import type { OrgKind } from '../domain/case-types';
import type { Models, OrgUnitChangeDoc, OrgUnitDoc } from './models';
import { isDuplicateKey } from './models';
import { loadOrgTree, markOrgTreeChanged, ORG_TREE_VERSION_ID, type OrgTree } from './org-units';

export type OrgActor = OrgUnitChangeDoc['actor'];

export class OrgUnitExistsError extends Error {}

type Snapshot = NonNullable<OrgUnitChangeDoc['before']>;
const snapshot = (d: OrgUnitDoc): Snapshot => ({ name: d.name, parentId: d.parentId, closed: d.closed === true });

export class OrgUnitStore {
  constructor(private readonly models: Models) {}

  async create(
    unit: { id: string; name: string; kind: OrgKind; parentId: string | null },
    actor: OrgActor,
    reason: string,
  ): Promise<OrgUnitDoc> {
    const doc: OrgUnitDoc = {
      _id: unit.id,
      name: unit.name,
      kind: unit.kind,
      parentId: unit.parentId,
      closed: false,
      managed: true,
    };
    try {
      await this.models.OrgUnit.collection.insertOne(doc as never);
    } catch (err) {
      if (isDuplicateKey(err)) throw new OrgUnitExistsError(`org unit ${unit.id} exists`);
      throw err;
    }
    await this.changed(unit.id, 'created', null, snapshot(doc), actor, reason);
    return doc;
  }

  /** Applies one change (the caller has checked it against the tree) and logs it. */
  async update(
    id: string,
    change: Exclude<OrgUnitChangeDoc['change'], 'created'>,
    set: Partial<Pick<OrgUnitDoc, 'name' | 'parentId' | 'closed'>>,
    actor: OrgActor,
    reason: string,
  ): Promise<OrgUnitDoc | null> {
    const before = await this.models.OrgUnit.findById(id).lean<OrgUnitDoc>();
    if (!before) return null;
    const after = await this.models.OrgUnit.findOneAndUpdate(
      { _id: id },
      { $set: { ...set, managed: true } },
      { returnDocument: 'after' },
    ).lean<OrgUnitDoc>();
    await this.changed(id, change, snapshot(before), snapshot(after!), actor, reason);
    return after;
  }

  history(id: string): Promise<OrgUnitChangeDoc[]> {
    return this.models.OrgUnitChange.find({ unitId: id }).sort({ at: 1 }).lean<OrgUnitChangeDoc[]>().exec();
  }

  /** A stamp that changes with every change to the tree (compare for equality only). */
  async version(): Promise<number> {
    const doc = await this.models.Counter.findById(ORG_TREE_VERSION_ID).lean();
    return doc?.seq ?? 0;
  }

  private async changed(
    unitId: string,
    change: OrgUnitChangeDoc['change'],
    before: Snapshot | null,
    after: Snapshot,
    actor: OrgActor,
    reason: string,
  ): Promise<void> {
    const doc: OrgUnitChangeDoc = {
      _id: randomUUID(),
      at: new Date().toISOString(),
      unitId,
      change,
      before,
      after,
      actor,
      reason,
    };
    try {
      await this.models.OrgUnitChange.collection.insertOne(doc as never);
    } finally {
      // The unit is written: every process must see it even when its log entry failed.
      await markOrgTreeChanged(this.models);
    }
  }
}

/**
 * The org tree as this process knows it: reloaded when the version moves (checked every `pollMs`, one
 * read by id), and at once after a change made here.
 */
export class OrgTreeCache {
  private seen = -1;
  private timer: NodeJS.Timeout | null = null;

  private constructor(
    private readonly models: Models,
    private readonly store: OrgUnitStore,
    private tree: OrgTree,
  ) {}

  static async load(models: Models): Promise<OrgTreeCache> {
    const store = new OrgUnitStore(models);
    const version = await store.version();
    const cache = new OrgTreeCache(models, store, await loadOrgTree(models));
    cache.seen = version;
    return cache;
  }

  current(): OrgTree {
    return this.tree;
  }

  async refresh(): Promise<void> {
    const version = await this.store.version();
    if (version === this.seen) return;
    this.tree = await loadOrgTree(this.models);
    this.seen = version;
  }

  start(pollMs: number, onError: (err: unknown) => void): void {
    this.timer = setInterval(() => void this.refresh().catch(onError), pollMs);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
  }
}
