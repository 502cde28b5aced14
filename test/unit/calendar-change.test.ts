/**
 * Moving provisional deadlines to official calendar data (domain.md "How a period is counted": when
 * official data arrives, open cases move to it through an event, never silently). The expected dates
 * are counted by hand from a fake 2027 State Council schedule, with the rules of domain.md.
 */
import path from 'node:path';
import {
  bundledCalendarSpec,
  dayInfo,
  installYears,
  legacyCalendar,
  resolveCalendar,
  type CalendarSpec,
  type OfficialYear,
} from '../../domain/calendar';
import { calendarAdoption, calendarAfter, recalculateDeadline } from '../../domain/calendar-change';
import { decide, evolve, type Command } from '../../domain/case-decider';
import type { CaseEvent } from '../../domain/case-events';
import type { Actor, CaseState, Deadline } from '../../domain/case-types';
import { shanghaiEndOfDay, type IsoDate } from '../../domain/civil-date';
import { CURRENT_POLICY, type DeadlinePolicy } from '../../domain/deadline-policy';
import { GENESIS_HASH, chainEvents } from '../../domain/hash-chain';
import { computeDue } from '../../domain/legal-period';
import { OrgTree, readOrgUnitSeed } from '../../db/org-units';

/**
 * A fake 2027 schedule: Spring Festival Sat 6 – Sun 14 February (the provisional calendar has only
 * Fri 5 – Mon 8), a make-up working day on Saturday 20 February, New Year's Day on Friday 1 January.
 */
const FAKE_2027: OfficialYear = {
  year: 2027,
  holidays: [
    '2027-01-01',
    '2027-02-06',
    '2027-02-07',
    '2027-02-08',
    '2027-02-09',
    '2027-02-10',
    '2027-02-11',
    '2027-02-12',
    '2027-02-13',
    '2027-02-14',
  ],
  workdays: ['2027-02-20'],
};

const legacy = legacyCalendar();
const installed = installYears(bundledCalendarSpec(), [FAKE_2027], 'fake-2027');
if (!installed.ok) throw new Error(installed.problems.join('; '));
const official = resolveCalendar(installed.spec);

const START = Date.parse('2026-12-09T10:00:00+08:00');
const at = (d: string): string => new Date(Date.parse(`${d}T10:00:00+08:00`)).toISOString();

/** A deadline as the legacy calendar started it (the values the case holds before the move). */
function provisionalDeadline(startedAt: number, amount: number, unit: Deadline['unit']): Deadline {
  const due = computeDue(legacy, startedAt, { amount, unit }, 0.75);
  return {
    id: `mediation-1`,
    kind: 'mediation',
    status: 'running',
    startedAt: new Date(startedAt).toISOString(),
    startedOn: due.startedOn,
    amount,
    unit,
    rawDueDate: due.rawDueDate,
    dueDate: due.dueDate,
    dueAt: new Date(due.dueAt).toISOString(),
    warnAt: new Date(due.warnAt).toISOString(),
    originalDueDate: due.dueDate,
    provisional: due.provisional,
    basis: 'test',
    calendarVersion: legacy.version,
    warned: false,
    pausedAt: null,
    endedAt: null,
    ownerOrgUnitId: 'ND-JC-JN-ROOM',
    extensions: [],
  };
}

const endOf = (d: string): string => new Date(shanghaiEndOfDay(d as IsoDate)).toISOString();

describe('the fake official 2027 schedule', () => {
  test('when installed, then its holidays and make-up day are official and nothing in 2027 is provisional', () => {
    expect(installed.spec).toMatchObject({ version: 'chinese-days@1.5.7/2004-2026+fake-2027', years: [FAKE_2027] });
    expect(dayInfo(official, '2027-02-12')).toEqual({ working: false, provisional: false });
    expect(dayInfo(official, '2027-02-20')).toEqual({ working: true, provisional: false });
    expect(dayInfo(official, '2027-02-05')).toEqual({ working: true, provisional: false });
    // 2026 is the snapshot's own official data, unchanged.
    expect(dayInfo(official, '2026-10-10')).toEqual({ working: true, provisional: false });
  });

  test('when a year is already official, a weekday make-up day or a date of another year is given, then it is refused', () => {
    const again = installYears(installed.spec, [FAKE_2027], 'again');
    const bad = installYears(
      bundledCalendarSpec(),
      [{ year: 2027, holidays: ['2028-01-01'], workdays: ['2027-02-19'] }],
      'bad',
    );
    const official2026 = installYears(bundledCalendarSpec(), [{ ...FAKE_2027, year: 2026 }], 'x');
    expect(again).toMatchObject({ ok: false, problems: [expect.stringMatching(/2027 already has official data/)] });
    expect(bad).toMatchObject({
      ok: false,
      problems: [expect.stringMatching(/2028-01-01 is not in 2027/), expect.stringMatching(/2027-02-19 is a weekday/)],
    });
    expect(official2026.ok).toBe(false);
  });
});

