/**
 * `case_events` holds exactly what was hashed. Every event type the decider can emit, produced by the
 * pure decider over scripted cases, written by the real `recordEvents` into the real database and read
 * back as the auditor reads it, has the canonical content it was hashed over; a new event type without
 * a round trip here fails the coverage test. Then the bug that found it, over HTTP: a paused and resumed
 * case verifies. And ill-formed text (a lone UTF-16 surrogate, which UTF-8 storage cannot hold) is
 * refused at the API edge with the field's path.
 */
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import pino from 'pino';
import request from 'supertest';
import { createCaseActivities } from '../../activities/case-activities';
import { docToView } from '../../api/case-access';
import { CaseIndex } from '../../api/case-index';
import { LiveFeed } from '../../api/live-feed';
import { createMetrics } from '../../api/metrics';
import { keepCaseTally, keepUntalliedCases } from '../../db/case-tally';
import { eventDocument, type CaseDoc } from '../../db/models';
import { buildActionCommand } from '../../api/action-commands';
import type { CaseAuditor } from '../../api/case-audit';
import { isFerretDb } from '../../db/connection';
import { OrgTree, readOrgUnitSeed } from '../../db/org-units';
import { decide, evolve, nextDueInstant, type Command, type RegisterCommand } from '../../domain/case-decider';
import { EVENT_TYPES, type CaseEvent } from '../../domain/case-events';
import type { Actor, CaseState, Role } from '../../domain/case-types';
import { toCaseDocFields } from '../../domain/case-view';
import { bundledCalendarSpec, installYears, resolveCalendar } from '../../domain/calendar';
import type { IsoDate } from '../../domain/civil-date';
import { CURRENT_POLICY } from '../../domain/deadline-policy';
import { GENESIS_HASH, canonicalJson, chainEvents, hashedContent, verifyChain } from '../../domain/hash-chain';
import { COURT, COUNTY, ROOM } from '../support/case-script';
import { intakeBody, stackAuditor, startTestStack, type TestStack } from '../support/stack';

const tree = new OrgTree(readOrgUnitSeed(path.join(__dirname, '..', '..', 'db', 'seed', 'ningde-org-units.json')));
const ctx = { policy: CURRENT_POLICY };
const HOUR = 3_600_000;

let stack: TestStack;
let auditor: CaseAuditor;
let activities: ReturnType<typeof createCaseActivities>;

beforeAll(async () => {
  stack = await startTestStack();
  auditor = stackAuditor(stack);
  activities = createCaseActivities({ models: stack.db.models, log: pino({ level: 'silent' }) });
});
afterAll(() => stack.close());

// --- scripted cases through the pure decider ----------------------------------------------------

/** One case as the workflow holds it, and each command's events as the workflow persists them. */
interface Script {
  caseId: string;
  state: CaseState | null;
  batches: Array<{ events: CaseEvent[]; state: CaseState }>;
  clock: number;
}

const as = (role: Role, org: string): Actor => ({ id: `${role}-1`, role, org });
const mediator = as('mediator', ROOM);
const supervisor = as('supervisor', COUNTY);
const liaison = as('liaison', COURT);
const system: Actor = { id: 'system', role: 'system', org: null };
const day = (ms: number): string => new Date(ms + 8 * HOUR).toISOString().slice(0, 10);

function run(script: Script, cmd: Command): Script {
  const decision = decide(script.state, cmd, ctx);
  if (!decision.ok) throw new Error(`${cmd.type} refused: ${decision.code} ${decision.message}`);
  const last = script.batches.at(-1)?.events.at(-1);
  const events = chainEvents(script.caseId, { seq: last?.seq ?? 0, hash: last?.hash ?? GENESIS_HASH }, decision.events);
  const state = events.reduce<CaseState | null>((s, e) => evolve(s, e), script.state)!;
  return { ...script, state, batches: [...script.batches, { events, state }] };
}

/** An action a minute after the previous command, built as the API builds it. */
function act(script: Script, action: Parameters<typeof buildActionCommand>[0], body: object, actor: Actor): Script {
  const clock = script.clock + 60_000;
  const built = buildActionCommand(action, body as Record<string, unknown>, actor, (id) => tree.path(id));
  return run({ ...script, clock }, { ...built, at: new Date(clock).toISOString() });
}

