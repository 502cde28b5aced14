/**
 * Statistics by group (api.md "Statistics and documents": `groupBy`, `format=csv`) over cases made through
 * the real API in one township, ND-JC-JN, with the expected numbers counted by hand from domain.md.
 *
 * | case | registered by (owner) | category | what happens                              | ends as            |
 * | R1   | ND-JC-JN-ROOM          | neighbor | accept (people), session, agreement, paid | closed, resolved   |
 * | R2   | ND-JC-JN-ROOM          | contract | withdrawn before acceptance               | closed, withdrawn  |
 * | R3   | ND-JC-JN-ROOM          | neighbor | accept (people)                           | accepted           |
 * | V1   | ND-JC-JN-V01           | contract | accept (people), withdrawn                | closed, withdrawn  |
 * | V2   | ND-JC-JN-V01           | neighbor | registered at high risk                   | registered         |
 * | T1   | ND-JC-JN itself        | damages  | registered                                | registered         |
 *
 * R1's mediation deadline is met by the agreement; V1's is cancelled by the withdrawal (not "ended" for
 * onTimeRate); V2's high risk starts a risk_response deadline. All close today, so each daysToClose is 0.
 */
import request from 'supertest';
import { contractProblems, responseSchema } from '../support/contract-check';
import { intakeBody, runKey, startTestStack, type TestStack } from '../support/stack';

let stack: TestStack;
let supervisor: string;
const SHANGHAI = 8 * 3_600_000;
const today = new Date(Date.now() + SHANGHAI).toISOString().slice(0, 10);
const [year, month] = [Number(today.slice(0, 4)), Number(today.slice(5, 7))];
/** `YYYY-MM` of the month `back` months before this one. */
const monthBefore = (back: number): string => {
  const d = new Date(Date.UTC(year, month - 1 - back, 1));
  return d.toISOString().slice(0, 7);
};
const period = { from: `${monthBefore(2)}-01`, to: today };

beforeAll(async () => {
  stack = await startTestStack();
  supervisor = await stack.token('supervisor', 'ND-JC', 'sup-groups');
  const token = {
    room: await stack.token('mediator', 'ND-JC-JN-ROOM', 'u-room'),
    v01: await stack.token('mediator', 'ND-JC-JN-V01', 'u-v01'),
    town: await stack.token('mediator', 'ND-JC-JN', 'u-town'),
  };
  const register = async (key: string, tok: string, body: Record<string, unknown>): Promise<string> => {
    const res = await request(stack.app)
      .post('/api/v1/cases')
      .set('Authorization', `Bearer ${tok}`)
      .set('Idempotency-Key', runKey(`groups-${key}`))
      .send(intakeBody(body));
    expect(res.status).toBe(201);
    return res.body.id as string;
  };
  const act = async (id: string, tok: string, action: string, body: object): Promise<void> => {
    const res = await request(stack.app)
      .post(`/api/v1/cases/${id}/actions/${action}`)
      .set('Authorization', `Bearer ${tok}`)
      .send(body);
    expect({ action, status: res.status }).toEqual({ action, status: 200 });
  };
  const r1 = await register('r1', token.room, { orgUnitId: 'ND-JC-JN-ROOM', category: 'neighbor' });
  await act(r1, token.room, 'accept', { track: 'people', assigneeId: 'u-room' });
  await act(r1, token.room, 'record-session', {
    heldAt: new Date().toISOString(),
    mode: 'on_site',
    attendees: ['林某', '陈某'],
    notes: 'first',
  });
  await act(r1, token.room, 'record-agreement', { terms: '陈某赔偿林某3000元', signedOn: today });
  await act(r1, token.room, 'record-follow-up', { visitedOn: today, performed: true, notes: 'paid' });
  const r2 = await register('r2', token.room, { orgUnitId: 'ND-JC-JN-ROOM', category: 'contract' });
  await act(r2, token.room, 'withdraw', { reason: 'settled privately' });
  const r3 = await register('r3', token.room, { orgUnitId: 'ND-JC-JN-ROOM', category: 'neighbor' });
  await act(r3, token.room, 'accept', { track: 'people', assigneeId: 'u-room' });
  const v1 = await register('v1', token.v01, { orgUnitId: 'ND-JC-JN-V01', category: 'contract' });
  await act(v1, token.v01, 'accept', { track: 'people', assigneeId: 'u-v01' });
  await act(v1, token.v01, 'withdraw', { reason: 'settled privately' });
  await register('v2', token.v01, { orgUnitId: 'ND-JC-JN-V01', category: 'neighbor', riskLevel: 'high' });
  await register('t1', token.town, { orgUnitId: 'ND-JC-JN', category: 'damages' });
});
afterAll(() => stack.close());

const stats = (query: Record<string, string>, accept?: string) => {
  const req = request(stack.app)
    .get('/api/v1/stats')
    .query({ orgUnitId: 'ND-JC-JN', ...period, ...query })
    .set('Authorization', `Bearer ${supervisor}`);
  return accept ? req.set('Accept', accept) : req;
};

