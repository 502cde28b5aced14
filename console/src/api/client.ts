/** The typed client, from the OpenAPI document (schema.d.ts is generated: `npm run console:types`). */
import createClient from 'openapi-fetch';
import type { components, paths } from './schema';
import { apiFetch } from './http';

export const api = createClient<paths>({ baseUrl: window.location.origin, fetch: apiFetch });

export type CaseView = components['schemas']['CaseView'] & {
  /** api.md "Queues": the earliest due instant of a running deadline. */
  nextDueAt?: string | null;
  nextDueKind?: string | null;
  source?: string;
  summary?: string;
  amountCny?: number | null;
  occurredOn?: string | null;
  pausedSince?: string | null;
  pauseReason?: string | null;
};
export type Deadline = components['schemas']['Deadline'];
export type AllowedAction = components['schemas']['AllowedAction'];
export type CaseParty = CaseView['parties'][number];
