import { randomUUID } from 'node:crypto';
import { WithStartWorkflowOperation } from '@temporalio/client';
import request from 'supertest';
import { mongo } from 'mongoose';
import { disputeCase, intakeUpdate } from '../../workflows/dispute-case';
import { intakeBody, runKey, startTestStack, type TestStack } from '../support/stack';

let stack: TestStack;
let mediator: string;

beforeAll(async () => {
  stack = await startTestStack();
  mediator = await stack.token('mediator', 'ND-JC-JN-ROOM', 'u-1');
});
afterAll(() => stack.close());

const post = (key: string | null, body: unknown, token = mediator) => {
  const r = request(stack.app).post('/api/v1/cases').set('Authorization', `Bearer ${token}`);
  if (key !== null) r.set('Idempotency-Key', runKey(key));
  return r.send(body as object);
};

describe('intake', () => {
  test('when a mediator registers a case, then it is created in stage registered with a case number and masked-for-others parties', async () => {
    const res = await post('intake-1', intakeBody());
    expect(res.status).toBe(201);
    expect(res.headers.location).toBe(`/api/v1/cases/${res.body.id}`);
    expect(res.headers.etag).toBe(`"${res.body.version}"`);
    expect(res.body).toMatchObject({
      stage: 'registered',
      ownerOrgUnitId: 'ND-JC-JN-ROOM',
      caseNo: expect.stringMatching(/^ND-\d{4}-\d{6}$/),
    });
    expect(res.body.deadlines).toEqual([
      expect.objectContaining({ kind: 'acceptance', status: 'running', unit: 'working_days' }),
    ]);

    const other = await stack.token('supervisor', 'ND-JC', 'sup-county');
    const seen = await request(stack.app).get(`/api/v1/cases/${res.body.id}`).set('Authorization', `Bearer ${other}`);
    expect(seen.status).toBe(200);
    expect(seen.body.parties[0]).toMatchObject({ idNumberMasked: '350902********1237', phoneMasked: '138****0000' });
    expect(seen.body.parties[0].idNumber).toBeUndefined();
  });

  test('when 50 intakes share one Idempotency-Key concurrently, then exactly one case exists and all get the same body', async () => {
    const body = intakeBody({ summary: 'Concurrent intake of one dispute' });
    const responses = await Promise.all(Array.from({ length: 50 }, () => post('same-key-50', body)));
    const statuses = new Set(responses.map((r) => r.status));
    expect([...statuses]).toEqual([201]);
    const bodies = new Set(responses.map((r) => JSON.stringify(r.body)));
    expect(bodies.size).toBe(1);
    const count = await stack.db.models.Case.countDocuments({ summary: 'Concurrent intake of one dispute' });
    expect(count).toBe(1);
  });

  test('when the same key comes back later with the same body, then the first response is returned again', async () => {
    const body = intakeBody({ summary: 'Retried later' });
    const first = await post('retry-later', body);
    const accepted = await request(stack.app)
      .post(`/api/v1/cases/${first.body.id}/actions/accept`)
      .set('Authorization', `Bearer ${mediator}`)
      .send({ track: 'people', assigneeId: 'u-1' });
    expect(accepted.status).toBe(200);
    const again = await post('retry-later', body);
    expect(again.status).toBe(201);
    expect(again.body).toEqual(first.body);
  });

  test('when an intake fails before its case is asked (no case number: 503), then a corrected body under its key is filed', async () => {
    const refused = jest.spyOn(stack.db.models.CaseNumber, 'findById').mockImplementationOnce(() => {
      throw new mongo.MongoNetworkError('connection closed');
    });
    const first = await post('no-number', intakeBody({ summary: 'Typo in the first send' }));
    refused.mockRestore();
    expect(first.status).toBe(503);
    // Nothing was applied: the key is not bound to the first body (api.md's 422 is for a key reused after
    // a request it applied), so the corrected form goes through under it.
    const corrected = await post('no-number', intakeBody({ summary: 'Corrected summary' }));
    expect(corrected.status).toBe(201);
    expect(corrected.body.summary).toBe('Corrected summary');
  });

  test('when the same key is reused with a different body, then 422', async () => {
    await post('reused-key', intakeBody({ summary: 'first body' })).expect(201);
    const res = await post('reused-key', intakeBody({ summary: 'another body' }));
    expect(res.status).toBe(422);
    expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
  });

  test.each([
    [
      'invalid JSON',
      () =>
        request(stack.app)
          .post('/api/v1/cases')
          .set('Authorization', `Bearer ${mediator}`)
          .set('Idempotency-Key', runKey('bad-json'))
          .set('Content-Type', 'application/json')
          .send('{"category": '),
      400,
    ],
    ['a missing Idempotency-Key', () => post(null, intakeBody()), 400],
    ['missing fields', () => post('missing', { category: 'neighbor' }), 400],
    [
      'an invalid resident ID (check digit)',
      () =>
        post(
          'bad-id',
          intakeBody({
            parties: [
              { role: 'applicant', name: 'A', idNumber: '35090219800101123X' },
              { role: 'respondent', name: 'B' },
            ],
          }),
        ),
      400,
    ],
    [
      'no respondent',
      () =>
        post(
          'no-resp',
          intakeBody({
            parties: [
              { role: 'applicant', name: 'A' },
              { role: 'third_party', name: 'B' },
            ],
          }),
        ),
      400,
    ],
    ['an unknown org unit', () => post('unknown-unit', intakeBody({ orgUnitId: 'NOWHERE' })), 400],
    ['an unknown field', () => post('unknown-field', intakeBody({ extra: true })), 400],
    ['a future occurredOn', () => post('future', intakeBody({ occurredOn: '2999-01-01' })), 400],
    ['an oversized body', () => post('huge', intakeBody({ summary: 'x'.repeat(200_000) })), 413],
    [
      'no token',
      () => request(stack.app).post('/api/v1/cases').set('Idempotency-Key', runKey('k')).send(intakeBody()),
      401,
    ],
  ])('when the request has %s, then a problem+json %i and never a 5xx', async (_name, send, status) => {
    const res = await send();
    expect(res.status).toBe(status);
    expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(res.body).toMatchObject({
      status,
      title: expect.any(String),
      detail: expect.any(String),
      correlationId: expect.any(String),
    });
    expect(JSON.stringify(res.body)).not.toContain('350902198001011237');
  });

  test('when a mediator registers for a unit outside their own, then 403', async () => {
    const res = await post('elsewhere', intakeBody({ orgUnitId: 'ND-FA-CY-ROOM' }));
    expect(res.status).toBe(403);
  });

  test('when an auditor tries to register a case, then 403', async () => {
    const auditor = await stack.token('auditor', 'ND-JC');
    const res = await post('auditor', intakeBody(), auditor);
    expect(res.status).toBe(403);
  });
});

