/** Reference data (api.md "Reference data and statistics"): org units, the policy, deadline preview. */
import { Router } from 'express';
import { shanghaiStartOfDay, type IsoDate } from '../../domain/civil-date';
import { resolveCalendar } from '../../domain/calendar';
import { policyEntry, type DeadlinePolicy } from '../../domain/deadline-policy';
import { computeDue } from '../../domain/legal-period';
import { isVersionError } from '../../domain/version-errors';
import type { OrgTree } from '../../db/org-units';
import type { CalendarStore } from '../../db/calendar-store';
import type { PolicyStore } from '../../db/policy-store';
import { AppError } from '../errors';
import { deadlinePreviewQuery } from '../schemas';
import { parse } from '../validate';

export function referenceRoutes(deps: {
  orgTree: () => OrgTree;
  /** The policy new cases get. */
  policy: DeadlinePolicy;
  policies: PolicyStore;
  calendars: CalendarStore;
}): Router {
  const router = Router();

  router.get('/org-units', (_req, res) => {
    res.json(
      deps
        .orgTree()
        .units.map((u) => ({ id: u.id, name: u.name, kind: u.kind, parentId: u.parentId, closed: !!u.closed })),
    );
  });

  // api.md: the policy in force (its own fields, as before), plus the versions open cases may be pinned
  // to and which policy and calendar new cases get.
  router.get('/policies', async (_req, res) => {
    const [versions, calendars, calendar] = await Promise.all([
      deps.policies.list(),
      deps.calendars.list(),
      deps.calendars.newest(),
    ]);
    const known = versions.some((v) => v.version === deps.policy.version);
    res.json({
      ...deps.policy,
      current: deps.policy.version,
      versions: known
        ? versions
        : [
            ...versions,
            {
              version: deps.policy.version,
              effectiveFrom: deps.policy.effectiveFrom,
              basedOn: deps.policy.basedOn ?? null,
              origin: 'file',
              firstUsedAt: null,
            },
          ],
      calendar: { current: calendar.version, versions: calendars },
    });
  });

  router.get('/deadline-preview', async (req, res) => {
    const q = parse(deadlinePreviewQuery, req.query, 'query');
    const entry = policyEntry(deps.policy, q.kind, q.track ?? null, q.subtrack ?? null);
    if (!entry)
      throw new AppError('validation_failed', `the policy has no ${q.kind} deadline for that track`, [
        {
          path: 'track',
          message: q.track ? `no ${q.kind} deadline on this track` : `${q.kind} is counted by track: give track`,
        },
      ]);
    // Computed exactly as a new case would: with the calendar new cases get.
    const calendar = resolveCalendar(await deps.calendars.newest());
    let due: ReturnType<typeof computeDue>;
    try {
      due = computeDue(calendar, shanghaiStartOfDay(q.start as IsoDate), entry, entry.warnFraction);
    } catch (err) {
      if (isVersionError(err) && err.code === 'calendar_out_of_range')
        throw new AppError('invalid_input', err.message, [{ path: 'start', message: 'outside the calendar' }]);
      throw err;
    }
    res.json({
      kind: q.kind,
      start: q.start,
      dueDate: due.dueDate,
      dueAt: new Date(due.dueAt).toISOString(),
      warnAt: new Date(due.warnAt).toISOString(),
      amount: entry.amount,
      unit: entry.unit,
      basis: entry.basis,
      provisional: due.provisional,
      policyVersion: deps.policy.version,
      calendarVersion: calendar.version,
    });
  });

  return router;
}
