/** Org units: the seed loader and the lookups the API needs (paths for commands, subtrees for scope). */
import { randomInt } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { OrgKind, OrgPath } from '../domain/case-types';
import { ORG_KINDS } from '../domain/case-types';
import type { Models, OrgUnitDoc } from './models';

export interface OrgUnit {
  id: string;
  name: string;
  kind: OrgKind;
  parentId: string | null;
  closed?: boolean;
}

export class OrgUnitSeedError extends Error {
  readonly code = 'org_unit_seed_invalid';
}

/** Reads and checks a seed file: unique ids, known kinds, parents that exist, no cycles. */
export function readOrgUnitSeed(file: string): OrgUnit[] {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    throw new OrgUnitSeedError(`cannot read org unit seed ${file}: ${(err as Error).message}`, { cause: err });
  }
  if (!Array.isArray(raw)) throw new OrgUnitSeedError(`${file}: expected a JSON array of org units`);
  const units: OrgUnit[] = raw.map((u: unknown, i) => {
    const o = u as Partial<OrgUnit>;
    if (typeof o?.id !== 'string' || !o.id || typeof o.name !== 'string' || !ORG_KINDS.includes(o.kind as OrgKind)) {
      throw new OrgUnitSeedError(`${file}[${i}]: needs string id and name and kind one of ${ORG_KINDS.join(', ')}`);
    }
    if (o.parentId !== null && typeof o.parentId !== 'string')
      throw new OrgUnitSeedError(`${file}[${i}]: parentId must be a string or null`);
    return { id: o.id, name: o.name, kind: o.kind!, parentId: o.parentId };
  });
  const byId = new Map(units.map((u) => [u.id, u]));
  if (byId.size !== units.length) throw new OrgUnitSeedError(`${file}: duplicate org unit ids`);
  for (const u of units) {
    if (u.parentId !== null && !byId.has(u.parentId))
      throw new OrgUnitSeedError(`${file}: ${u.id} has unknown parent ${u.parentId}`);
  }
  new OrgTree(units); // throws on cycles
  return units;
}

/** Loads the seed: new units are added and seeded ones follow the file, except a unit an administrator
 * has changed since (the API's changes survive a restart; the seed is only the start). */
export async function upsertOrgUnits(models: Models, units: OrgUnit[]): Promise<void> {
  const managed = new Set(
    (await models.OrgUnit.find({ managed: true }, { _id: 1 }).lean<Array<{ _id: string }>>()).map((d) => d._id),
  );
  let changed = false;
  try {
    for (const u of units) {
      if (managed.has(u.id)) continue;
      const r = await models.OrgUnit.updateOne(
        { _id: u.id },
        { $set: { name: u.name, kind: u.kind, parentId: u.parentId } },
        { upsert: true },
      );
      changed ||= r.modifiedCount > 0 || r.upsertedCount > 0;
    }
  } finally {
    // Also when a later unit failed: the next start finds the earlier ones unchanged.
    if (changed) await markOrgTreeChanged(models);
  }
}

/** The document whose `seq` every process polls to learn that the org tree changed (org-unit-store.ts). */
export const ORG_TREE_VERSION_ID = 'org-units';

/** Moves the org tree's version, so every process reloads the tree. A fresh random stamp rather than `$inc`:
 * FerretDB 1.24 increments by read-modify-write, and two changes at once could leave the version where one
 * of them already put it. */
export async function markOrgTreeChanged(models: Models): Promise<void> {
  await models.Counter.updateOne({ _id: ORG_TREE_VERSION_ID }, { $set: { seq: randomInt(2 ** 47) } }, { upsert: true });
}

export async function loadOrgTree(models: Models): Promise<OrgTree> {
  const docs = await models.OrgUnit.find().lean<OrgUnitDoc[]>();
  return new OrgTree(
    docs.map((d) => ({ id: d._id, name: d.name, kind: d.kind, parentId: d.parentId, closed: d.closed === true })),
  );
}

/** The org unit tree in memory (tens to thousands of units). */
export class OrgTree {
  private readonly byId: Map<string, OrgUnit>;
  constructor(readonly units: OrgUnit[]) {
    this.byId = new Map(units.map((u) => [u.id, u]));
    for (const u of units) this.path(u.id);
  }
  get(id: string): OrgUnit | undefined {
    return this.byId.get(id);
  }
  /** `[self, parent, …, root]`, as commands carry it. */
  path(id: string): OrgPath {
    const out: OrgPath = [];
    const seen = new Set<string>();
    for (let u = this.byId.get(id); u; u = u.parentId ? this.byId.get(u.parentId) : undefined) {
      if (seen.has(u.id)) throw new OrgUnitSeedError(`org unit cycle at ${u.id}`);
      seen.add(u.id);
      out.push({ id: u.id, kind: u.kind });
    }
    return out;
  }
  /** Whether `id` is `ancestorId` or below it. */
  isWithin(id: string, ancestorId: string): boolean {
    return this.path(id).some((u) => u.id === ancestorId);
  }
  /** The ids of a unit's subtree, itself included. */
  subtree(id: string): string[] {
    return this.units.filter((u) => this.isWithin(u.id, id)).map((u) => u.id);
  }
}
