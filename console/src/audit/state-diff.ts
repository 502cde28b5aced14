/** What changed in the case view between two marks of the time slider (console.md S6). */

/** Bookkeeping that changes with every event and says nothing to an auditor by itself. */
const IGNORED = new Set(['version', 'updatedAt', 'asOf', 'nextDueAt', 'nextDueKind', 'warned', 'createdMonth']);

export interface FieldChange {
  field: string;
  before: unknown;
  after: unknown;
}

function same(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** The top-level fields of `after` that differ from `before`, in `after`'s order. */
export function viewChanges(before: Record<string, unknown>, after: Record<string, unknown>): FieldChange[] {
  const keys = [...new Set([...Object.keys(after), ...Object.keys(before)])];
  return keys
    .filter((k) => !IGNORED.has(k) && !same(before[k], after[k]))
    .map((k) => ({ field: k, before: before[k] ?? null, after: after[k] ?? null }));
}

export interface DeadlineChange {
  id: string;
  kind: string;
  before: string | null;
  after: string | null;
  dueDateBefore: string | null;
  dueDateAfter: string | null;
}

interface DeadlineLike {
  id: string;
  kind: string;
  status: string;
  dueDate: string;
}

/** Per deadline (by its id): a new one, a status change or a moved due date. */
export function deadlineChanges(before: readonly DeadlineLike[], after: readonly DeadlineLike[]): DeadlineChange[] {
  const old = new Map(before.map((d) => [d.id, d]));
  const changes: DeadlineChange[] = [];
  for (const d of after) {
    const b = old.get(d.id);
    if (b && b.status === d.status && b.dueDate === d.dueDate) continue;
    changes.push({
      id: d.id,
      kind: d.kind,
      before: b?.status ?? null,
      after: d.status,
      dueDateBefore: b?.dueDate ?? null,
      dueDateAfter: d.dueDate,
    });
  }
  return changes;
}

/** The distinct instants of a history, oldest first, each with the events that happened then. */
export function eventInstants<E extends { at: string; seq: number }>(
  events: readonly E[],
): Array<{ at: string; events: E[] }> {
  const byAt = new Map<string, E[]>();
  for (const e of events) byAt.set(e.at, [...(byAt.get(e.at) ?? []), e]);
  return [...byAt.entries()]
    .map(([at, es]) => ({ at, events: es }))
    .sort((a, b) => Date.parse(a.at) - Date.parse(b.at) || (a.events[0]?.seq ?? 0) - (b.events[0]?.seq ?? 0));
}