describe('recalculating a provisional deadline', () => {
  test('when a 60-day period ends on Sunday 7 February 2027, then it moves from Tuesday 9 to Monday 15 February, the end of the official holiday', () => {
    const d = provisionalDeadline(START, 60, 'days');
    expect([d.rawDueDate, d.dueDate, d.provisional]).toEqual(['2027-02-07', '2027-02-09', true]);
    const moved = recalculateDeadline(d, legacy, official, 0.75);
    expect(moved).toMatchObject({
      rawDueDate: '2027-02-07',
      dueDate: '2027-02-15',
      originalDueDate: '2027-02-15',
      dueAt: endOf('2027-02-15'),
      provisional: false,
      calendarVersion: official.version,
    });
    // 75 % of the (longer) period, as a new deadline would have it.
    expect(Date.parse(moved.warnAt)).toBe(START + Math.floor((shanghaiEndOfDay('2027-02-15') - START) * 0.75));
  });

  test('when a 73-day period ends on Saturday 20 February 2027, a make-up working day, then it moves earlier, from Monday 22 to Saturday 20', () => {
    const d = provisionalDeadline(START, 73, 'days');
    expect([d.rawDueDate, d.dueDate]).toEqual(['2027-02-20', '2027-02-22']);
    expect(recalculateDeadline(d, legacy, official, 0.75)).toMatchObject({ dueDate: '2027-02-20', provisional: false });
  });

  test('when 28 working days run across the Spring Festival, then they are counted again: Friday 12 becomes Wednesday 17 February', () => {
    // Provisional: 1 Jan and 5, 8 Feb are rest days, so the 28th working day after 31 Dec is Fri 12 Feb.
    // Official: 5 Feb is a working day and 6–14 Feb are not, so it is Wed 17 Feb.
    const d = provisionalDeadline(Date.parse('2026-12-31T10:00:00+08:00'), 28, 'working_days');
    expect(d.dueDate).toBe('2027-02-12');
    expect(recalculateDeadline(d, legacy, official, 0.75)).toMatchObject({
      rawDueDate: '2027-02-17',
      dueDate: '2027-02-17',
      originalDueDate: '2027-02-17',
      provisional: false,
    });
  });

  test('when a working-day period was extended by 2 working days, then the extension is kept: the 30th official working day, Friday 19 February', () => {
    const d = provisionalDeadline(Date.parse('2026-12-31T10:00:00+08:00'), 28, 'working_days');
    // The extension as the decider makes it: 2 working days after Fri 12 Feb (provisional) is Tue 16 Feb.
    const extended: Deadline = {
      ...d,
      dueDate: '2027-02-16',
      rawDueDate: '2027-02-16',
      dueAt: endOf('2027-02-16'),
      extensions: [
        {
          amount: 2,
          unit: 'working_days',
          reason: 'r',
          by: 'u-1',
          at: at('2027-01-04'),
          consent: true,
          dueDateBefore: '2027-02-12',
        },
      ],
    };
    expect(recalculateDeadline(extended, legacy, official, 0.75)).toMatchObject({
      dueDate: '2027-02-19',
      originalDueDate: '2027-02-17',
      extensions: extended.extensions,
    });
  });

  test('when the deadline was already warned, then the warning stays given and its instant is kept', () => {
    const d = { ...provisionalDeadline(START, 60, 'days'), warned: true };
    expect(recalculateDeadline(d, legacy, official, 0.75)).toMatchObject({ warned: true, warnAt: d.warnAt });
  });
});

// --- the decision, over a case driven through the pure decider --------------------------------------

const tree = new OrgTree(readOrgUnitSeed(path.join(__dirname, '..', '..', 'db', 'seed', 'ningde-org-units.json')));
const ROOM = 'ND-JC-JN-ROOM';
const mediator: Actor = { id: 'u-1', role: 'mediator', org: ROOM };
const admin: Actor = { id: 'admin-1', role: 'admin', org: null };
/** People's mediation of 60 days, so a case accepted on 9 December 2026 has a provisional due date. */
const POLICY: DeadlinePolicy = {
  ...CURRENT_POLICY,
  version: 'test-60',
  entries: CURRENT_POLICY.entries.map((e) =>
    e.kind === 'mediation' && e.track === 'people' && e.subtrack === null ? { ...e, amount: 60, unit: 'days' } : e,
  ),
};

class Case {
  constructor(
    readonly calendar: CalendarSpec,
    readonly state: CaseState | null = null,
    readonly events: CaseEvent[] = [],
  ) {}

  decide(cmd: Command) {
    return decide(this.state, cmd, { policy: POLICY, calendar: resolveCalendar(this.calendar) });
  }

