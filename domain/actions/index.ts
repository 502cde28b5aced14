/** Every action's rule, by name: the table the guard and the decider share. */
import type { ActionRules } from './action-rule';
import { accept, assign, reject } from './intake-actions';
import { recordAgreement, recordFailure, recordFollowUp, recordSession, withdraw } from './mediation-actions';
import { extend, pause, reportRisk, resume } from './clock-actions';
import { escalate, recordConfirmation, requestConfirmation, takeOver, transfer } from './transfer-actions';

export const ACTION_RULES: ActionRules = {
  accept,
  reject,
  assign,
  'record-session': recordSession,
  pause,
  resume,
  extend,
  'record-agreement': recordAgreement,
  'request-confirmation': requestConfirmation,
  'take-over': takeOver,
  'record-confirmation': recordConfirmation,
  'record-failure': recordFailure,
  transfer,
  escalate,
  'report-risk': reportRisk,
  'record-follow-up': recordFollowUp,
  withdraw,
};
