/**
 * `GET /metrics` (api.md: Prometheus metrics, unauthenticated): request counts and latencies by method,
 * matched route and status — the route as a pattern, never a raw case id — the process's own figures,
 * the read-model gauges, and the counters of cases opened and closed and of deadlines warned and
 * breached, as the event log holds them.
 */
import express from 'express';
import request from 'supertest';
import { CaseIndex } from '../../api/case-index';
import { LiveFeed } from '../../api/live-feed';
import { createMetrics } from '../../api/metrics';
import { shortPolicy } from '../support/short-policy';
import { runCleanUpSchedule } from '../support/clean-up-run';
import { startTallyCount } from '../../worker/clean-up-schedule';
import { tallyPassesQuery } from '../../workflows/clean-up';
import { intakeBody, runKey, startTestStack, type TestStack } from '../support/stack';

let stack: TestStack;
beforeAll(async () => {
  stack = await startTestStack();
});
afterAll(() => stack.close());

/** A metrics handler of its own, counting from a case index of its own, as an API process does. */
function ownMetrics(readModelTtlMs: number) {
  const metrics = createMetrics(stack.db.models, { readModelTtlMs });
  const index = new CaseIndex(stack.db.models, new LiveFeed(stack.db.models, { lookbackMs: 2_000 }));
  metrics.countCasesFrom(() => index.select({}));
  return express().get('/metrics', metrics.serve);
}

