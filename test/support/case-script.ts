/**
 * Drives a case into each stage with the commands a real case would see, shared by the pure decider
 * tests and the API matrix test so both cover the same stage × action table.
 */
import type { Role, Stage } from '../../domain/case-types';
import type { ActionName } from '../../domain/case-decider';
import { API_MD_ACTIONS } from './api-md-actions';
import { shanghaiToday } from './shanghai-today';

export const ROOM = 'ND-JC-JN-ROOM';
export const TOWNSHIP = 'ND-JC-JN';
export const COUNTY = 'ND-JC';
export const COURT = 'ND-JC-COURT';

export interface Step {
  action: ActionName;
  body: Record<string, unknown>;
  as: { role: Role; org: string };
}

const mediator = { role: 'mediator' as const, org: ROOM };
const supervisor = { role: 'supervisor' as const, org: COUNTY };
const liaison = { role: 'liaison' as const, org: COURT };

/** The steps after intake that bring a case to each stage. */
export function stepsTo(stage: Stage): Step[] {
  const accept: Step = { action: 'accept', body: { track: 'people', assigneeId: 'u-1' }, as: mediator };
  const session: Step = {
    action: 'record-session',
    body: { heldAt: new Date().toISOString(), mode: 'on_site', attendees: ['A', 'B'], notes: 'n' },
    as: mediator,
  };
  const agreement: Step = {
    action: 'record-agreement',
    body: { terms: 'pay 3000', signedOn: shanghaiToday() },
    as: mediator,
  };
  switch (stage) {
    case 'registered':
      return [];
    case 'accepted':
      return [accept];
    case 'in_mediation':
      return [accept, session];
    case 'following_up':
      return [accept, session, agreement];
    case 'transferred':
      return [
        accept,
        { action: 'transfer', body: { toOrgUnitId: 'ND-JC-ZW', reason: 'parties live in Zhangwan' }, as: supervisor },
      ];
    case 'under_review':
      return [
        accept,
        session,
        agreement,
        { action: 'request-confirmation', body: { courtId: COURT }, as: mediator },
        { action: 'take-over', body: {}, as: liaison },
      ];
    case 'closed':
      return [{ action: 'withdraw', body: { reason: 'settled privately' }, as: mediator }];
  }
}

/** A valid body for every action, and who may take it, given the stage the case is in. The actor can
 * always see the case, so a refusal is about the stage and never about visibility. */
export function probe(action: ActionName, stage: Stage): Step {
  const ownerStaff = stage === 'under_review' ? liaison : mediator;
  switch (action) {
    case 'accept':
      return { action, body: { track: 'people', assigneeId: 'u-2' }, as: mediator };
    case 'reject':
      return { action, body: { reason: 'not a civil dispute', referral: 'none' }, as: supervisor };
    case 'assign':
      return { action, body: { assigneeId: 'u-3', reason: 'workload' }, as: supervisor };
    case 'record-session':
      return {
        action,
        body: { heldAt: new Date().toISOString(), mode: 'online', attendees: ['A'], notes: 'n' },
        as: mediator,
      };
    case 'pause':
      return { action, body: { reason: 'applicant in hospital' }, as: ownerStaff };
    case 'resume':
      return { action, body: {}, as: ownerStaff };
    case 'extend': {
      const kind = {
        registered: 'acceptance',
        accepted: 'mediation',
        in_mediation: 'mediation',
        following_up: 'follow_up',
        transferred: 'takeover',
        under_review: 'confirmation_decision',
        closed: 'mediation',
      }[stage];
      const as = stage === 'under_review' ? { role: 'supervisor' as const, org: COURT } : supervisor;
      // In the period's own unit (people's mediation: 1 month), at most one more period at a time.
      return {
        action,
        body: {
          kind,
          amount: kind === 'mediation' ? 1 : 2,
          unit:
            kind === 'acceptance' || kind === 'takeover' ? 'working_days' : kind === 'mediation' ? 'months' : 'days',
          reason: 'parties asked for time',
          consent: true,
        },
        as,
      };
    }
    case 'record-agreement':
      return { action, body: { terms: 't', signedOn: shanghaiToday() }, as: mediator };
    case 'request-confirmation':
      return { action, body: { courtId: COURT }, as: mediator };
    case 'take-over':
      // A supervisor above the target unit (ND-JC-ZW) may take over, and can see the case in any stage.
      return { action, body: {}, as: supervisor };
    case 'record-confirmation':
      // The court's liaison sees only cases sent to the court; elsewhere the owner's mediator probes.
      return {
        action,
        body: { decision: 'confirmed', ruledOn: shanghaiToday() },
        as: stage === 'under_review' ? liaison : mediator,
      };
    case 'record-failure':
      return { action, body: { reason: 'respondent refuses', referral: 'none' }, as: mediator };
    case 'transfer':
      return { action, body: { toOrgUnitId: 'ND-JC-CN', reason: 'jurisdiction' }, as: supervisor };
    case 'escalate':
      return { action, body: { reason: 'complex dispute' }, as: supervisor };
    case 'report-risk':
      return { action, body: { level: 'high', reason: 'threats of violence' }, as: ownerStaff };
    case 'record-follow-up':
      return { action, body: { visitedOn: shanghaiToday(), performed: false, notes: 'not yet paid' }, as: mediator };
    case 'withdraw':
      return { action, body: { reason: 'applicant withdrew' }, as: ownerStaff };
  }
}

/** Actions whose precondition is more than the stage: the matrix first creates it. */
export function preconditions(action: ActionName, stage: Stage): Step[] {
  if (action === 'resume' && API_MD_ACTIONS.pause.fromStages.includes(stage)) return [probe('pause', stage)];
  return [];
}