describe('case numbers (issue 14: one activity and one workflow task fewer per intake)', () => {
  const scheduled = async (caseId: string): Promise<string[]> => {
    const history = await stack.client.workflow.getHandle(`case-${caseId}`).fetchHistory();
    return (history.events ?? []).flatMap((e) =>
      e.activityTaskScheduledEventAttributes ? [e.activityTaskScheduledEventAttributes.activityType?.name ?? ''] : [],
    );
  };

  test('when the API registers a case, then it has allocated the number itself: the case schedules only the write of its events', async () => {
    const res = await post('caseno-api', intakeBody());
    expect(res.status).toBe(201);
    expect(res.body.caseNo).toMatch(/^ND-\d{4}-\d{6}$/);
    const id = String(res.body.id);
    expect(await scheduled(id)).toEqual(['recordEvents']);
    expect((await stack.db.models.CaseNumber.findById(id).lean())?.caseNo).toBe(res.body.caseNo);
  });

  test('when an intake arrives without a number (from an API process of before), then the case asks its activity for one', async () => {
    const caseId = randomUUID();
    const org = 'ND-JC-JN-ROOM';
    const result = await stack.client.workflow.executeUpdateWithStart(intakeUpdate, {
      args: [
        {
          command: {
            actor: { id: 'u-1', role: 'mediator', org },
            category: 'neighbor',
            source: 'walk_in',
            summary: '旧版接口登记',
            gridId: null,
            occurredOn: null,
            amountCny: null,
            riskLevel: 'low',
            owner: stack.tree.path(org),
            intakeFingerprint: runKey('caseno-old'),
            parties: [
              { role: 'applicant', name: '林某', idNumber: null, phone: null },
              { role: 'respondent', name: '陈某', idNumber: null, phone: null },
            ],
          },
        },
      ],
      startWorkflowOperation: new WithStartWorkflowOperation(disputeCase, {
        workflowId: `case-${caseId}`,
        taskQueue: stack.taskQueue,
        args: [{ caseId }],
        workflowIdConflictPolicy: 'FAIL',
      }),
    });
    expect(result.id).toBe(caseId);
    expect(await scheduled(caseId)).toEqual(['allocateCaseNo', 'recordEvents']);
    const stored = await stack.db.models.Case.findById(caseId).lean<{ caseNo: string }>();
    expect(stored?.caseNo).toMatch(/^ND-\d{4}-\d{6}$/);
    expect((await stack.db.models.CaseNumber.findById(caseId).lean())?.caseNo).toBe(stored?.caseNo);
  });
});
