/**
 * The escalation ladder (domain.md "Org units and the escalation ladder"): where a case goes up to, and
 * the events that move it there, by a supervisor or automatically when a deadline is breached.
 */
import type { CaseState, OrgPath } from './case-types';
import type { DecideContext } from './case-commands';
import type { NewEvent } from './case-events';
import { currentDeadline, endEvent, isActive, ms, startDeadline } from './deadlines';

const LADDER_KINDS = new Set(['village_committee', 'station_room', 'township_center', 'county_center']);
const GRASSROOTS_KINDS = new Set(['village_committee', 'station_room', 'township_center']);

/** The unit a case escalates to, or null at the top of the ladder (the county centre) or off it. */
export function escalationTarget(owner: OrgPath): OrgPath | null {
  const [self, parent] = owner;
  if (!self || !parent) return null;
  if (!GRASSROOTS_KINDS.has(self.kind) || !LADDER_KINDS.has(parent.kind)) return null;
  return owner.slice(1);
}

/** "Grassroots" means an owner of kind village_committee, station_room or township_center. */
export function isGrassroots(owner: OrgPath): boolean {
  return owner[0] !== undefined && GRASSROOTS_KINDS.has(owner[0].kind);
}

/** Events that move ownership one level up and restart the mediation period there. */
export function escalationEvents(
  state: CaseState,
  ctx: DecideContext,
  base: Omit<NewEvent, 'type' | 'data'>,
  automatic: boolean,
  target: OrgPath,
): NewEvent[] {
  const events: NewEvent[] = [
    {
      ...base,
      type: 'case.escalated',
      data: { from: state.owner[0]?.id ?? '', owner: target, level: state.escalationLevel + 1, automatic },
    },
  ];
  const mediation = currentDeadline(state, 'mediation');
  if (mediation) {
    if (isActive(mediation)) events.push(endEvent(mediation, 'cancelled', base));
  }
  if (mediation || (automatic && state.stage !== 'registered')) {
    const restarted = startDeadline(state, ctx, 'mediation', ms(base.at), { owner: target });
    events.push({ ...base, type: 'deadline.started', data: { deadline: restarted } });
  }
  return events;
}
