/**
 * The current policy with every period shortened to seconds: the same workflow code, driven by data,
 * so deadline behaviour is observable on the real dev server within a test.
 */
import { CURRENT_POLICY, type DeadlinePolicy } from '../../domain/deadline-policy';

export function shortPolicy(seconds: Partial<Record<string, number>> = {}, fallback = 4): DeadlinePolicy {
  return {
    ...CURRENT_POLICY,
    version: `${CURRENT_POLICY.version}-short`,
    entries: CURRENT_POLICY.entries.map((e) => ({
      ...e,
      amount: seconds[e.kind] ?? fallback,
      unit: 'seconds' as const,
    })),
  };
}
