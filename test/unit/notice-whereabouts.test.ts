/**
 * Who a notification is for is resolved against the case as its own event left it (issue 11,
 * "Recipients resolved": the users who hold the role in that unit; domain.md: a `mediation` breach
 * escalates the case to the parent unit and notifies the owner's supervisor). When one batch of events
 * both breaches and escalates, the breach belongs to the unit and the mediator it breached under; when
 * a transfer and its take-over are stored together, the transfer still names the unit it was sent to.
 */
import { buildActionCommand } from '../../api/action-commands';
import { nextDueInstant, type Command } from '../../domain/case-decider';
import type { CaseEvent } from '../../domain/case-events';
import type { Actor } from '../../domain/case-types';
import { toCaseView } from '../../domain/case-view';
import { noticeWhereabouts } from '../../domain/notifications';
import { registered, roomMediator, ROOM, tree, type Run } from '../support/decider-run';

const system: Actor = { id: 'system', role: 'system', org: null };
const TOWNSHIP = 'ND-JC-JN';
const VILLAGE = 'ND-JC-JN-V01';

const action = (name: Parameters<typeof buildActionCommand>[0], body: object, actor: Actor, at: string): Command => ({
  ...buildActionCommand(name, body as Record<string, unknown>, actor, (id) => tree.path(id)),
  at,
});
const newEvents = (before: Run, after: Run): CaseEvent[] => after.events.slice(before.events.length);

test('a breach that escalates belongs to the owner and the assignee it breached under', () => {
  let run = registered('2026-11-02T09:00:00+08:00').then(
    action('accept', { track: 'people', assigneeId: 'u-1' }, roomMediator, '2026-11-02T10:00:00+08:00'),
  );
  let batch: CaseEvent[] = [];
  let before = run;
  while (!batch.some((e) => e.type === 'deadline.breached')) {
    before = run;
    const due = nextDueInstant(run.state);
    run = run.then({ type: 'tick', at: new Date(due!).toISOString(), actor: system });
    batch = newEvents(before, run);
  }
  expect(batch.map((e) => e.type)).toContain('case.escalated');
  expect(toCaseView(run.state!)).toMatchObject({ ownerOrgUnitId: TOWNSHIP, assigneeId: null });

  const at = noticeWhereabouts(before.state, batch);
  const breach = batch.find((e) => e.type === 'deadline.breached')!;
  expect(at[breach.seq]).toMatchObject({ ownerOrgUnitId: ROOM, assigneeId: 'u-1' });
  // Only the events that notify anyone (domain.md's notify column) are placed.
  expect(Object.keys(at)).toEqual(
    batch.filter((e) => e.type === 'deadline.warned' || e.type === 'deadline.breached').map((e) => String(e.seq)),
  );
});

test('a transfer stored with its take-over names the unit it was sent to', () => {
  const supervisor: Actor = { id: 's-room', role: 'supervisor', org: ROOM };
  const villageMediator: Actor = { id: 'u-v01', role: 'mediator', org: VILLAGE };
  const accepted = registered('2026-11-02T09:00:00+08:00').then(
    action('accept', { track: 'people', assigneeId: 'u-1' }, roomMediator, '2026-11-02T10:00:00+08:00'),
  );
  const taken = accepted
    .then(action('transfer', { toOrgUnitId: VILLAGE, reason: '属地管辖' }, supervisor, '2026-11-03T09:00:00+08:00'))
    .then(action('take-over', {}, villageMediator, '2026-11-03T10:00:00+08:00'));
  const batch = newEvents(accepted, taken);
  expect(toCaseView(taken.state!).transfer).toBeNull();

  const at = noticeWhereabouts(accepted.state, batch);
  const transferred = batch.find((e) => e.type === 'case.transferred')!;
  expect(at[transferred.seq]?.transfer).toMatchObject({ fromOrgUnitId: ROOM, toOrgUnitId: VILLAGE });
});