/** The timer firing at the next warning or breach. */
function tick(script: Script): Script {
  const due = nextDueInstant(script.state);
  if (due === null) throw new Error('no deadline to tick');
  return run({ ...script, clock: due }, { type: 'tick', at: new Date(due).toISOString(), actor: system });
}

function registered(overrides: Partial<RegisterCommand> = {}): Script {
  const caseId = randomUUID();
  const clock = Date.now() - 30 * 24 * HOUR;
  const sealed = { ciphertext: 'c2VhbGVk', hash: 'h'.repeat(64), masked: '3509**********1237' };
  return run(
    { caseId, state: null, batches: [], clock },
    {
      type: 'register',
      at: new Date(clock).toISOString(),
      actor: mediator,
      caseId,
      caseNo: `ND-2026-${caseId.slice(0, 6)}`,
      category: 'neighbor',
      source: 'walk_in',
      summary: '楼上漏水 — water from the flat above 💧',
      gridId: null,
      occurredOn: null,
      // -0 is hashed as 0; it must be stored so that it reads back as 0 too.
      amountCny: -0,
      riskLevel: 'high',
      owner: tree.path(ROOM),
      intakeFingerprint: 'f'.repeat(64),
      parties: [
        { role: 'applicant', name: '林某', idNumber: sealed, phone: null, address: '蕉城区 1 号', minor: false },
        // Members left undefined: hashed as absent, so they must be stored as absent, not as null.
        { role: 'respondent', name: '陈某', idNumber: null, phone: null, address: undefined, minor: undefined },
        {
          role: 'respondent',
          name: '小陈',
          idNumber: null,
          phone: null,
          minor: true,
          guardian: { name: '陈某', phone: null },
        },
      ],
      ...overrides,
    },
  );
}

/** Scripts that between them produce every event type, with empty objects, empty arrays and undefined members. */
function scriptedCases(): Script[] {
  // Pause ({} as data), resume, an extension without `consent` (an undefined member), escalation, a risk
  // lowered (an empty notify list), a failure that refers the case to court, the court taking it over.
  let a = registered();
  a = act(a, 'accept', { track: 'people', assigneeId: 'u-1' }, mediator);
  a = act(a, 'assign', { assigneeId: 'u-2', reason: 'workload' }, supervisor);
  a = act(
    a,
    'record-session',
    { heldAt: new Date(a.clock).toISOString(), mode: 'on_site', attendees: [], notes: '' },
    mediator,
  );
  a = act(a, 'pause', { reason: 'applicant in hospital' }, mediator);
  a = act(a, 'resume', {}, mediator);
  const mediationUnit = a.state!.deadlines.find((d) => d.kind === 'mediation' && d.status === 'running')!.unit;
  a = act(a, 'extend', { kind: 'mediation', amount: 1, unit: mediationUnit, reason: 'parties asked' }, supervisor);
  a = act(a, 'escalate', { reason: 'complex dispute' }, supervisor);
  a = act(a, 'report-risk', { level: 'low', reason: 'calmed down' }, as('mediator', 'ND-JC-JN'));
  a = act(
    a,
    'record-failure',
    { reason: 'no agreement', referral: 'litigation', courtId: COURT },
    as('mediator', 'ND-JC-JN'),
  );
  a = act(a, 'take-over', {}, liaison);

  // Agreement (no obligations), confirmation asked, taken over for review, rejected, agreed again,
  // followed up until performed, closed.
  let b = registered({ riskLevel: 'low' });
  b = act(b, 'accept', { track: 'people', assigneeId: 'u-1' }, mediator);
  b = act(b, 'report-risk', { level: 'critical', reason: 'threats' }, mediator);
  b = act(b, 'record-agreement', { terms: 'pay 3000', signedOn: day(b.clock), obligations: [] }, mediator);
  b = act(b, 'request-confirmation', { courtId: COURT }, mediator);
  b = act(b, 'take-over', {}, liaison);
  b = act(b, 'record-confirmation', { decision: 'rejected', ruledOn: day(b.clock) }, liaison);
  b = act(
    b,
    'record-session',
    { heldAt: new Date(b.clock).toISOString(), mode: 'online', attendees: ['A'], notes: 'n' },
    mediator,
  );
  b = act(
    b,
    'record-agreement',
    { terms: 'pay 2000', signedOn: day(b.clock), obligations: [{ party: 'B', obligation: 'pay' }] },
    mediator,
  );
  b = act(b, 'record-follow-up', { visitedOn: day(b.clock), performed: true, notes: 'paid' }, mediator);

  // The clock alone: warnings, breaches and the automatic escalation they bring, then a withdrawal.
  let c = registered();
  for (let i = 0; i < 4; i++) c = tick(c);
  c = act(c, 'withdraw', { reason: 'settled privately' }, as('mediator', c.state!.owner[0]!.id));
  return [a, b, c, adoptedCalendar()];
}

