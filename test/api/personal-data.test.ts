/** Personal data: exact lookup through the keyed hash, and the payload codec endpoint of the Temporal UI. */
import request from 'supertest';
import { intakeBody, runKey, startTestStack, type TestStack } from '../support/stack';

let stack: TestStack;

beforeAll(async () => {
  stack = await startTestStack();
});
afterAll(() => stack.close());

test('when staff look a party up by resident ID, then the case is found through the keyed hash, and the stored document holds no plain number', async () => {
  const mediator = await stack.token('mediator', 'ND-JC-JN-ROOM', 'm-pd');
  const created = await request(stack.app)
    .post('/api/v1/cases')
    .set('Authorization', `Bearer ${mediator}`)
    .set('Idempotency-Key', runKey('pd-1'))
    .send(intakeBody());
  await request(stack.app)
    .post('/api/v1/cases')
    .set('Authorization', `Bearer ${mediator}`)
    .set('Idempotency-Key', runKey('pd-2'))
    .send(
      intakeBody({
        parties: [
          { role: 'applicant', name: 'X', idNumber: '11010519491231002X' },
          { role: 'respondent', name: 'Y' },
        ],
      }),
    );
  const found = await request(stack.app)
    .get('/api/v1/cases?partyIdNumber=350902198001011237')
    .set('Authorization', `Bearer ${mediator}`);
  expect(found.status).toBe(200);
  expect((found.body.items as Array<{ id: string }>).map((c) => c.id)).toEqual([created.body.id]);
  const raw = JSON.stringify(await stack.db.models.Case.collection.findOne({ _id: created.body.id }));
  expect(raw).not.toContain('350902198001011237');
  expect(raw).not.toContain('13800000000');
  expect(
    (await request(stack.app).get('/api/v1/cases?partyIdNumber=123').set('Authorization', `Bearer ${mediator}`)).status,
  ).toBe(400);
});

test('when the Temporal UI calls the codec, then auditors get payloads decoded; other roles and anonymous callers do not', async () => {
  const plain = {
    metadata: { encoding: Buffer.from('json/plain').toString('base64') },
    data: Buffer.from('{"hello":"世界"}').toString('base64'),
  };
  const auditor = await stack.token('auditor', 'ND-JC');
  const encoded = await request(stack.app)
    .post('/codec/encode')
    .set('Authorization', `Bearer ${auditor}`)
    .send({ payloads: [plain] });
  expect(encoded.status).toBe(200);
  expect(Buffer.from(String(encoded.body.payloads[0].metadata.encoding), 'base64').toString()).toBe('binary/encrypted');
  expect(Buffer.from(String(encoded.body.payloads[0].data), 'base64').toString()).not.toContain('hello');
  const decoded = await request(stack.app)
    .post('/codec/decode')
    .set('Authorization', `Bearer ${auditor}`)
    .set('Origin', 'http://127.0.0.1:8233')
    .send(encoded.body);
  expect(decoded.status).toBe(200);
  expect(decoded.headers['access-control-allow-origin']).toBe('http://127.0.0.1:8233');
  expect(Buffer.from(String(decoded.body.payloads[0].data), 'base64').toString()).toBe('{"hello":"世界"}');
  const mediator = await stack.token('mediator', 'ND-JC-JN-ROOM');
  expect(
    (await request(stack.app).post('/codec/decode').set('Authorization', `Bearer ${mediator}`).send(encoded.body))
      .status,
  ).toBe(403);
  expect((await request(stack.app).post('/codec/decode').send(encoded.body)).status).toBe(401);
  expect(
    (await request(stack.app).post('/codec/decode').set('Authorization', `Bearer ${auditor}`).send({ nope: 1 })).status,
  ).toBe(400);
});
