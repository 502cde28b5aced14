/**
 * Versions of the case rules: the code's own rules, as opposed to the deadline policy (data). A case
 * keeps the rules it was registered under, like its policy and calendar, so that a rule tightened in a
 * release never changes what an open case decided before, and Temporal replays every recorded history
 * to the same events. Each rule added since the first release names the version that brought it.
 *
 * 1: the first release (cases registered before 2026-11-26).
 * 2: dates no earlier than registration; windows closed at their due instant; assignment follows
 *    ownership; extensions bounded and in the period's own unit; a lowered risk cancels its clock.
 */
import type { CaseState } from './case-types';

export const FIRST_RULES = 1;
export const CURRENT_RULES = 2;

/** Whether the case was registered under rules of at least `version`. */
export function hasRules(state: Pick<CaseState, 'rulesVersion'>, version: number): boolean {
  return (state.rulesVersion ?? FIRST_RULES) >= version;
}