/** A case registered on 30 December of the last year the bundled calendar knows officially: its
 * acceptance deadline falls in the next, provisional year, and moves when that year's schedule is
 * installed and adopted. */
function adoptedCalendar(): Script {
  const next = Math.max(...resolveCalendar(bundledCalendarSpec()).officialYears) + 1;
  const registeredAt = Date.parse(`${next - 1}-12-30T02:00:00Z`);
  const d = registered({ at: new Date(registeredAt).toISOString(), riskLevel: 'low' });
  const installed = installYears(
    bundledCalendarSpec(),
    [{ year: next, holidays: [`${next}-01-01`, `${next}-01-04`] as IsoDate[], workdays: [] }],
    `test-${next}`,
  );
  if (!installed.ok) throw new Error(installed.problems.join('; '));
  const at = new Date(registeredAt + HOUR).toISOString();
  return run(
    { ...d, clock: registeredAt + HOUR },
    { type: 'adopt-calendar', at, actor: system, calendar: installed.spec },
  );
}

const allEvents = (s: Script): CaseEvent[] => s.batches.flatMap((b) => b.events);

async function record(s: Script): Promise<void> {
  for (const { events, state } of s.batches)
    await activities.recordEvents({ caseId: s.caseId, events, view: toCaseDocFields(state) });
}

// --- the round trip ---------------------------------------------------------------------------

describe('case_events round trip', () => {
  let scripts: Script[] = [];
  beforeAll(async () => {
    scripts = scriptedCases();
    for (const s of scripts) await record(s);
  });

  test('when the scripts run, then they cover every event type the decider can emit', () => {
    const covered = new Set(scripts.flatMap(allEvents).map((e) => e.type));
    expect(EVENT_TYPES.filter((t) => !covered.has(t))).toEqual([]);
  });

  test.each(EVENT_TYPES)(
    'when %s events are recorded and read back as the auditor reads them, then they hash as written',
    async (type) => {
      const written = scripts.flatMap(allEvents).filter((e) => e.type === type);
      expect(written.length).toBeGreaterThan(0);
      for (const e of written) {
        const back = (await auditor.storedEvents(e.caseId)).find((r) => r.seq === e.seq);
        expect(back).toBeDefined();
        expect(canonicalJson(hashedContent(back!))).toBe(canonicalJson(hashedContent(e)));
        expect([back!.prevHash, back!.hash]).toEqual([e.prevHash, e.hash]);
        expect(back).not.toHaveProperty('_id');
      }
    },
  );

  test('when every scripted case is read back, then its whole chain verifies', async () => {
    for (const s of scripts) {
      const read = await auditor.storedEvents(s.caseId);
      expect(read.map((e) => e.seq)).toEqual(allEvents(s).map((e) => e.seq));
      expect(verifyChain(read).problems).toEqual([]);
    }
  });

  test('when case.paused is stored, then its empty data is stored as {}', async () => {
    const paused = scripts.flatMap(allEvents).find((e) => e.type === 'case.paused')!;
    const raw = await stack.db.models.CaseEvent.collection.findOne({ caseId: paused.caseId, seq: paused.seq });
    expect(raw?.data).toEqual({});
  });

  test('when a batch is recorded twice (an activity retry), then nothing changes; a different event at a stored seq is refused', async () => {
    const s = scripts[2]!;
    await record(s);
    const read = await auditor.storedEvents(s.caseId);
    expect(read).toHaveLength(allEvents(s).length);
    expect(verifyChain(read).problems).toEqual([]);

    const first = s.batches[0]!;
    const forged = chainEvents(s.caseId, { seq: 0, hash: GENESIS_HASH }, [
      { ...first.events[0]!, reason: 'rewritten' },
    ]);
    await expect(
      activities.recordEvents({ caseId: s.caseId, events: forged, view: toCaseDocFields(first.state) }),
    ).rejects.toMatchObject({ type: 'EventConflict', nonRetryable: true });
  });
});

