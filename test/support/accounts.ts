/** A console account made the way an administrator makes one (`POST /api/v1/users`), for tests that
 * need a real holder of a role in a unit (notification recipients, sign-ins). */
import type { Express } from 'express';
import request from 'supertest';

export const TEST_PASSWORD = 'Mediate-2026-room';

/** The new user's id; the login gets a suffix so that reruns against one database do not collide. */
export async function createAccount(app: Express, adminToken: string, login: string, role: string, org: string) {
  const res = await request(app)
    .post('/api/v1/users')
    .set('Authorization', `Bearer ${adminToken}`)
    .send({
      login: `${login}.${Date.now() % 100000}`,
      name: '测试用户',
      role,
      org,
      password: TEST_PASSWORD,
      reason: '测试',
    });
  expect(res.status).toBe(201);
  return res.body.id as string;
}
