/** Case documents for the read model, in bulk, shaped as the workflow's activity writes them. */
import { writeToFeed } from '../db/live-feed-writes';
import type { Models } from '../db/models';
import type { OrgTree } from '../db/org-units';
import { CATEGORIES, STAGES } from '../domain/case-types';

const pick = <T>(xs: readonly T[], i: number): T => xs[i % xs.length]!;

export function syntheticCases(
  tree: OrgTree,
  opts: { count: number; prefix: string; start: number; units: string[] },
): Array<Record<string, unknown>> {
  return Array.from({ length: opts.count }, (_, i) => {
    const owner = pick(opts.units, i * 7);
    const created = new Date(opts.start + i * 1000).toISOString();
    const stage = pick(STAGES, i * 3);
    const id = `${opts.prefix}-${String(i).padStart(6, '0')}`;
    return {
      _id: id,
      id,
      caseNo: `ND-2026-${id}`,
      version: 3,
      stage,
      paused: false,
      outcome: stage === 'closed' ? 'resolved' : null,
      track: 'people',
      subtrack: null,
      category: pick(CATEGORIES, i * 5),
      source: 'walk_in',
      summary: `synthetic dispute ${i} about ${pick(['water', 'noise', 'boundary', 'wages', 'rent'], i)}`,
      riskLevel: pick(['low', 'low', 'medium', 'high'], i),
      ownerOrgUnitId: owner,
      ownerKind: tree.get(owner)!.kind,
      ownerPath: tree.path(owner).map((u) => u.id),
      originOrgUnitId: owner,
      originPath: tree.path(owner).map((u) => u.id),
      assigneeId: `u-${i % 13}`,
      escalationLevel: 0,
      transfer: null,
      courtsInvolved: [],
      parties: [],
      sessions: [],
      followUps: [],
      deadlines: [],
      nextDueAt: stage === 'closed' ? null : new Date(opts.start + (i % 2 ? -1 : 1) * 86_400_000 * 30).toISOString(),
      createdAt: created,
      updatedAt: created,
      createdMonth: created.slice(0, 7),
      closedAt: null,
      daysToClose: null,
    };
  });
}

/** Stores case documents as the worker does (activities/case-activities.ts): the case, then its live
 * feed entry, which is how every API process's rows (api/case-index.ts) learn of a change. */
export async function storeCases(models: Models, docs: Array<Record<string, unknown>>): Promise<void> {
  await models.Case.collection.insertMany(docs);
  await writeToFeed(models, (at) =>
    docs.map((d) => ({
      _id: `${at}|c|${String(d._id)}:${String(d.version)}`,
      at,
      type: 'case.changed' as const,
      caseId: String(d._id),
      version: d.version as number,
      scope: {
        ownerOrgUnitId: d.ownerOrgUnitId as string,
        originOrgUnitId: d.originOrgUnitId as string,
        transferTo: null,
        courtsInvolved: (d.courtsInvolved as string[] | undefined) ?? [],
        left: [],
      },
    })),
  );
}

/** The feed entry the worker writes after storing a change of one case (`version`), for a test that
 * changes a stored case itself. */
export async function storeCaseChange(models: Models, caseId: string, version: number): Promise<void> {
  await writeToFeed(models, (at) => [
    { _id: `${at}|c|${caseId}:${version}`, at, type: 'case.changed', caseId, version },
  ]);
}