/** The metrics with no case: every count 0, every rate and the median undefined. */
const EMPTY = {
  total: 0,
  closed: 0,
  resolved: 0,
  resolvedAtGrassroots: 0,
  unperformedReferred: 0,
  mediationDeadlines: { met: 0, breached: 0 },
  overdueOpen: 0,
  riskRaised: 0,
  medianDaysToClose: null,
  rates: { resolutionRate: null, grassrootsRate: null, onTimeRate: null, performanceRate: null },
};

const TOTAL = {
  total: 6,
  byStage: { closed: 3, accepted: 1, registered: 2 },
  byOutcome: { resolved: 1, withdrawn: 2 },
  byCategory: { neighbor: 3, contract: 2, damages: 1 },
  byTrack: { people: 3, none: 3 },
  closed: 3,
  resolved: 1,
  resolvedAtGrassroots: 1, // R1, owned by a station room
  unperformedReferred: 0,
  mediationDeadlines: { met: 1, breached: 0 },
  overdueOpen: 0,
  riskRaised: 1,
  medianDaysToClose: 0,
  rates: { resolutionRate: 0.3333, grassrootsRate: 1, onTimeRate: 1, performanceRate: 1 },
};

const ROOM = {
  key: 'ND-JC-JN-ROOM',
  name: '蕉南街道派出所驻所调解室',
  total: 3,
  closed: 2,
  resolved: 1,
  resolvedAtGrassroots: 1,
  unperformedReferred: 0,
  mediationDeadlines: { met: 1, breached: 0 },
  overdueOpen: 0,
  riskRaised: 0,
  medianDaysToClose: 0,
  rates: { resolutionRate: 0.5, grassrootsRate: 1, onTimeRate: 1, performanceRate: 1 },
};
const V01 = {
  key: 'ND-JC-JN-V01',
  name: '蕉南街道一村村民委员会人民调解委员会',
  total: 2,
  closed: 1,
  resolved: 0,
  resolvedAtGrassroots: 0,
  unperformedReferred: 0,
  mediationDeadlines: { met: 0, breached: 0 },
  overdueOpen: 0,
  riskRaised: 1,
  medianDaysToClose: 0,
  rates: { resolutionRate: 0, grassrootsRate: null, onTimeRate: null, performanceRate: null },
};
const TOWN = { ...EMPTY, key: 'ND-JC-JN', name: '蕉南街道矛盾纠纷调处中心', total: 1 };

describe('groupBy', () => {
  test('when grouped by child unit, then each child is a bucket ranked by cases, the township itself under its own id', async () => {
    const res = await stats({ groupBy: 'childUnit' });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ orgUnitId: 'ND-JC-JN', groupBy: 'childUnit', total: TOTAL });
    expect(res.body.buckets).toHaveLength(3);
    expect(res.body.buckets).toMatchObject([ROOM, V01, TOWN]);
  });

  test('when grouped by month, then every month of the period is a bucket, the empty ones too', async () => {
    const res = await stats({ groupBy: 'month' });
    expect(res.status).toBe(200);
    expect(res.body.buckets).toMatchObject([
      { key: monthBefore(2), ...EMPTY },
      { key: monthBefore(1), ...EMPTY },
      { key: today.slice(0, 7), ...TOTAL },
    ]);
  });

  test('when grouped by category or track, then a bucket per value, none where a case has no track', async () => {
    const byCategory = await stats({ groupBy: 'category' });
    expect(byCategory.body.buckets).toMatchObject([
      { key: 'neighbor', total: 3, closed: 1, resolved: 1, riskRaised: 1, rates: { resolutionRate: 1 } },
      { key: 'contract', total: 2, closed: 2, resolved: 0, rates: { resolutionRate: 0, onTimeRate: null } },
      { key: 'damages', ...EMPTY, total: 1 },
    ]);
    const byTrack = await stats({ groupBy: 'track' });
    expect(byTrack.body.buckets).toMatchObject([
      // A tie on cases goes by key.
      { key: 'none', total: 3, closed: 1, resolved: 0, riskRaised: 1, mediationDeadlines: { met: 0, breached: 0 } },
      { key: 'people', total: 3, closed: 2, resolved: 1, mediationDeadlines: { met: 1, breached: 0 } },
    ]);
  });

  test('when grouped any way, then the buckets add up to the total, which is the ungrouped answer', async () => {
    const plain = await stats({});
    const { orgUnitId: _u, from: _f, to: _t, ...metrics } = plain.body as Record<string, unknown>;
    expect(metrics).toMatchObject(TOTAL);
    for (const groupBy of ['month', 'childUnit', 'category', 'track']) {
      const res = await stats({ groupBy });
      expect(res.body.total).toEqual(metrics);
      const sum = (f: (b: typeof TOTAL) => number) =>
        (res.body.buckets as (typeof TOTAL)[]).reduce((s, b) => s + f(b), 0);
      expect({
        groupBy,
        total: sum((b) => b.total),
        closed: sum((b) => b.closed),
        resolved: sum((b) => b.resolved),
      }).toEqual({ groupBy, total: 6, closed: 3, resolved: 1 });
    }
  });

  test('when groupBy or format is not one of the documented values, then 400', async () => {
    expect((await stats({ groupBy: 'week' })).status).toBe(400);
    expect((await stats({ groupBy: 'childUnit', format: 'xml' })).status).toBe(400);
  });

  test('when grouped, then the answer is exactly as the served document says', async () => {
    const doc = (await request(stack.app).get('/openapi.json')).body as Record<string, unknown>;
    const schema = responseSchema(doc, 'get', '/api/v1/stats', 200);
    for (const groupBy of [undefined, 'month', 'childUnit', 'category', 'track']) {
      const res = await stats(groupBy ? { groupBy } : {});
      expect({ groupBy, problems: contractProblems(doc, schema, res.body) }).toEqual({ groupBy, problems: [] });
    }
  });
});