/** The value of one series in Prometheus's text format, or undefined. */
function sample(text: string, series: string): number | undefined {
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

test('when a case is registered and read, then /metrics counts both by route pattern and shows the case by stage', async () => {
  const mediator = await stack.token('mediator', 'ND-JC-JN-ROOM', 'metrics');
  const created = await request(stack.app)
    .post('/api/v1/cases')
    .set('Authorization', `Bearer ${mediator}`)
    .set('Idempotency-Key', 'metrics-1')
    .send(intakeBody({ summary: 'counted' }));
  expect(created.status).toBe(201);
  const id = created.body.id as string;
  expect((await request(stack.app).get(`/api/v1/cases/${id}`).set('Authorization', `Bearer ${mediator}`)).status).toBe(
    200,
  );

  const res = await request(stack.app).get('/metrics');
  expect(res.status).toBe(200);
  expect(res.headers['content-type']).toMatch(/^text\/plain/);
  const text = res.text;
  expect(sample(text, 'http_requests_total{method="POST",route="/api/v1/cases",status="201"}')).toBeGreaterThanOrEqual(
    1,
  );
  expect(
    sample(text, 'http_requests_total{method="GET",route="/api/v1/cases/:id",status="200"}'),
  ).toBeGreaterThanOrEqual(1);
  expect(
    sample(text, 'http_request_duration_seconds_count{method="POST",route="/api/v1/cases",status="201"}'),
  ).toBeGreaterThanOrEqual(1);
  expect(text).not.toContain(id);
  expect(sample(text, 'mediation_cases{stage="registered"}')).toBeGreaterThanOrEqual(1);
  expect(sample(text, 'mediation_notifications_pending')).toBeGreaterThanOrEqual(0);
  expect(text).toMatch(/^process_cpu_seconds_total /m);
});

test('when a case is registered and another withdrawn, then the opened and closed counters each grow by one', async () => {
  // The app's own /metrics keeps its counts for 5 minutes: these scrapes count afresh, through the same handler.
  const metricsApp = ownMetrics(0);
  const series = async () => (await request(metricsApp).get('/metrics').expect(200)).text;
  const opened = 'mediation_cases_opened_total';
  const withdrawn = 'mediation_cases_closed_total{outcome="withdrawn"}';
  const before = await series();
  expect(before).toContain(`# TYPE ${opened} counter`);
  expect(before).toContain('# TYPE mediation_cases_closed_total counter');

  const mediator = await stack.token('mediator', 'ND-JC-JN-ROOM', 'metrics');
  const created = await request(stack.app)
    .post('/api/v1/cases')
    .set('Authorization', `Bearer ${mediator}`)
    .set('Idempotency-Key', runKey('metrics-counters'))
    .send(intakeBody());
  expect(created.status).toBe(201);
  const afterIntake = await series();
  expect(sample(afterIntake, opened)).toBe(sample(before, opened)! + 1);
  expect(sample(afterIntake, withdrawn) ?? 0).toBe(sample(before, withdrawn) ?? 0);

  await request(stack.app)
    .post(`/api/v1/cases/${created.body.id as string}/actions/withdraw`)
    .set('Authorization', `Bearer ${mediator}`)
    .send({ reason: 'the parties settled privately' })
    .expect(200);
  const afterWithdraw = await series();
  expect(sample(afterWithdraw, opened)).toBe(sample(afterIntake, opened));
  expect(sample(afterWithdraw, withdrawn)).toBe((sample(before, withdrawn) ?? 0) + 1);
});

test('when a process has counted every case, then every outcome and deadline kind of domain.md has its counter series, even before its first event', async () => {
  // Prometheus's increase() takes a series' first sample as its start: a label first scraped at 1 would
  // never count its first event.
  const outcomes = ['resolved', 'rejected', 'withdrawn', 'failed_referred', 'unperformed_referred'];
  const kinds = [
    'acceptance',
    'mediation',
    'takeover',
    'confirmation_window',
    'confirmation_decision',
    'follow_up',
    'risk_response',
  ];
  const text = (await request(ownMetrics(0)).get('/metrics').expect(200)).text;
  expect(sample(text, 'mediation_cases_untallied')).toBe(0);
  for (const outcome of outcomes)
    expect(sample(text, `mediation_cases_closed_total{outcome="${outcome}"}`)).toEqual(expect.any(Number));
  for (const series of ['mediation_deadlines_warned_total', 'mediation_deadlines_breached_total'])
    for (const kind of kinds) expect(sample(text, `${series}{kind="${kind}"}`)).toEqual(expect.any(Number));
  // A label no event of this stack has reached reads 0.
  expect(sample(text, 'mediation_deadlines_breached_total{kind="confirmation_decision"}')).toBe(0);
});

test('when a case was stored by a worker from before the tally, then it is untallied, a new process shows no counter, and the clean-up schedule counts it, never the API', async () => {
  const counters = async (metricsApp: express.Express) => {
    const text = (await request(metricsApp).get('/metrics').expect(200)).text;
    return [
      sample(text, 'mediation_cases_opened_total'),
      sample(text, 'mediation_cases_closed_total{outcome="withdrawn"}') ?? 0,
      sample(text, 'mediation_cases_untallied'),
    ];
  };
  // A process running all along.
  const running = ownMetrics(0);
  const [opened, withdrawn, untallied] = await counters(running);
  expect(opened).toEqual(expect.any(Number));
  const mediator = await stack.token('mediator', 'ND-JC-JN-ROOM', 'metrics');
  const created = await request(stack.app)
    .post('/api/v1/cases')
    .set('Authorization', `Bearer ${mediator}`)
    .set('Idempotency-Key', runKey('metrics-older'))
    .send(intakeBody());
  expect(created.status).toBe(201);
  const id = created.body.id as string;
  await request(stack.app)
    .post(`/api/v1/cases/${id}/actions/withdraw`)
    .set('Authorization', `Bearer ${mediator}`)
    .send({ reason: 'the parties settled privately' })
    .expect(200);

  // As a worker from before the tally left it.
  await stack.db.models.Case.collection.updateOne({ _id: id as never }, { $unset: { tally: 1, tallyVersion: 1 } });
  expect(await counters(running)).toEqual([opened, withdrawn, untallied! + 1]);
  const text = (await request(ownMetrics(0)).get('/metrics').expect(200)).text;
  expect(text).not.toMatch(/^mediation_(cases|deadlines)_\w+_total/m);
  expect(sample(text, 'mediation_cases_untallied')).toBe(untallied! + 1);
  expect(await stack.db.models.CaseTally.collection.countDocuments({ _id: id as never })).toBe(0);

  // Counted by the clean-up schedule's run, as Temporal starts it.
  expect(await runCleanUpSchedule(stack, { retentionDays: 30 })).toMatchObject({
    tallies: { counted: expect.any(Number) as number },
  });
  const stored = await stack.db.models.Case.collection.findOne({ _id: id as never });
  expect(await stack.db.models.CaseTally.collection.findOne({ _id: id as never })).toEqual({
    _id: id,
    version: stored!.version,
    tally: { opened: 1, closed: { withdrawn: 1 }, warned: {}, breached: {} },
  });
  expect(await counters(running)).toEqual([opened! + 1, withdrawn! + 1, untallied]);
  expect(await counters(ownMetrics(0))).toEqual([opened! + 1, withdrawn! + 1, untallied]);
});

test('when a worker starts while a case is untallied, then its count counts it, and passes again until none is behind (an older worker still writing during a deploy)', async () => {
  const mediator = await stack.token('mediator', 'ND-JC-JN-ROOM', 'metrics');
  const register = async (key: string): Promise<string> => {
    const created = await request(stack.app)
      .post('/api/v1/cases')
      .set('Authorization', `Bearer ${mediator}`)
      .set('Idempotency-Key', runKey(key))
      .send(intakeBody());
    expect(created.status).toBe(201);
    return created.body.id as string;
  };
  // As a worker from before the tally leaves a case.
  const byOlderWorker = (id: string) =>
    stack.db.models.Case.collection.updateOne({ _id: id as never }, { $unset: { tally: 1, tallyVersion: 1 } });
  const kept = (id: string) => stack.db.models.CaseTally.collection.findOne({ _id: id as never });
  const first = await register('metrics-worker-start-1');
  const second = await register('metrics-worker-start-2');
  await byOlderWorker(first);
  const before = (await request(ownMetrics(0)).get('/metrics').expect(200)).text;
  expect(sample(before, 'mediation_cases_untallied')).toBeGreaterThanOrEqual(1);
  expect(before).not.toMatch(/^mediation_cases_opened_total /m);

  // What a worker's start runs (worker/clean-up-schedule.ts `scheduleCleanUpFromConfig`), its passes 5 s apart.
  const count = await startTallyCount(stack.client, { taskQueue: stack.taskQueue, input: { passApartMs: 5_000 } });
  for (const until = Date.now() + 30_000; !(await kept(first)); await new Promise((r) => setTimeout(r, 100)))
    if (Date.now() > until) throw new Error('the first pass did not count the case within 30 s');
  // An older worker, still running, writes the second case after the first pass.
  await byOlderWorker(second);
  const passes = await count.result();
  expect(passes.at(-1)).toMatchObject({ counted: 0, failedCount: 0 });
  for (const id of [first, second])
    expect(await kept(id)).toEqual({
      _id: id,
      version: (await stack.db.models.Case.collection.findOne({ _id: id as never }))!.version,
      tally: { opened: 1, closed: {}, warned: {}, breached: {} },
    });
  const after = (await request(ownMetrics(0)).get('/metrics').expect(200)).text;
  expect(sample(after, 'mediation_cases_untallied')).toBe(0);
  // Every case stored was registered once.
  expect(sample(after, 'mediation_cases_opened_total')).toBe(await stack.db.models.Case.countDocuments());
});

test('when a worker starts while the count runs, then the count makes one more pass before it ends (the last worker of a deploy)', async () => {
  // Nothing is behind: a run alone makes two passes, the first at its start and one more, apart from it.
  const input = { passApartMs: 4_000 };
  const alone = await (await startTallyCount(stack.client, { taskQueue: stack.taskQueue, input })).result();
  expect(alone).toHaveLength(2);
  const count = await startTallyCount(stack.client, { taskQueue: stack.taskQueue, input });
  const passesSoFar = () => count.query(tallyPassesQuery).catch((): unknown[] => []);
  for (
    const until = Date.now() + 30_000;
    (await passesSoFar()).length === 0;
    await new Promise((r) => setTimeout(r, 100))
  )
    if (Date.now() > until) throw new Error('no first pass within 30 s');
  // Another worker starts during the first sleep.
  await startTallyCount(stack.client, { taskQueue: stack.taskQueue, input });
  const passes = await count.result();
  expect(passes).toHaveLength(3);
  for (const pass of passes) expect(pass).toMatchObject({ counted: 0, failedCount: 0 });
});

test('when the counts are older than their time to live, then a scrape answers at once with them, says their age, and a later one has the new count', async () => {
  // A count scans the outbox: a scrape must not wait for it, or Prometheus's
  // scrape timeout would drop every series of the process.
  const TTL_MS = 1000;
  const metricsApp = ownMetrics(TTL_MS);
  const series = async () => (await request(metricsApp).get('/metrics').expect(200)).text;
  const opened = 'mediation_cases_opened_total';
  const age = 'mediation_read_model_count_age_seconds';
  const first = await series(); // the first count: waited for
  expect(sample(first, age)).toBeLessThan(TTL_MS / 1000);

  const mediator = await stack.token('mediator', 'ND-JC-JN-ROOM', 'metrics');
  await request(stack.app)
    .post('/api/v1/cases')
    .set('Authorization', `Bearer ${mediator}`)
    .set('Idempotency-Key', runKey('metrics-stale'))
    .send(intakeBody())
    .expect(201);
  await new Promise((r) => setTimeout(r, TTL_MS + 50));
  const stale = await series();
  expect(sample(stale, opened)).toBe(sample(first, opened));
  expect(sample(stale, age)).toBeGreaterThanOrEqual(TTL_MS / 1000);

  let fresh = stale;
  for (const until = Date.now() + 10_000; sample(fresh, opened) === sample(first, opened);) {
    if (Date.now() > until) throw new Error('no new count within 10 s');
    await new Promise((r) => setTimeout(r, 50));
    fresh = await series();
  }
  expect(sample(fresh, opened)).toBe(sample(first, opened)! + 1);
  expect(sample(fresh, age)).toBeLessThan(TTL_MS / 1000);
});

describe('with deadlines of seconds', () => {
  const ACCEPTANCE_S = 3;
  let short: TestStack;
  beforeAll(async () => {
    short = await startTestStack({ policy: shortPolicy({ acceptance: ACCEPTANCE_S }, 3600) });
  });
  afterAll(() => short.close());

  test('when a case is not accepted in time, then /metrics counts one warning and one breach of its acceptance deadline', async () => {
    const mediator = await short.token('mediator', 'ND-JC-JN-ROOM', 'metrics');
    const created = await request(short.app)
      .post('/api/v1/cases')
      .set('Authorization', `Bearer ${mediator}`)
      .set('Idempotency-Key', runKey('metrics-deadlines'))
      .send(intakeBody());
    expect(created.status).toBe(201);
    // Until the breach is stored in the case, the case's view and its counts may not have it yet.
    const breachedInView = { _id: created.body.id as string, 'deadlines.status': 'breached' as const };
    for (const until = Date.now() + 20_000; !(await short.db.models.Case.exists(breachedInView));) {
      if (Date.now() > until) throw new Error('the acceptance deadline was not breached within 20 s');
      await new Promise((r) => setTimeout(r, 200));
    }

    // The stack's database is the test's own: this case's events are all there are.
    const text = (await request(short.app).get('/metrics').expect(200)).text;
    for (const name of ['mediation_deadlines_warned_total', 'mediation_deadlines_breached_total']) {
      expect(text).toMatch(new RegExp(`^# HELP ${name} \\S`, 'm'));
      expect(text).toContain(`# TYPE ${name} counter`);
      expect(sample(text, `${name}{kind="acceptance"}`)).toBe(1);
      const others = text.split('\n').filter((l) => l.startsWith(`${name}{kind=`) && !l.includes('"acceptance"'));
      expect(others.length).toBeGreaterThan(0);
      for (const line of others) expect(line).toMatch(/ 0$/);
    }
    expect(sample(text, 'mediation_cases_opened_total')).toBe(1);
  });
});
