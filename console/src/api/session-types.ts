/**
 * Shapes of api.md "Accounts and sessions" and "Queues" that the generated types may not carry yet:
 * written from api.md, to be replaced by the generated ones once the OpenAPI document has them.
 */
import type { Role } from '../../../domain/case-types';

export interface Me {
  sub: string;
  login: string;
  name: string;
  role: Role;
  org: string;
  orgName: string;
  /** Root first. */
  orgPath: Array<{ id: string; name: string }>;
  csrfToken: string;
  expiresAt: string;
}

export const QUEUE_VIEWS = ['unaccepted', 'mine', 'dueSoon', 'overdue', 'paused', 'highRisk', 'incoming'] as const;
export type QueueView = (typeof QUEUE_VIEWS)[number];
export type QueueCounts = Partial<Record<QueueView, number>>;

export interface UserSummary {
  id: string;
  login: string;
  name: string;
  role: Role;
  org: string;
  disabled: boolean;
}