/** RFC 4180 fields: quoted ones may hold commas, doubled quotes and line breaks. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\r' && text[i + 1] === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
      i++;
    } else field += c;
  }
  if (field !== '' || row.length > 0) rows.push([...row, field]);
  return rows;
}

describe('format=csv', () => {
  test('when asked for CSV by child unit, then a BOM, Chinese headings, a row per bucket and 合计, the same numbers as the JSON', async () => {
    const json = (await stats({ groupBy: 'childUnit' })).body as { total: typeof TOTAL; buckets: (typeof ROOM)[] };
    const res = await stats({ groupBy: 'childUnit', format: 'csv' })
      .buffer(true)
      .parse((r, done) => {
        const chunks: Buffer[] = [];
        r.on('data', (c: Buffer) => chunks.push(c));
        r.on('end', () => done(null, Buffer.concat(chunks)));
      });
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(res.headers['content-disposition']).toMatch(/^attachment; .*filename\*=UTF-8''[^;]+\.csv$/);
    const bytes = res.body as Buffer;
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = bytes.toString('utf8');
    expect(text.endsWith('\r\n')).toBe(true);
    const [heading, ...rows] = parseCsv(text.slice(1));
    expect(heading).toEqual([
      '单位编码',
      '单位名称',
      '案件数',
      '已办结',
      '调解成功',
      '基层调解成功',
      '协议未履行已引导',
      '调解期限按期',
      '调解期限超期',
      '逾期未结',
      '风险预警',
      '办结天数中位数',
      '化解率(%)',
      '矛盾不上交率(%)',
      '按期办结率(%)',
      '履行率(%)',
    ]);
    expect(rows).toHaveLength(json.buckets.length + 1);
    expect(rows.map((r) => r[0])).toEqual(['ND-JC-JN-ROOM', 'ND-JC-JN-V01', 'ND-JC-JN', '合计']);
    const asJson = (r: string[]) => {
      const n = (i: number) => (r[i] === '' ? null : Number(r[i]));
      const pct = (i: number) => (r[i] === '' ? null : Math.round(Number(r[i]) * 100) / 10_000);
      return {
        total: n(2),
        closed: n(3),
        resolved: n(4),
        resolvedAtGrassroots: n(5),
        unperformedReferred: n(6),
        mediationDeadlines: { met: n(7), breached: n(8) },
        overdueOpen: n(9),
        riskRaised: n(10),
        medianDaysToClose: n(11),
        rates: { resolutionRate: pct(12), grassrootsRate: pct(13), onTimeRate: pct(14), performanceRate: pct(15) },
      };
    };
    [...json.buckets, json.total].forEach((b, i) => expect(b).toMatchObject(asJson(rows[i]!)));
    expect(rows[0]![1]).toBe(ROOM.name);
    expect(rows[3]!.slice(12)).toEqual(['33.33', '100.00', '100.00', '100.00']);
  });

  test('when Accept asks for text/csv, then CSV; format=json wins over it; without groupBy, the 合计 row alone', async () => {
    const byAccept = await stats({ groupBy: 'category' }, 'text/csv');
    expect(byAccept.headers['content-type']).toBe('text/csv; charset=utf-8');
    const rows = parseCsv(byAccept.text.replace(/^\uFEFF/, ''));
    expect(rows.map((r) => r.slice(0, 3))).toEqual([
      ['纠纷类别', '类别名称', '案件数'],
      ['neighbor', '邻里纠纷', '3'],
      ['contract', '合同纠纷', '2'],
      ['damages', '损害赔偿纠纷', '1'],
      ['合计', '', '6'],
    ]);
    const json = await stats({ groupBy: 'category', format: 'json' }, 'text/csv');
    expect(json.headers['content-type']).toMatch(/^application\/json/);
    const plain = await stats({ format: 'csv' });
    const plainRows = parseCsv(plain.text.replace(/^\uFEFF/, ''));
    expect(plainRows).toHaveLength(2);
    expect(plainRows[1]!.slice(0, 3)).toEqual(['合计', '6', '3']);
  });
});
