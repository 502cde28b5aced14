/**
 * Installing an official calendar and moving open cases to it: what `npm run calendar` does, as
 * functions tests call too. A case moves through its workflow's `adoptCalendar` update, so the calendar
 * reaches it as recorded input and the move is decided, hashed and stored like any other change.
 */
import { randomUUID } from 'node:crypto';
import { WorkflowNotFoundError, WorkflowUpdateFailedError, type Client } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import { workflowIdFor } from '../api/case-gateway';
import { readCalendarFile } from '../config/calendar-file';
import type { CalendarStore } from '../db/calendar-store';
import type { CaseDoc, Models } from '../db/models';
import type { CalendarSpec } from '../domain/calendar';
import type { Actor } from '../domain/case-types';
import { adoptCalendarUpdate, type AdoptCalendarResult } from '../workflows/dispute-case';

/** The administrator who runs the migration, as the cases' events record the actor. */
export const calendarAdmin = (id: string): Actor => ({ id, role: 'admin', org: null });

/** Installs the official years of a calendar file as a new calendar version (see CalendarStore.install). */
export async function installCalendarFile(
  store: CalendarStore,
  file: string,
  by: string,
): Promise<{ spec: CalendarSpec; created: boolean }> {
  const parsed = readCalendarFile(file);
  return store.install(parsed.years, {
    by,
    ...(parsed.label ? { label: parsed.label } : {}),
    source: parsed.source ?? null,
  });
}

/**
 * Asks one case to adopt a calendar. Idempotent: a case that already holds every official year of it
 * changes nothing, and a retry within one migration (same `migrationId`) gets the first answer.
 */
export async function adoptCalendar(
  client: Client,
  caseId: string,
  calendar: CalendarSpec,
  actor: Actor,
  migrationId: string = randomUUID(),
): Promise<AdoptCalendarResult> {
  return client.workflow.getHandle(workflowIdFor(caseId)).executeUpdate(adoptCalendarUpdate, {
    args: [{ calendar, actor, reason: `official calendar ${calendar.version} installed` }],
    updateId: `adopt-calendar:${calendar.version}:${migrationId}`,
  });
}

export interface MigrationReport {
  version: string;
  /** Open cases asked. */
  cases: number;
  /** Cases that adopted the calendar and had provisional deadlines counted again. */
  moved: number;
  /** Deadlines counted again, in all. */
  recalculated: number;
  /** Cases that adopted it without a deadline to move, or held it already. */
  unchanged: number;
  /** Cases closed meanwhile. */
  closed: number;
  failed: Array<{ caseId: string; error: string }>;
}

const closedMeanwhile = (err: unknown): boolean =>
  err instanceof WorkflowNotFoundError ||
  (err instanceof WorkflowUpdateFailedError &&
    err.cause instanceof ApplicationFailure &&
    err.cause.type === 'invalid_transition');

/** Moves every open case (per the case documents) to `calendar`, `concurrency` cases at a time. */
export async function migrateOpenCases(opts: {
  client: Client;
  models: Models;
  calendar: CalendarSpec;
  actor: Actor;
  concurrency?: number;
  onCase?: (caseId: string, outcome: 'moved' | 'unchanged' | 'closed' | 'failed') => void;
}): Promise<MigrationReport> {
  const migrationId = randomUUID();
  const report: MigrationReport = {
    version: opts.calendar.version,
    cases: 0,
    moved: 0,
    recalculated: 0,
    unchanged: 0,
    closed: 0,
    failed: [],
  };
  const one = async (caseId: string): Promise<void> => {
    report.cases++;
    try {
      const r = await adoptCalendar(opts.client, caseId, opts.calendar, opts.actor, migrationId);
      const outcome = r.recalculated.length > 0 ? 'moved' : 'unchanged';
      report[outcome]++;
      report.recalculated += r.recalculated.length;
      opts.onCase?.(caseId, outcome);
    } catch (err) {
      if (closedMeanwhile(err)) {
        report.closed++;
        opts.onCase?.(caseId, 'closed');
        return;
      }
      const cause = err instanceof WorkflowUpdateFailedError && err.cause ? err.cause : err;
      report.failed.push({ caseId, error: cause instanceof Error ? cause.message : String(cause) });
      opts.onCase?.(caseId, 'failed');
    }
  };
  // Pages by id, so cases closing (or opening) meanwhile never make the walk skip or repeat one.
  let after = '';
  for (;;) {
    const page = await opts.models.Case.find({ stage: { $ne: 'closed' }, _id: { $gt: after } })
      .sort({ _id: 1 })
      .limit(200)
      .select({ _id: 1 })
      .lean<Array<Pick<CaseDoc, '_id'>>>();
    if (page.length === 0) break;
    after = page[page.length - 1]!._id;
    let next = 0;
    const lane = async (): Promise<void> => {
      while (next < page.length) await one(page[next++]!._id);
    };
    await Promise.all(Array.from({ length: Math.max(1, opts.concurrency ?? 4) }, lane));
  }
  return report;
}