  then(cmd: Command): Case {
    const d = this.decide(cmd);
    if (!d.ok) throw new Error(`${cmd.type} refused: ${d.message}`);
    const last = this.events.at(-1);
    const chained = chainEvents('c-1', { seq: last?.seq ?? 0, hash: last?.hash ?? GENESIS_HASH }, d.events);
    let calendar = this.calendar;
    for (const e of chained) if (e.type === 'calendar.adopted') calendar = calendarAfter(calendar, e.data);
    return new Case(
      calendar,
      chained.reduce<CaseState | null>((s, e) => evolve(s, e), this.state),
      [...this.events, ...chained],
    );
  }
}

function openCase(): Case {
  return new Case(bundledCalendarSpec())
    .then({
      type: 'register',
      at: at('2026-12-09'),
      caseId: 'c-1',
      caseNo: 'ND-2026-000001',
      category: 'neighbor',
      source: 'walk_in',
      summary: 'water from the flat above',
      gridId: null,
      occurredOn: null,
      amountCny: null,
      riskLevel: 'low',
      owner: tree.path(ROOM),
      intakeFingerprint: 'f',
      parties: [
        { role: 'applicant', name: '林某', idNumber: null, phone: null },
        { role: 'respondent', name: '陈某', idNumber: null, phone: null },
      ],
      actor: mediator,
    })
    .then({ type: 'accept', at: at('2026-12-09'), actor: mediator, track: 'people', subtrack: null, assigneeId: 'u-1' })
    .then({ type: 'report-risk', at: at('2026-12-09'), actor: mediator, level: 'high', reason: 'threats' });
}

const adopt = (calendar: CalendarSpec, actor: Actor = admin): Command => ({
  type: 'adopt-calendar',
  at: at('2026-12-09'),
  actor,
  calendar,
});

describe('adopt-calendar', () => {
  test('when an open case adopts the official 2027 data, then it records calendar.adopted and moves only its provisional deadline', () => {
    const before = openCase();
    expect(before.state!.calendarVersion).toBe('chinese-days@1.5.7/2004-2026');
    const risk = before.state!.deadlines.find((d) => d.kind === 'risk_response')!;
    const after = before.then(adopt(installed.spec));
    const added = after.events.slice(before.events.length);
    expect(added.map((e) => e.type)).toEqual(['calendar.adopted', 'deadline.recalculated']);
    expect(added[0]).toMatchObject({
      actor: admin,
      data: { from: 'chinese-days@1.5.7/2004-2026', to: installed.spec.version, years: [FAKE_2027] },
    });
    expect(added[1]!.data).toMatchObject({
      deadline: { id: 'mediation-1', dueDate: '2027-02-15', provisional: false },
      from: { dueDate: '2027-02-09', provisional: true, calendarVersion: 'chinese-days@1.5.7/2004-2026' },
      to: { dueDate: '2027-02-15', provisional: false, calendarVersion: installed.spec.version },
    });
    expect(after.state!.calendarVersion).toBe(installed.spec.version);
    // The 24-hour risk clock was never provisional: untouched.
    expect(after.state!.deadlines.find((d) => d.kind === 'risk_response')).toEqual(risk);
  });

  test('when the case adopted the calendar, then its later deadlines are counted with the official data', () => {
    const after = openCase().then(adopt(installed.spec));
    // Escalation restarts the 60-day period on 10 December: it ends on Mon 8 Feb 2027, inside the official
    // holiday, so it is due on Mon 15 Feb (the provisional calendar would have said Tue 9 Feb).
    const escalated = after.then({
      type: 'escalate',
      at: at('2026-12-10'),
      actor: { id: 's-1', role: 'supervisor', org: 'ND-JC' },
      reason: 'complex',
    });
    const restarted = escalated.state!.deadlines.find((d) => d.id === 'mediation-2')!;
    expect(restarted).toMatchObject({
      dueDate: '2027-02-15',
      provisional: false,
      calendarVersion: installed.spec.version,
    });
  });

  test('when the same calendar is adopted again, then nothing happens', () => {
    const after = openCase().then(adopt(installed.spec));
    expect(after.decide(adopt(installed.spec))).toEqual({ ok: true, events: [] });
  });

  test('when a mediator asks, or the calendar builds on an unknown snapshot, then it is refused', () => {
    const c = openCase();
    expect(c.decide(adopt(installed.spec, mediator))).toMatchObject({ ok: false, code: 'forbidden' });
    expect(c.decide(adopt({ ...installed.spec, base: 'chinese-days@9.9.9/2004-2030' }))).toMatchObject({
      ok: false,
      code: 'invalid_input',
      message: expect.stringContaining('unknown_calendar_version'),
    });
  });

  test('when a case counts with a calendar that already holds other 2027 data, then the offered one adds nothing', () => {
    const other = installYears(bundledCalendarSpec(), [{ ...FAKE_2027, workdays: [] }], 'other');
    if (!other.ok) throw new Error('unexpected');
    expect(calendarAdoption(other.spec, installed.spec)).toBeNull();
  });
});
