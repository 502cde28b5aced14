/**
 * A case driven through the pure decider, as the workflow drives it: decide, chain, fold. For tests that
 * read `given(events).when(command).then(events)`.
 */
import path from 'node:path';
import { decide, evolve, type ActionRequest, type Command, type Decision } from '../../domain/case-decider';
import type { CaseEvent } from '../../domain/case-events';
import type { Actor, CaseState } from '../../domain/case-types';
import { CURRENT_POLICY } from '../../domain/deadline-policy';
import { GENESIS_HASH, chainEvents } from '../../domain/hash-chain';
import { OrgTree, readOrgUnitSeed } from '../../db/org-units';

export const tree = new OrgTree(
  readOrgUnitSeed(path.join(__dirname, '..', '..', 'db', 'seed', 'ningde-org-units.json')),
);
export const ctx = { policy: CURRENT_POLICY };

export const ROOM = 'ND-JC-JN-ROOM';
export const COUNTY = 'ND-JC';
export const COURT = 'ND-JC-COURT';
export const roomMediator: Actor = { id: 'u-1', role: 'mediator', org: ROOM };
export const countySupervisor: Actor = { id: 's-1', role: 'supervisor', org: COUNTY };
export const courtLiaison: Actor = { id: 'l-1', role: 'liaison', org: COURT };

export class Run {
  constructor(
    readonly state: CaseState | null = null,
    readonly events: CaseEvent[] = [],
  ) {}

  /** The decision for a command, without applying it. */
  decide(cmd: Command): Decision {
    return decide(this.state, cmd, ctx);
  }

  /** Applies a command that must be accepted. */
  then(cmd: Command): Run {
    const d = this.decide(cmd);
    if (!d.ok) throw new Error(`${cmd.type} refused: ${d.code} ${d.message}`);
    const last = this.events[this.events.length - 1];
    const chained = chainEvents('c-1', { seq: last?.seq ?? 0, hash: last?.hash ?? GENESIS_HASH }, d.events);
    return new Run(
      chained.reduce<CaseState | null>((s, e) => evolve(s, e), this.state),
      [...this.events, ...chained],
    );
  }

  /** Applies an action at an instant. */
  act(at: string, request: ActionRequest): Run {
    return this.then({ ...request, at });
  }
}

/** A case registered at `at` by the room's mediator. */
export function registered(at: string, owner = ROOM, riskLevel: 'low' | 'high' = 'low'): Run {
  return new Run().then({
    type: 'register',
    at,
    caseId: 'c-1',
    caseNo: 'ND-2026-000001',
    category: 'neighbor',
    source: 'walk_in',
    summary: 'water from the flat above',
    gridId: null,
    occurredOn: null,
    amountCny: null,
    riskLevel,
    owner: tree.path(owner),
    intakeFingerprint: 'f',
    parties: [
      { role: 'applicant', name: '林某', idNumber: null, phone: null },
      { role: 'respondent', name: '陈某', idNumber: null, phone: null },
    ],
    actor: roomMediator,
  });
}