describe('the tally /metrics sums', () => {
  /** What /metrics counts of these events (its series' help texts): registrations, closes by outcome,
   * warnings and breaches by deadline kind; as stored, only what was counted. */
  function expectedTally(events: CaseEvent[]): Record<string, unknown> {
    const byLabel = (type: string, label: (e: CaseEvent) => string) => {
      const out: Record<string, number> = {};
      for (const e of events.filter((x) => x.type === type)) out[label(e)] = (out[label(e)] ?? 0) + 1;
      return Object.keys(out).length > 0 ? out : undefined;
    };
    const kind = (e: CaseEvent) => (e.data as { deadline: { kind: string } }).deadline.kind;
    const tally = {
      opened: events.filter((e) => e.type === 'case.registered').length,
      closed: byLabel('case.closed', (e) => (e.data as { outcome: string }).outcome),
      warned: byLabel('deadline.warned', kind),
      breached: byLabel('deadline.breached', kind),
    };
    return Object.fromEntries(Object.entries(tally).filter(([, v]) => v !== undefined));
  }
  /** A tally with every series, as it reads whether stored sparse (added to by writes) or whole (counted). */
  const whole = (t: unknown) => ({ closed: {}, warned: {}, breached: {}, ...(t as object) });
  const storedCase = (id: string) => stack.db.models.Case.collection.findOne({ _id: id as never });
  const lastSeq = (s: Script) => allEvents(s).at(-1)!.seq;

  test('when the scripted cases are recorded, one of them twice, then each case holds its count of those events, once', async () => {
    const scripts = scriptedCases();
    for (const s of scripts) await record(s);
    await record(scripts[2]!);
    const counted = scripts.map(allEvents).map(expectedTally);
    expect(counted.some((t) => t.breached) && counted.some((t) => t.warned) && counted.some((t) => t.closed)).toBe(
      true,
    );
    for (const s of scripts) {
      const raw = await storedCase(s.caseId);
      expect(raw).toMatchObject({ version: lastSeq(s), tallyVersion: lastSeq(s) });
      expect(whole(raw!.tally)).toEqual(whole(expectedTally(allEvents(s))));
      expect(docToView(raw as unknown as CaseDoc)).not.toHaveProperty('tally');
      expect(docToView(raw as unknown as CaseDoc)).not.toHaveProperty('tallyVersion');
    }
  });

  /** Stores a batch as a worker from before the tally did: events, then the view, no tally. */
  async function writeAsBefore(caseId: string, batch: Script['batches'][number]): Promise<void> {
    await stack.db.models.CaseEvent.collection.insertMany(batch.events.map(eventDocument) as never[]);
    const { id, ...rest } = toCaseDocFields(batch.state);
    await stack.db.models.Case.collection.updateOne(
      { _id: caseId as never, version: { $lt: batch.state.version } },
      { $set: { ...rest, id } },
      { upsert: true },
    );
  }

  test('when a case was stored by a worker from before the tally, first or between, then later writes store it without the tally and its events are counted up to its version', async () => {
    const first = scriptedCases()[2]!;
    const between = scriptedCases()[2]!;
    expect(first.batches.length).toBeGreaterThanOrEqual(5);
    await writeAsBefore(first.caseId, first.batches[0]!);
    const [b1, b2, b3, b4] = between.batches;
    for (const { events, state } of [b1!, b2!])
      await activities.recordEvents({ caseId: between.caseId, events, view: toCaseDocFields(state) });
    await writeAsBefore(between.caseId, b3!);
    // The fourth batch's events are stored, its case document not yet: a count now stops at the third.
    await stack.db.models.CaseEvent.collection.insertMany(b4!.events.map(eventDocument) as never[]);
    const third = b3!.events.at(-1)!.seq;
    const upToThird = between.batches.slice(0, 3).flatMap((b) => b.events);
    await keepCaseTally(stack.db.models, between.caseId, third);
    expect(await keptTally(between.caseId)).toEqual({ version: third, tally: whole(expectedTally(upToThird)) });

    for (const s of [first, between]) {
      await record(s);
      const raw = await storedCase(s.caseId);
      // Every later write stored the case, and none added to a tally that missed a batch: the worker kept
      // the case's count beside it.
      expect(raw).toMatchObject({ version: lastSeq(s), stage: s.state!.stage });
      expect(raw!.tallyVersion === raw!.version).toBe(false);
      expect(await keptTally(s.caseId)).toEqual({ version: lastSeq(s), tally: whole(expectedTally(allEvents(s))) });
    }
    // A count of an older version never replaces a later one.
    await keepCaseTally(stack.db.models, between.caseId, third);
    expect(await keptTally(between.caseId)).toMatchObject({ version: lastSeq(between) });
  });

  const keptTally = async (caseId: string) => {
    const kept = await stack.db.models.CaseTally.collection.findOne({ _id: caseId as never });
    return kept && { version: kept.version, tally: kept.tally };
  };

  test('when one case is written by this worker, then by one from before the tally, then by this one again, then each count of /metrics has every stored batch once, and a new process shows no counter until every case is counted', async () => {
    const s = scriptedCases()[2]!;
    /** An API process's metrics, counting afresh at each scrape. */
    const apiProcess = () => {
      const metrics = createMetrics(stack.db.models, { readModelTtlMs: 0 });
      const index = new CaseIndex(stack.db.models, new LiveFeed(stack.db.models, { lookbackMs: 2_000 }));
      metrics.countCasesFrom(() => index.select({}));
      return { metrics, close: () => index.close() };
    };
    /** The mediation counters and the untallied gauge of a scrape (of a new process by default). */
    const counters = async (process = apiProcess()): Promise<Record<string, number>> => {
      const text = await process.metrics.scrape();
      process.close();
      const lines = text
        .split('\n')
        .filter(
          (l) => /^mediation_(cases|deadlines)_\w+_total[{ ]/.test(l) || l.startsWith('mediation_cases_untallied '),
        );
      return Object.fromEntries(
        lines.map((l) => [l.slice(0, l.lastIndexOf(' ')), Number(l.slice(l.lastIndexOf(' ') + 1))]),
      );
    };
    const base = await counters();
    expect(base).toMatchObject({ mediation_cases_untallied: 0 });
    // A process running all along, which has counted every case.
    const running = apiProcess();
    const scrapeRunning = () => counters({ ...running, close: () => undefined });
    expect(await scrapeRunning()).toEqual(base);
    /** The counters with these events added, named as api/metrics.ts names its series. */
    const plus = (events: CaseEvent[]): Record<string, number> => {
      const out = { ...base };
      const add = (series: string, n = 1) => (out[series] = (out[series] ?? 0) + n);
      const t = expectedTally(events) as { opened: number } & Record<
        'closed' | 'warned' | 'breached',
        Record<string, number> | undefined
      >;
      add('mediation_cases_opened_total', t.opened);
      for (const [o, n] of Object.entries(t.closed ?? {})) add(`mediation_cases_closed_total{outcome="${o}"}`, n);
      for (const [k, n] of Object.entries(t.warned ?? {})) add(`mediation_deadlines_warned_total{kind="${k}"}`, n);
      for (const [k, n] of Object.entries(t.breached ?? {})) add(`mediation_deadlines_breached_total{kind="${k}"}`, n);
      return out;
    };
    const upTo = (i: number) => plus(s.batches.slice(0, i + 1).flatMap((b) => b.events));
    try {
      for (const [i, batch] of s.batches.entries()) {
        if (i === 2) {
          // The older worker's batch is counted at the clean-up schedule's run; until then the case is untallied,
          // and a new process shows no counter.
          await writeAsBefore(s.caseId, batch);
          expect(await counters()).toEqual({ mediation_cases_untallied: 1 });
          await keepUntalliedCases(stack.db.models);
          expect(await keptTally(s.caseId)).toEqual({
            version: batch.state.version,
            tally: whole(expectedTally(s.batches.slice(0, 3).flatMap((b) => b.events))),
          });
        } else
          await activities.recordEvents({ caseId: s.caseId, events: batch.events, view: toCaseDocFields(batch.state) });
        expect(await counters()).toEqual(upTo(i));
        // (The running process's rows learn of a change from the live feed, which the older write here skips.)
        if (i !== 2) expect(await scrapeRunning()).toEqual(upTo(i));
      }
    } finally {
      running.close();
    }
  });

  test("when the kept count ends where a batch starts, then the batch is added to it, without counting the case's events again", async () => {
    const s = scriptedCases()[2]!;
    const [b1, b2, b3, b4] = s.batches;
    await activities.recordEvents({ caseId: s.caseId, events: b1!.events, view: toCaseDocFields(b1!.state) });
    await writeAsBefore(s.caseId, b2!);
    await activities.recordEvents({ caseId: s.caseId, events: b3!.events, view: toCaseDocFields(b3!.state) });
    expect(await keptTally(s.caseId)).toMatchObject({ version: b3!.state.version });
    // Counting every event again now would miss the registration.
    await stack.db.models.CaseEvent.collection.deleteOne({ _id: `${s.caseId}:1` as never });
    await activities.recordEvents({ caseId: s.caseId, events: b4!.events, view: toCaseDocFields(b4!.state) });
    expect(await keptTally(s.caseId)).toEqual({
      version: b4!.state.version,
      tally: whole(expectedTally(s.batches.slice(0, 4).flatMap((b) => b.events))),
    });
  });

  test('when a case without its whole tally is recorded again after its write (an activity retry), then its count is kept', async () => {
    const s = scriptedCases()[2]!;
    const [b1, b2, b3] = s.batches;
    await activities.recordEvents({ caseId: s.caseId, events: b1!.events, view: toCaseDocFields(b1!.state) });
    await writeAsBefore(s.caseId, b2!);
    // The third batch's case write landed, and the worker died before it kept the case's count.
    await stack.db.models.CaseEvent.collection.insertMany(b3!.events.map(eventDocument) as never[]);
    const { id, ...rest } = toCaseDocFields(b3!.state);
    await stack.db.models.Case.collection.updateOne({ _id: s.caseId as never }, { $set: { ...rest, id } });
    expect(await keptTally(s.caseId)).toBeNull();
    await activities.recordEvents({ caseId: s.caseId, events: b3!.events, view: toCaseDocFields(b3!.state) });
    expect(await keptTally(s.caseId)).toEqual({
      version: b3!.state.version,
      tally: whole(expectedTally(s.batches.slice(0, 3).flatMap((b) => b.events))),
    });
  });
});

describe('case numbers', () => {
  test('when the store is the embedded FerretDB, then the worker knows it and increments the counter one at a time', async () => {
    expect(await isFerretDb(stack.db.conn)).toBe(true);
  });

  test.each([true, false])(
    'when ten cases ask at once (one at a time: %s), then each gets its own number, and asking again gives the same',
    async (serializeCounter) => {
      const own = createCaseActivities({ models: stack.db.models, log: pino({ level: 'silent' }), serializeCounter });
      const ids = Array.from({ length: 10 }, () => randomUUID());
      const prefix = serializeCounter ? 'SER' : 'PAR';
      const first = await Promise.all(ids.map((caseId) => own.allocateCaseNo({ caseId, prefix, year: 2026 })));
      const numbers = first.map((r) => r.caseNo);
      expect(new Set(numbers).size).toBe(10);
      for (const n of numbers) expect(n).toMatch(new RegExp(`^${prefix}-2026-\\d{6}$`));
      const again = await Promise.all(ids.map((caseId) => own.allocateCaseNo({ caseId, prefix, year: 2026 })));
      expect(again.map((r) => r.caseNo)).toEqual(numbers);
    },
  );
});

describe('the other documents the code shapes itself', () => {
  test('when an idempotency record or a case document holds an empty object, then it reads back as {}', async () => {
    const { Idempotency, Case } = stack.db.models;
    const id = randomUUID();
    await Idempotency.create({ _id: id, fingerprint: 'f', status: 200, view: { id, extra: {} }, caseId: id });
    expect((await Idempotency.findById(id).lean())?.view).toEqual({ id, extra: {} });
    await Case.create({ _id: id, id, caseNo: `ND-2026-${id}`, referral: {} });
    expect(await Case.findById(id).lean()).toMatchObject({ referral: {} });
  });
});

// --- over HTTP --------------------------------------------------------------------------------

describe('a paused and resumed case over HTTP', () => {
  const post = async (token: string, url: string, body: object) =>
    request(stack.app)
      .post(url)
      .set('Authorization', `Bearer ${token}`)
      .set('Idempotency-Key', randomUUID())
      .send(body);

  test('when a case is accepted, paused, resumed and a session recorded, then the auditor verifies it ok', async () => {
    const room = await stack.token('mediator', ROOM, 'u-1');
    const created = await post(room, '/api/v1/cases', intakeBody());
    expect(created.status).toBe(201);
    const id = created.body.id as string;
    for (const [action, body] of [
      ['accept', { track: 'people', assigneeId: 'u-1' }],
      ['pause', { reason: 'applicant in hospital' }],
      ['resume', {}],
      ['record-session', { heldAt: new Date().toISOString(), mode: 'on_site', attendees: ['A'], notes: 'n' }],
    ] as const) {
      const res = await post(room, `/api/v1/cases/${id}/actions/${action}`, body);
      expect({ action, status: res.status }).toEqual({ action, status: 200 });
    }
    const report = await request(stack.app)
      .get(`/api/v1/cases/${id}/verify`)
      .set('Authorization', `Bearer ${await stack.token('auditor', 'ND-JC', 'aud-1')}`);
    expect(report.status).toBe(200);
    expect(report.body).toMatchObject({ ok: true, chainOk: true, firstBadSeq: null, problems: [] });
  });
});

describe('ill-formed text at the API edge', () => {
  const LONE = '\ud800';

  test.each([
    [
      'a party name',
      intakeBody({
        parties: [
          { role: 'applicant', name: `林${LONE}` },
          { role: 'respondent', name: '陈某' },
        ],
      }),
      'parties.0.name',
    ],
    ['the summary', intakeBody({ summary: `leak ${LONE}` }), 'summary'],
    [
      'a guardian name',
      intakeBody({
        parties: [
          { role: 'applicant', name: 'A' },
          { role: 'respondent', name: 'B', minor: true, guardian: { name: '\udc00' } },
        ],
      }),
      'parties.1.guardian.name',
    ],
  ])(
    'when an intake carries a lone surrogate in %s, then 400 naming that field and no case',
    async (_what, body, field) => {
      const res = await request(stack.app)
        .post('/api/v1/cases')
        .set('Authorization', `Bearer ${await stack.token('mediator', ROOM)}`)
        .set('Idempotency-Key', randomUUID())
        .send(body);
      expect(res.status).toBe(400);
      expect(res.body.errors).toEqual(expect.arrayContaining([expect.objectContaining({ path: field })]));
    },
  );

  test('when an action carries a lone surrogate in its notes, attendees or reason, then 400 naming each field', async () => {
    const token = await stack.token('mediator', ROOM, 'u-1');
    const created = await request(stack.app)
      .post('/api/v1/cases')
      .set('Authorization', `Bearer ${token}`)
      .set('Idempotency-Key', randomUUID())
      .send(intakeBody());
    expect(created.status).toBe(201);
    const res = await request(stack.app)
      .post(`/api/v1/cases/${created.body.id}/actions/record-session`)
      .set('Authorization', `Bearer ${token}`)
      .send({
        heldAt: new Date().toISOString(),
        mode: 'on_site',
        attendees: ['A', `B${LONE}`],
        notes: `n${LONE}`,
        reason: `${LONE}r`,
      });
    expect(res.status).toBe(400);
    const paths = (res.body as { errors: Array<{ path: string }> }).errors.map((e) => e.path);
    expect(paths.sort()).toEqual(['attendees.1', 'notes', 'reason']);
    // A well-formed pair (an emoji) is text like any other.
    const ok = await request(stack.app)
      .post(`/api/v1/cases/${created.body.id}/actions/accept`)
      .set('Authorization', `Bearer ${token}`)
      .send({ track: 'people', assigneeId: 'u-1', reason: '已受理 👍' });
    expect(ok.status).toBe(200);
  });
});
