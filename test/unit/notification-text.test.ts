/**
 * The words of a breach notification say what the breach did (issue 11: 「已自动升级至…」). api.md: a
 * breach escalates only from registered, accepted or in_mediation, to the parent unit; at the county's
 * top there is no parent. A breach that could not escalate below the top must not claim the top.
 */
import type { CaseEvent } from '../../domain/case-events';
import { notificationText } from '../../domain/notifications';

const breach = (effect: string) =>
  ({
    type: 'deadline.breached',
    data: { deadline: { kind: 'risk_response', dueDate: '2026-11-28' }, notify: ['owner_supervisor'], effect },
  }) as unknown as CaseEvent;
const names = (id: string) => ({ 'ND-JC': '蕉城区矛盾纠纷调处中心' })[id] ?? id;

test('an escalating breach names the unit it went to', () => {
  expect(notificationText(breach('escalated to ND-JC'), 'ND-2026-000001', names, false)?.detail).toBe(
    '期限至 2026-11-28；已自动升级至蕉城区矛盾纠纷调处中心',
  );
});

test('a breach at the top says so; below the top, that this stage does not escalate', () => {
  const effect = 'top of the escalation ladder: notified';
  expect(notificationText(breach(effect), 'ND-2026-000001', names, true)?.detail).toContain('已在最高调解层级');
  const below = notificationText(breach(effect), 'ND-2026-000001', names, false)?.detail;
  expect(below).toContain('当前阶段不自动升级');
  expect(below).not.toContain('最高');
});
