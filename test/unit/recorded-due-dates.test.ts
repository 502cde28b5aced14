/**
 * Recorded histories keep their due dates. Replay (test/replay) proves the workflow issues the same
 * commands; it cannot see a due date that changed, since a timer's length is not compared. So here every
 * deadline the recorded histories stored (the events their `recordEvents` activity was given) is counted
 * again with the calendar version it names and the policy those cases had: a change to a bundled
 * snapshot, to the calendar or to the period arithmetic that would move a recorded due date fails here.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { historyFromJSON } from '@temporalio/common/lib/proto-utils';
import { defaultPayloadConverter } from '@temporalio/common';
import { EncryptionCodec } from '../../config/encryption';
import { REPLAY_FIXTURE_KEYS } from '../replay/fixture-key';
import { bundledCalendarSpec, resolveCalendar, LEGACY_CALENDAR_VERSION } from '../../domain/calendar';
import type { CaseEvent } from '../../domain/case-events';
import type { Deadline } from '../../domain/case-types';
import { computeDue } from '../../domain/legal-period';
import { LEGACY_POLICY_VERSION, policyByVersion } from '../../domain/deadline-policy';

const REPLAY_DIR = path.join(__dirname, '..', 'replay');
const codec = new EncryptionCodec(REPLAY_FIXTURE_KEYS);

const files = readdirSync(REPLAY_DIR, { withFileTypes: true })
  .filter((d) => d.isDirectory() && /^\d{4}-\d{2}-\d{2}$/.test(d.name))
  .flatMap((d) =>
    readdirSync(path.join(REPLAY_DIR, d.name))
      .filter((f) => f.endsWith('.json'))
      .map((f) => path.join(d.name, f)),
  );

/** The deadlines of every `deadline.started` event the history's `recordEvents` activities were given. */
async function recordedStarts(file: string): Promise<Deadline[]> {
  const history = historyFromJSON(JSON.parse(readFileSync(path.join(REPLAY_DIR, file), 'utf8')));
  const starts: Deadline[] = [];
  for (const e of history.events ?? []) {
    const a = e.activityTaskScheduledEventAttributes;
    if (a?.activityType?.name !== 'recordEvents') continue;
    const [payload] = await codec.decode(a.input?.payloads ?? []);
    const { events } = defaultPayloadConverter.fromPayload<{ events: CaseEvent[] }>(payload!);
    for (const ev of events) if (ev.type === 'deadline.started') starts.push(ev.data.deadline);
  }
  return starts;
}

let checked = 0;
afterAll(() => {
  // Later runs of a continued-as-new case start no deadline; the others start plenty.
  expect(checked).toBeGreaterThanOrEqual(40);
});

test('the recorded histories are there to check', () => {
  expect(files.length).toBeGreaterThanOrEqual(26);
});

test.each(files)('%s: every recorded deadline is counted to the same due date by its pinned calendar', async (file) => {
  const starts = await recordedStarts(file);
  checked += starts.length;
  const warnFraction = policyByVersion(LEGACY_POLICY_VERSION).entries[0]!.warnFraction;
  for (const d of starts) {
    expect(d.calendarVersion).toBe(LEGACY_CALENDAR_VERSION);
    const calendar = resolveCalendar(bundledCalendarSpec(d.calendarVersion));
    const due = computeDue(calendar, Date.parse(d.startedAt), { amount: d.amount, unit: d.unit }, warnFraction);
    expect({
      id: d.id,
      startedOn: due.startedOn,
      rawDueDate: due.rawDueDate,
      dueDate: due.dueDate,
      dueAt: new Date(due.dueAt).toISOString(),
      warnAt: new Date(due.warnAt).toISOString(),
      provisional: due.provisional,
    }).toEqual({
      id: d.id,
      startedOn: d.startedOn,
      rawDueDate: d.rawDueDate,
      dueDate: d.dueDate,
      dueAt: d.dueAt,
      warnAt: d.warnAt,
      provisional: d.provisional,
    });
  }
});
