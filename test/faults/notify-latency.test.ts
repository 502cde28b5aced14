/**
 * Notification delivery latency (issue 11: "report delivery latency p50/p99 under the fault-test load").
 * High-risk reports are made one at a time, first on an idle stack, then while the fault tests' load
 * (full case lifecycles, 32 at a time) runs; for each, the time from the report's answer to the owner
 * supervisor's inbox item and to the webhook's accepted POST. Printed, not asserted against a number
 * (the machines are noisy); every report must arrive, each exactly once.
 */
import request from 'supertest';
import { intakeBody, runKey, startTestStack, type TestStack } from '../support/stack';
import { receiver } from '../support/webhook-receiver';
import { driveLifecycles } from './fault-harness';

const VILLAGE = 'ND-JC-JN-V01';
const SECRET = 'latency-webhook-secret';
const REPORTS = Number(process.env.NOTIFY_REPORTS ?? 15);
const LOAD_CASES = Math.round(Number(process.env.FAULT_CASES ?? 200) * 0.75);
let stack: TestStack;

beforeAll(async () => {
  stack = await startTestStack({ logLevel: 'info' });
});
afterAll(() => stack.close());

const pct = (xs: number[], p: number) =>
  [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))]!;

test(
  'every high-risk report reaches the inbox and the webhook, idle and under load',
  async () => {
    const hook = await receiver(SECRET);
    const admin = await stack.token('admin', 'ND', 'admin-1');
    const user = await request(stack.app)
      .post('/api/v1/users')
      .set('Authorization', `Bearer ${admin}`)
      .send({
        login: `lat.sup.${Date.now() % 100000}`,
        name: '主管',
        role: 'supervisor',
        org: VILLAGE,
        password: 'Mediate-2026-room',
        reason: '测试',
      })
      .expect(201);
    const supervisor = await stack.token('supervisor', VILLAGE, user.body.id as string);
    await request(stack.app)
      .post('/api/v1/notification-channels')
      .set('Authorization', `Bearer ${admin}`)
      .send({ orgUnitId: VILLAGE, kind: 'webhook', url: hook.url, secret: SECRET })
      .expect(201);
    const mediator = await stack.token('mediator', VILLAGE, 'u-lat-mediator');

    let loading = false;
    let whileLoading = 0;
    const measure = async (label: string) => {
      whileLoading = 0;
      const inbox: number[] = [];
      const webhook: number[] = [];
      for (let i = 0; i < REPORTS; i++) {
        const c = await request(stack.app)
          .post('/api/v1/cases')
          .set('Authorization', `Bearer ${mediator}`)
          .set('Idempotency-Key', runKey(`lat-${label}-${i}`))
          .send(intakeBody({ orgUnitId: VILLAGE }))
          .expect(201);
        await request(stack.app)
          .post(`/api/v1/cases/${c.body.id}/actions/report-risk`)
          .set('Authorization', `Bearer ${mediator}`)
          .send({ level: 'high', reason: '扬言报复' })
          .expect(200);
        const sent = Date.now();
        let inInbox = 0;
        let atHook = 0;
        while ((!inInbox || !atHook) && Date.now() - sent < 60_000) {
          if (!inInbox) {
            const res = await request(stack.app)
              .get('/api/v1/notifications?limit=5')
              .set('Authorization', `Bearer ${supervisor}`);
            if ((res.body.items as Array<{ caseId: string }>).some((n) => n.caseId === c.body.id)) inInbox = Date.now();
          }
          if (!atHook && hook.got.some((g) => g.answered === 200 && JSON.parse(g.body).caseId === c.body.id))
            atHook = Date.now();
          await new Promise((r) => setTimeout(r, 20));
        }
        expect({ i, inInbox: inInbox > 0, atHook: atHook > 0 }).toEqual({ i, inInbox: true, atHook: true });
        if (loading) whileLoading++;
        inbox.push(inInbox - sent);
        webhook.push(atHook - sent);
      }
      process.stderr.write(
        `[faults] notification latency ${label} (${REPORTS} reports, ${whileLoading} of them with the load running; from the report's answer): inbox p50 ${pct(inbox, 50)} ms p99 ${pct(inbox, 99)} ms; webhook p50 ${pct(webhook, 50)} ms p99 ${pct(webhook, 99)} ms\n`,
      );
    };

    try {
      await measure('idle');
      loading = true;
      const load = driveLifecycles(stack, { cases: LOAD_CASES, concurrency: 32, prefix: 'lat-load' }).finally(() => {
        loading = false;
      });
      await new Promise((r) => setTimeout(r, 5_000));
      await measure('under load');
      await load;
      const ids = hook.got.filter((g) => g.answered === 200).map((g) => g.headers['x-notification-id']);
      expect(new Set(ids).size).toBe(ids.length);
      expect(ids).toHaveLength(2 * REPORTS);
    } finally {
      await hook.close();
    }
  },
  15 * 60_000,
);
